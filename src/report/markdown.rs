//! A Markdown summary for a pull-request comment or a CI job summary
//! (`$GITHUB_STEP_SUMMARY`).
//!
//! A heading with the number of findings, a table of counts by severity, a
//! table of findings (rule, severity, `path:line:col`, message), then the
//! files that could not be scanned. A clean scan says so in one line. Text
//! from the scanned files (messages, paths) is escaped so it cannot add
//! markup, links or HTML to the comment.

use std::fmt::Write as _;

use std::collections::{BTreeMap, BTreeSet};

use super::{error_position, path_string, plural, positions, View};
use crate::finding::Severity;
use crate::rule_meta::Framework;

/// Findings and rules of one control, keyed by the control's sort key.
type Controls<'a> = BTreeMap<(Vec<u64>, String), (usize, BTreeSet<&'a str>)>;

/// The findings grouped by the compliance controls their rules implement:
/// one table per framework, controls in numeric order, with the number of
/// findings and the rules behind them.
fn controls(view: &View, out: &mut String) {
    for framework in Framework::ALL {
        let mut by_control: Controls = BTreeMap::new();
        for f in &view.findings {
            for c in f.rule.compliance.ids(framework) {
                let order = c
                    .split(['.', '-'])
                    .map(|p| p.trim_start_matches(|ch: char| !ch.is_ascii_digit()))
                    .map(|p| p.parse().unwrap_or(0))
                    .collect();
                let prefix = c.split('.').next().unwrap_or("").to_string();
                let e = by_control
                    .entry((order, format!("{prefix}\u{0}{c}")))
                    .or_default();
                e.0 += 1;
                e.1.insert(&f.rule.id);
            }
        }
        if by_control.is_empty() {
            continue;
        }
        let _ = writeln!(
            out,
            "\n| {} control | Findings | Rules |\n| --- | ---: | --- |",
            framework.title()
        );
        let mut rows: Vec<_> = by_control.into_iter().collect();
        rows.sort_by(|a, b| {
            (a.0 .1.split('\u{0}').next(), &a.0 .0).cmp(&(b.0 .1.split('\u{0}').next(), &b.0 .0))
        });
        for ((_, key), (count, rules)) in rows {
            let control = key.split('\u{0}').nth(1).unwrap_or("");
            let rules: Vec<&str> = rules.into_iter().collect();
            let _ = writeln!(
                out,
                "| {} | {count} | {} |",
                escape(control),
                rules.join(", ")
            );
        }
    }
}

pub(crate) fn render(view: &View) -> String {
    let stats = &view.result.stats;
    let scope = format!(
        "{}, {}",
        plural(stats.files, "file"),
        plural(stats.resources, "resource")
    );
    let mut out = String::new();
    if view.findings.is_empty() {
        let _ = writeln!(out, "## Palisade: no findings\n");
        let _ = writeln!(out, "No findings in {scope}.");
    } else {
        let _ = writeln!(
            out,
            "## Palisade: {}\n",
            plural(view.findings.len(), "finding")
        );
        let _ = writeln!(out, "Scanned {scope}.\n");
        out.push_str("| Severity | Findings |\n| --- | ---: |\n");
        let counts = view.counts();
        for severity in Severity::ALL.iter().rev() {
            let _ = writeln!(out, "| {severity} | {} |", counts[*severity as usize]);
        }
        out.push_str("\n| Rule | Severity | Location | Message |\n| --- | --- | --- | --- |\n");
        for f in &view.findings {
            let file = view.file(f);
            let (start, _) = positions(file, f.range);
            let _ = writeln!(
                out,
                "| [{}]({}) {} | {} | {} | {} |",
                f.rule.id,
                f.rule.doc_url(),
                escape(&f.rule.name),
                f.severity,
                code(&format!(
                    "{}:{}:{}",
                    path_string(&file.path),
                    start.line,
                    start.col
                )),
                escape(&f.message)
            );
        }
        controls(view, &mut out);
    }
    let mut notes = Vec::new();
    if !view.suppressed.is_empty() {
        notes.push(format!(
            "{} suppressed in the source.",
            plural(view.suppressed.len(), "finding")
        ));
    }
    if view.hidden > 0 {
        if let Some(min) = view.min_severity {
            notes.push(format!("{} below {min} not shown.", view.hidden));
        }
    }
    if !notes.is_empty() {
        let _ = writeln!(out, "\n{}", notes.join(" "));
    }
    let errors = &view.result.errors;
    if !errors.is_empty() {
        let _ = writeln!(
            out,
            "\n**{} could not be scanned:**\n\n| Location | Error |\n| --- | --- |",
            plural(errors.len(), "file")
        );
        for e in errors {
            let location = match error_position(view.result, e) {
                Some((_, start, _)) => {
                    format!("{}:{}:{}", path_string(&e.path), start.line, start.col)
                }
                None => path_string(&e.path),
            };
            let message = match e.level {
                crate::finding::Level::Error => escape(&e.message),
                crate::finding::Level::Warning => format!("warning: {}", escape(&e.message)),
            };
            let _ = writeln!(out, "| {} | {} |", code(&location), message);
        }
    }
    out
}

/// Escapes text for a Markdown table cell: Markdown punctuation is
/// backslash-escaped (so nothing becomes emphasis, a link or HTML), line
/// breaks become spaces and other control characters escapes.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '~' | '#' | '!' | '&' => {
                out.push('\\');
                out.push(c);
            }
            '\r' | '\n' => out.push(' '),
            c => {
                // Control characters and escape sequences as `\u{1b}`.
                let mut buf = [0u8; 4];
                out.push_str(&super::frame::printable(c.encode_utf8(&mut buf)));
            }
        }
    }
    out
}

/// `text` as a code span in a table cell; escaped plain text when it holds a
/// backquote, which a code span cannot carry simply.
fn code(text: &str) -> String {
    if text.contains('`') || text.contains('\n') {
        escape(text)
    } else {
        format!("`{}`", super::frame::printable(text).replace('|', "\\|"))
    }
}

#[cfg(test)]
mod tests {
    use super::super::{render as render_report, testutil, Format, RenderOptions};
    use super::*;

    #[test]
    fn findings_errors_and_suppressed() {
        let out = render_report(
            Format::Markdown,
            &testutil::with_suppressed(),
            &RenderOptions::default(),
        );
        assert_eq!(
            out,
            "## Palisade: 1 finding\n\
             \n\
             Scanned 3 files, 1 resource.\n\
             \n\
             | Severity | Findings |\n\
             | --- | ---: |\n\
             | critical | 0 |\n\
             | high | 1 |\n\
             | medium | 0 |\n\
             | low | 0 |\n\
             \n\
             | Rule | Severity | Location | Message |\n\
             | --- | --- | --- | --- |\n\
             | [TEST-S3-001](https://github.com/palisade-iac/palisade/blob/main/rules/s3/test-s3-public-acl.md) test-s3-public-acl | high | `infra/main file.tf:3:12` | aws\\_s3\\_bucket.logs has acl = \"public-read\" |\n\
             \n\
             1 finding suppressed in the source.\n\
             \n\
             **2 files could not be scanned:**\n\
             \n\
             | Location | Error |\n\
             | --- | --- |\n\
             | `infra/broken.tf:1:14` | unclosed block |\n\
             | `infra/secret.tf` | permission denied |\n"
        );
    }

    #[test]
    fn clean_scan_says_so() {
        let out = render_report(
            Format::Markdown,
            &testutil::clean(),
            &RenderOptions::default(),
        );
        assert_eq!(
            out,
            "## Palisade: no findings\n\nNo findings in 1 file, 0 resources.\n"
        );
        let out = render_report(
            Format::Markdown,
            &testutil::result(),
            &RenderOptions {
                min_severity: Some(Severity::Critical),
                ..Default::default()
            },
        );
        assert!(out.starts_with(
            "## Palisade: no findings\n\nNo findings in 3 files, 1 resource.\n\n1 below critical not shown.\n"
        ), "{out}");
    }

    #[test]
    fn cells_cannot_inject_markup() {
        assert_eq!(
            escape("a|b *c* [x](y) <img> `z`\nw"),
            "a\\|b \\*c\\* \\[x\\](y) \\<img\\> \\`z\\` w"
        );
        assert_eq!(code("a|b.tf:1:2"), "`a\\|b.tf:1:2`");
        assert_eq!(code("a`b.tf:1:2"), "a\\`b.tf:1:2");
    }
}
