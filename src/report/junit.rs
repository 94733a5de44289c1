//! JUnit XML, the test-report format GitLab (`artifacts:reports:junit`) and
//! Jenkins read.
//!
//! One `<testsuite>` per rule, named `RULE-ID rule-name`, in registry order.
//! Each resource a rule fired on is a `<testcase>` (`classname` the rule id,
//! `name` the resource and its file) with one `<failure>`: `message` is the
//! finding's message (several findings on one resource are joined with `; `),
//! `type` the highest severity, and the body lists each finding as
//! `[severity] path:line:col: message`, then the fix hint and the rule's URL.
//! A resource whose findings were all suppressed is a `<skipped>` test case.
//! A rule without findings is one passing test case named `no findings`, so
//! GitLab lists it as passed rather than hiding an empty suite. Files that
//! could not be scanned are `<error>`s in a last suite, `file errors`.

use std::fmt::Write as _;

use super::xml::{escape, escape_text};
use super::{error_code, error_position, path_string, positions, View};
use crate::finding::{Finding, SuppressedFinding};
use crate::rule_meta::RuleMeta;

pub(crate) fn render(view: &View) -> String {
    let suites: Vec<Suite> = view
        .rules()
        .into_iter()
        .map(|rule| suite(view, rule))
        .collect();
    // Warnings are not test errors (JUnit has no level below failure).
    let errors: Vec<_> = view
        .result
        .errors
        .iter()
        .filter(|e| e.level == crate::finding::Level::Error)
        .collect();

    let tests = suites.iter().map(Suite::tests).sum::<usize>() + errors.len();
    let failures: usize = suites.iter().map(Suite::failures).sum();
    let skipped: usize = suites.iter().map(Suite::skipped).sum();

    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        out,
        "<testsuites name=\"palisade\" tests=\"{tests}\" failures=\"{failures}\" errors=\"{}\" skipped=\"{skipped}\">",
        errors.len()
    );
    for s in &suites {
        let _ = writeln!(
            out,
            "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"0\" skipped=\"{}\">",
            escape(&format!("{} {}", s.rule.id, s.rule.name)),
            s.tests(),
            s.failures(),
            s.skipped()
        );
        if s.cases.is_empty() {
            let _ = writeln!(
                out,
                "    <testcase name=\"no findings\" classname=\"{}\"/>",
                escape(&s.rule.id)
            );
        }
        for case in &s.cases {
            write_case(&mut out, view, s.rule, case);
        }
        out.push_str("  </testsuite>\n");
    }
    if !errors.is_empty() {
        let _ = writeln!(
            out,
            "  <testsuite name=\"file errors\" tests=\"{0}\" failures=\"0\" errors=\"{0}\" skipped=\"0\">",
            errors.len()
        );
        for e in errors {
            let path = path_string(&e.path);
            let (line_attr, location) = match error_position(view.result, e) {
                Some((_, start, _)) => (
                    format!(" line=\"{}\"", start.line),
                    format!("{path}:{}:{}", start.line, start.col),
                ),
                None => (String::new(), path.clone()),
            };
            let _ = writeln!(
                out,
                "    <testcase name=\"{p}\" classname=\"palisade\" file=\"{p}\"{line_attr}>\n      <error type=\"{}\" message=\"{}\">{}</error>\n    </testcase>",
                error_code(e.kind),
                escape(&e.message),
                escape_text(&format!("{location}: {}", e.message)),
                p = escape(&path),
            );
        }
        out.push_str("  </testsuite>\n");
    }
    out.push_str("</testsuites>\n");
    out
}

/// The test cases of one rule.
struct Suite<'a> {
    rule: &'a RuleMeta,
    cases: Vec<Case<'a>>,
}

impl Suite<'_> {
    /// A rule without findings still has its one passing case.
    fn tests(&self) -> usize {
        self.cases.len().max(1)
    }

    fn failures(&self) -> usize {
        self.cases.iter().filter(|c| !c.findings.is_empty()).count()
    }

    fn skipped(&self) -> usize {
        self.cases
            .iter()
            .filter(|c| c.findings.is_empty() && !c.suppressed.is_empty())
            .count()
    }
}

/// One rule × resource: its findings, or, when it has none, the findings a
/// suppression silenced.
struct Case<'a> {
    path: String,
    resource: &'a str,
    findings: Vec<&'a Finding>,
    suppressed: Vec<&'a SuppressedFinding>,
}

fn suite<'a>(view: &View<'a>, rule: &'a RuleMeta) -> Suite<'a> {
    let mut cases: Vec<Case<'a>> = Vec::new();
    let mut case_of = |f: &'a Finding| -> usize {
        let path = path_string(&view.file(f).path);
        match cases
            .iter()
            .position(|c| c.path == path && c.resource == f.resource)
        {
            Some(i) => i,
            None => {
                cases.push(Case {
                    path,
                    resource: &f.resource,
                    findings: Vec::new(),
                    suppressed: Vec::new(),
                });
                cases.len() - 1
            }
        }
    };
    let mut failing = Vec::new();
    for f in view.findings.iter().filter(|f| f.rule.id == rule.id) {
        failing.push((case_of(f), *f));
    }
    let mut silenced = Vec::new();
    for s in view
        .suppressed
        .iter()
        .filter(|s| s.finding.rule.id == rule.id)
    {
        silenced.push((case_of(&s.finding), *s));
    }
    for (i, f) in failing {
        cases[i].findings.push(f);
    }
    for (i, s) in silenced {
        cases[i].suppressed.push(s);
    }
    Suite { rule, cases }
}

fn write_case(out: &mut String, view: &View, rule: &RuleMeta, case: &Case) {
    let id = escape(&rule.id);
    let Some(first) = case
        .findings
        .first()
        .copied()
        .or_else(|| case.suppressed.first().map(|s| &s.finding))
    else {
        return;
    };
    let (start, _) = positions(view.file(first), first.range);
    let _ = writeln!(
        out,
        "    <testcase name=\"{}\" classname=\"{id}\" file=\"{}\" line=\"{}\">",
        escape(&format!("{} ({})", case.resource, case.path)),
        escape(&case.path),
        start.line
    );
    if case.findings.is_empty() {
        let reasons: Vec<&str> = case
            .suppressed
            .iter()
            .map(|s| s.suppression.reason.as_deref().unwrap_or("no reason given"))
            .collect();
        let _ = writeln!(
            out,
            "      <skipped message=\"{}\"/>",
            escape(&format!("suppressed: {}", reasons.join("; ")))
        );
    } else {
        let severity = case.findings.iter().map(|f| f.severity).max();
        let message: Vec<&str> = case.findings.iter().map(|f| f.message.as_str()).collect();
        let mut body = String::new();
        for f in &case.findings {
            let (start, _) = positions(view.file(f), f.range);
            let _ = writeln!(
                body,
                "[{}] {}:{}:{}: {}",
                f.severity, case.path, start.line, start.col, f.message
            );
            for note in &f.notes {
                let _ = writeln!(body, "note: {note}");
            }
        }
        let _ = write!(body, "help: {}\nsee: {}", rule.help, rule.doc_url());
        let _ = writeln!(
            out,
            "      <failure type=\"{}\" message=\"{}\">{}</failure>",
            severity.map_or("", |s| s.as_str()),
            escape(&message.join("; ")),
            escape_text(&body)
        );
    }
    out.push_str("    </testcase>\n");
}

#[cfg(test)]
mod tests {
    use super::super::{render as render_report, testutil, Format, RenderOptions};

    fn junit(result: &crate::finding::ScanResult) -> String {
        render_report(Format::Junit, result, &RenderOptions::default())
    }

    #[test]
    fn finding_error_and_suppression() {
        let out = junit(&testutil::with_suppressed());
        let doc = roxmltree::Document::parse(&out).expect("well-formed XML");
        let root = doc.root_element();
        assert_eq!(root.tag_name().name(), "testsuites");
        let rules = crate::rules::all().len();
        // Every registered rule passes with one case; the test rule fails
        // once; two file errors.
        assert_eq!(
            root.attribute("tests"),
            Some((rules + 1 + 2).to_string().as_str())
        );
        assert_eq!(root.attribute("failures"), Some("1"));
        assert_eq!(root.attribute("errors"), Some("2"));
        assert_eq!(root.attribute("skipped"), Some("0"));

        let suite = root
            .children()
            .find(|n| n.attribute("name") == Some("TEST-S3-001 test-s3-public-acl"))
            .expect("suite of the finding's rule");
        assert_eq!(suite.attribute("tests"), Some("1"));
        assert_eq!(suite.attribute("failures"), Some("1"));
        let case = suite.children().find(|n| n.is_element()).unwrap();
        assert_eq!(
            case.attribute("name"),
            Some("aws_s3_bucket.logs (infra/main file.tf)")
        );
        assert_eq!(case.attribute("classname"), Some("TEST-S3-001"));
        assert_eq!(case.attribute("file"), Some("infra/main file.tf"));
        assert_eq!(case.attribute("line"), Some("3"));
        // The suppressed finding is on the same resource: the case fails.
        let failure = case.children().find(|n| n.is_element()).unwrap();
        assert_eq!(failure.tag_name().name(), "failure");
        assert_eq!(failure.attribute("type"), Some("high"));
        assert_eq!(
            failure.attribute("message"),
            Some("aws_s3_bucket.logs has acl = \"public-read\"")
        );
        assert_eq!(
            failure.text(),
            Some(
                "[high] infra/main file.tf:3:12: aws_s3_bucket.logs has acl = \"public-read\"\n\
                 note: when var.public is true\n\
                 help: Set `acl` to `private`.\n\
                 see: https://github.com/palisade-iac/palisade/blob/main/rules/s3/test-s3-public-acl.md"
            )
        );

        let errors = root.last_element_child().unwrap();
        assert_eq!(errors.attribute("name"), Some("file errors"));
        let cases: Vec<_> = errors.children().filter(|n| n.is_element()).collect();
        assert_eq!(cases.len(), 2);
        assert_eq!(cases[0].attribute("line"), Some("1"));
        let error = cases[0].first_element_child().unwrap();
        assert_eq!(error.tag_name().name(), "error");
        assert_eq!(error.attribute("type"), Some("parse-error"));
        assert_eq!(error.text(), Some("infra/broken.tf:1:14: unclosed block"));
        assert_eq!(cases[1].attribute("line"), None);
        assert_eq!(
            cases[1].first_element_child().unwrap().text(),
            Some("infra/secret.tf: permission denied")
        );
    }

    #[test]
    fn a_fully_suppressed_resource_is_skipped() {
        let mut result = testutil::with_suppressed();
        result.findings.clear();
        result.errors.clear();
        let out = junit(&result);
        let doc = roxmltree::Document::parse(&out).unwrap();
        let root = doc.root_element();
        assert_eq!(root.attribute("failures"), Some("0"));
        assert_eq!(root.attribute("skipped"), Some("1"));
        let case = doc
            .descendants()
            .find(|n| n.attribute("classname") == Some("TEST-S3-001"))
            .unwrap();
        assert_eq!(case.attribute("line"), Some("2"));
        let skipped = case.first_element_child().unwrap();
        assert_eq!(skipped.tag_name().name(), "skipped");
        assert_eq!(
            skipped.attribute("message"),
            Some("suppressed: logs are public by design")
        );
    }

    #[test]
    fn clean_scan_passes_every_rule() {
        let out = junit(&testutil::clean());
        let doc = roxmltree::Document::parse(&out).unwrap();
        let root = doc.root_element();
        let rules = crate::rules::all();
        assert_eq!(
            root.attribute("tests"),
            Some(rules.len().to_string().as_str())
        );
        assert_eq!(root.attribute("failures"), Some("0"));
        let suites: Vec<_> = root.children().filter(|n| n.is_element()).collect();
        assert_eq!(suites.len(), rules.len());
        for (suite, rule) in suites.iter().zip(rules) {
            assert_eq!(
                suite.attribute("name"),
                Some(format!("{} {}", rule.id, rule.name).as_str())
            );
            let case = suite.first_element_child().unwrap();
            assert_eq!(case.attribute("name"), Some("no findings"));
            assert!(case.first_element_child().is_none());
        }
    }

    #[test]
    fn rules_that_did_not_run_are_not_listed_as_passing() {
        let mut result = testutil::clean();
        let all = crate::rules::all();
        result.skipped_rules = all.iter().skip(1).map(|r| r.id.clone()).collect();
        let out = junit(&result);
        let doc = roxmltree::Document::parse(&out).unwrap();
        let root = doc.root_element();
        assert_eq!(root.attribute("tests"), Some("1"));
        let suites: Vec<_> = root.children().filter(|n| n.is_element()).collect();
        assert_eq!(suites.len(), 1);
        assert_eq!(
            suites[0].attribute("name"),
            Some(format!("{} {}", all[0].id, all[0].name).as_str())
        );
    }
}
