//! `palisade rules` (the rule list with each rule's equivalents in other
//! scanners, then the pseudo-rules about suppressions; as a table or JSON)
//! and `palisade explain` (one rule's documentation).

use clap::{Args, ValueEnum};
use serde::Serialize;

use crate::finding::Severity;
use crate::rule_meta::{Compliance, Equivalents, Framework, RuleMeta};
use crate::rules;

use super::{print, EXIT_ERROR, EXIT_OK};

#[derive(Debug, Args)]
pub(crate) struct RulesArgs {
    /// Output format.
    #[arg(long, short = 'f', value_enum, default_value_t = RulesFormat::Text)]
    pub format: RulesFormat,
    /// Only the rules mapped to this compliance framework, with their
    /// control ids: `fsbp` (AWS Foundational Security Best Practices) or
    /// `cis` (CIS AWS Foundations Benchmark v3.0.0).
    #[arg(long, value_enum)]
    pub framework: Option<FrameworkArg>,
    #[command(flatten)]
    pub policy: crate::policy::cli::PolicyArgs,
}

/// A compliance framework, on the command line.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(crate) enum FrameworkArg {
    Fsbp,
    Cis,
}

impl From<FrameworkArg> for Framework {
    fn from(f: FrameworkArg) -> Framework {
        match f {
            FrameworkArg::Fsbp => Framework::Fsbp,
            FrameworkArg::Cis => Framework::Cis,
        }
    }
}

#[derive(Debug, Args)]
pub(crate) struct ExplainArgs {
    /// Rule id or name (case-insensitive), e.g. AWS-S3-001 or s3-bucket-public-acl.
    #[arg(value_name = "RULE")]
    pub rule: String,
    #[command(flatten)]
    pub policy: crate::policy::cli::PolicyArgs,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(crate) enum RulesFormat {
    Text,
    Json,
}

pub(super) fn cmd_rules(args: &RulesArgs) -> i32 {
    let custom = match args.policy.listed() {
        Ok(c) => c,
        Err(code) => return code,
    };
    let framework = args.framework.map(Framework::from);
    let mapped = |r: &&RuleMeta| framework.is_none_or(|f| !r.compliance.ids(f).is_empty());
    let all: Vec<RuleMeta> = rules::all()
        .iter()
        .chain(custom)
        .filter(mapped)
        .cloned()
        .collect();
    let meta: &[RuleMeta] = if framework.is_some() {
        &[]
    } else {
        rules::meta_rules()
    };
    let out = match args.format {
        RulesFormat::Text => match framework {
            Some(f) => controls_table(&all, f),
            None => rules_table(&all, meta),
        },
        RulesFormat::Json => {
            let list: Vec<RuleJson> = all.iter().chain(meta).map(RuleJson::from).collect();
            let mut s = serde_json::to_string_pretty(&list).expect("rules serialize");
            s.push('\n');
            s
        }
    };
    print(&out).err().unwrap_or(EXIT_OK)
}

/// The `rules` table: id, name, severity and title in aligned columns, each
/// rule followed by its equivalents in other scanners (one line per
/// scanner, under the name); then, after a blank line, the pseudo-rules
/// (`meta`).
fn rules_table(rules: &[RuleMeta], meta: &[RuleMeta]) -> String {
    let header = ["ID", "NAME", "SEVERITY", "TITLE"];
    let rows: Vec<[&str; 4]> = rules
        .iter()
        .chain(meta)
        .map(|r| {
            [
                r.id.as_str(),
                r.name.as_str(),
                r.severity.as_str(),
                r.title.as_str(),
            ]
        })
        .collect();
    let mut widths = header.map(str::len);
    for row in &rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let mut out = String::new();
    let indent = " ".repeat(widths[0] + 2);
    for (i, row) in std::iter::once(&header).chain(&rows).enumerate() {
        if i == rules.len() + 1 {
            out.push('\n');
        }
        let mut line = String::new();
        for (i, cell) in row.iter().enumerate() {
            if i + 1 == row.len() {
                line.push_str(cell);
            } else {
                line.push_str(cell);
                let pad = widths[i] - cell.chars().count() + 2;
                line.extend(std::iter::repeat_n(' ', pad));
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
        let rule = i
            .checked_sub(1)
            .and_then(|i| rules.iter().chain(meta).nth(i));
        for (scanner, ids) in rule
            .map(|r| equivalents(&r.equivalents))
            .unwrap_or_default()
        {
            out.push_str(&format!("{indent}{scanner}: {}\n", ids.join(", ")));
        }
        if rule.is_some_and(|r| crate::fix::has_fix(&r.id)) {
            out.push_str(&format!("{indent}fix: `palisade fix` applies a safe fix\n"));
        }
    }
    out
}

/// The rules of one framework by control: control id, rule id, name, title.
fn controls_table(rules: &[RuleMeta], framework: Framework) -> String {
    let mut rows: Vec<(&str, &RuleMeta)> = rules
        .iter()
        .flat_map(|r| {
            r.compliance
                .ids(framework)
                .iter()
                .map(move |c| (c.as_str(), r))
        })
        .collect();
    rows.sort_by(|a, b| control_order(a.0, b.0).then_with(|| a.1.id.cmp(&b.1.id)));
    let width = rows.iter().map(|(c, _)| c.len()).max().unwrap_or(0).max(7);
    let id_width = rows.iter().map(|(_, r)| r.id.len()).max().unwrap_or(0);
    let mut out = format!("{}\n", framework.title());
    out.push_str(&format!(
        "{:<width$}  {:<id_width$}  TITLE\n",
        "CONTROL", "RULE"
    ));
    for (c, r) in rows {
        out.push_str(&format!("{c:<width$}  {:<id_width$}  {}\n", r.id, r.title));
    }
    out
}

/// Orders control ids by their numeric parts (`S3.9` before `S3.14`).
fn control_order(a: &str, b: &str) -> std::cmp::Ordering {
    let key = |s: &str| -> Vec<(String, u64)> {
        s.split(['.', '-'])
            .map(|p| {
                let digits: String = p.chars().filter(|c| c.is_ascii_digit()).collect();
                let text: String = p.chars().filter(|c| !c.is_ascii_digit()).collect();
                (text, digits.parse().unwrap_or(0))
            })
            .collect()
    };
    key(a).cmp(&key(b))
}

/// A rule's equivalents that are not empty, by scanner.
fn equivalents(e: &Equivalents) -> Vec<(&'static str, &[String])> {
    [
        ("checkov", &e.checkov),
        ("trivy", &e.trivy),
        ("kics", &e.kics),
        ("tfsec", &e.tfsec),
        ("cfn_nag", &e.cfn_nag),
        ("cfn_guard", &e.cfn_guard),
        ("cfn_lint", &e.cfn_lint),
    ]
    .into_iter()
    .filter(|(_, ids)| !ids.is_empty())
    .map(|(s, ids)| (s, ids.as_slice()))
    .collect()
}

#[derive(Serialize)]
struct RuleJson<'a> {
    id: &'a str,
    name: &'a str,
    severity: Severity,
    service: &'a str,
    title: &'a str,
    equivalents: &'a Equivalents,
    compliance: &'a Compliance,
    /// Whether `palisade fix` has a safe fix for the rule's findings (a
    /// given finding may still have none: a value from a variable, an
    /// intrinsic).
    fixable: bool,
    /// `terraform`, `cloudformation`: the formats the rule's resources
    /// exist in.
    formats: &'a [crate::rule_meta::RuleFormat],
    doc_url: String,
}

impl<'a> From<&'a RuleMeta> for RuleJson<'a> {
    fn from(r: &'a RuleMeta) -> RuleJson<'a> {
        RuleJson {
            id: &r.id,
            name: &r.name,
            severity: r.severity,
            service: &r.service,
            title: &r.title,
            equivalents: &r.equivalents,
            compliance: &r.compliance,
            fixable: crate::fix::has_fix(&r.id),
            formats: &r.formats,
            doc_url: r.doc_url(),
        }
    }
}

pub(super) fn cmd_explain(args: &ExplainArgs) -> i32 {
    let key = args.rule.trim();
    if let Err(code) = args.policy.listed() {
        return code;
    }
    match rules::find(key) {
        Some(rule) => print(&explain(rule)).err().unwrap_or(EXIT_OK),
        None => {
            eprintln!("error: unknown rule '{key}'");
            for r in rules::similar(key) {
                eprintln!("  did you mean {} ({})?", r.id, r.name);
            }
            eprintln!("run 'palisade rules' to list the available rules");
            EXIT_ERROR
        }
    }
}

/// What `palisade explain` prints: a title line, the metadata, then the
/// rule's Markdown documentation.
fn explain(rule: &RuleMeta) -> String {
    let mut out = format!(
        "# {} {}: {}\n\nSeverity: {} | Service: {} | {}\n\n",
        rule.id,
        rule.name,
        rule.title,
        rule.severity,
        rule.service,
        rule.doc_url()
    );
    // The title line replaces the document's own top-level heading, if any.
    let body = rule.doc.trim_start();
    let body = match body.strip_prefix("# ") {
        Some(rest) => rest
            .split_once('\n')
            .map_or("", |(_, rest)| rest)
            .trim_start(),
        None => body,
    };
    out.push_str(body.trim_end());
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::run;
    use crate::report::testutil;

    #[test]
    fn table_is_aligned() {
        let rules = [testutil::meta().clone()];
        let mut pseudo = testutil::meta().clone();
        pseudo.id = "PAL-9".into();
        pseudo.name = "test-unused".into();
        pseudo.title = "Suppression matches nothing".into();
        pseudo.equivalents = Equivalents::default();
        assert_eq!(
            rules_table(&rules, &[pseudo]),
            "ID           NAME                SEVERITY  TITLE\n\
             TEST-S3-001  test-s3-public-acl  high      S3 bucket has a public ACL\n\
             \x20            checkov: CKV_AWS_20\n\
             \x20            trivy: AVD-AWS-0092\n\
             \n\
             PAL-9        test-unused         high      Suppression matches nothing\n"
        );
        let json = serde_json::to_value(RuleJson::from(&rules[0])).unwrap();
        assert_eq!(
            json,
            serde_json::json!({
                "id": "TEST-S3-001",
                "name": "test-s3-public-acl",
                "severity": "high",
                "service": "s3",
                "title": "S3 bucket has a public ACL",
                "equivalents": {"checkov": ["CKV_AWS_20"], "trivy": ["AVD-AWS-0092"], "kics": []},
                "compliance": {},
                "fixable": false,
                "formats": ["terraform", "cloudformation"],
                "doc_url": "https://github.com/palisade-iac/palisade/blob/main/rules/s3/test-s3-public-acl.md"
            })
        );
    }

    #[test]
    fn explain_prints_title_and_doc() {
        let out = explain(testutil::meta());
        assert!(out.starts_with("# TEST-S3-001 test-s3-public-acl: S3 bucket has a public ACL\n"));
        assert!(out.ends_with("## How to fix\n\nSet `acl` to `private`.\n"));
        let mut meta = testutil::meta().clone();
        meta.doc = "# S3 bucket has a public ACL\n\nBody.\n";
        let out = explain(&meta);
        assert_eq!(out.matches("public ACL").count(), 1, "{out}");
        assert!(out.ends_with(" | https://github.com/palisade-iac/palisade/blob/main/rules/s3/test-s3-public-acl.md\n\nBody.\n"), "{out}");
    }

    #[test]
    fn unknown_rule_exits_2() {
        assert_eq!(run(["palisade", "explain", "NOPE-999"]), EXIT_ERROR);
    }
}
