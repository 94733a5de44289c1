//! Checkstyle XML, read by many CI and review tools (Jenkins Warnings,
//! reviewdog, SonarQube's generic import).
//!
//! One `<file>` per file with findings or errors, sorted by path; in it one
//! `<error>` per finding, by position, with `severity` `error` (critical,
//! high), `warning` (medium) or `info` (low), `message` `[severity] message`
//! and `source` `palisade.RULE-ID`. A file that could not be scanned has an
//! `<error>` with `source` `palisade.parse-error` (`io-error`, `eval-error`),
//! and a line and column when they are known. Suppressed findings are left
//! out.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use super::xml::escape;
use super::{error_code, error_position, path_string, positions, View};
use crate::finding::Severity;

/// The `version` attribute: the Checkstyle report format most readers expect.
const VERSION: &str = "4.3";

struct Entry {
    line: Option<u32>,
    col: Option<u32>,
    severity: &'static str,
    message: String,
    source: String,
}

pub(crate) fn render(view: &View) -> String {
    let mut files: BTreeMap<String, Vec<Entry>> = BTreeMap::new();
    for f in &view.findings {
        let file = view.file(f);
        let (start, _) = positions(file, f.range);
        files
            .entry(path_string(&file.path))
            .or_default()
            .push(Entry {
                line: Some(start.line),
                col: Some(start.col),
                severity: severity(f.severity),
                message: format!("[{}] {}", f.severity, f.message),
                source: format!("palisade.{}", f.rule.id),
            });
    }
    for e in &view.result.errors {
        let pos = error_position(view.result, e).map(|(_, start, _)| start);
        files.entry(path_string(&e.path)).or_default().push(Entry {
            line: pos.map(|p| p.line),
            col: pos.map(|p| p.col),
            severity: e.level.as_str(),
            message: e.message.clone(),
            source: format!("palisade.{}", error_code(e.kind)),
        });
    }

    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(out, "<checkstyle version=\"{VERSION}\">");
    for (path, mut entries) in files {
        // Stable: findings before errors at the same position.
        entries.sort_by_key(|e| (e.line.unwrap_or(0), e.col.unwrap_or(0)));
        let _ = writeln!(out, "  <file name=\"{}\">", escape(&path));
        for e in entries {
            out.push_str("    <error");
            if let Some(line) = e.line {
                let _ = write!(out, " line=\"{line}\"");
            }
            if let Some(col) = e.col {
                let _ = write!(out, " column=\"{col}\"");
            }
            let _ = writeln!(
                out,
                " severity=\"{}\" message=\"{}\" source=\"{}\"/>",
                e.severity,
                escape(&e.message),
                escape(&e.source)
            );
        }
        out.push_str("  </file>\n");
    }
    out.push_str("</checkstyle>\n");
    out
}

/// Checkstyle's severity for a finding of `severity`.
pub fn severity(severity: Severity) -> &'static str {
    match severity {
        Severity::Critical | Severity::High => "error",
        Severity::Medium => "warning",
        Severity::Low => "info",
    }
}

#[cfg(test)]
mod tests {
    use super::super::{render as render_report, testutil, Format, RenderOptions};

    #[test]
    fn exact_document() {
        let out = render_report(
            Format::Checkstyle,
            &testutil::with_suppressed(),
            &RenderOptions::default(),
        );
        assert_eq!(
            out,
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
             <checkstyle version=\"4.3\">\n\
             \x20 <file name=\"infra/broken.tf\">\n\
             \x20   <error line=\"1\" column=\"14\" severity=\"error\" message=\"unclosed block\" source=\"palisade.parse-error\"/>\n\
             \x20 </file>\n\
             \x20 <file name=\"infra/main file.tf\">\n\
             \x20   <error line=\"3\" column=\"12\" severity=\"error\" message=\"[high] aws_s3_bucket.logs has acl = &quot;public-read&quot;\" source=\"palisade.TEST-S3-001\"/>\n\
             \x20 </file>\n\
             \x20 <file name=\"infra/secret.tf\">\n\
             \x20   <error severity=\"error\" message=\"permission denied\" source=\"palisade.io-error\"/>\n\
             \x20 </file>\n\
             </checkstyle>\n"
        );
        roxmltree::Document::parse(&out).expect("well-formed XML");
    }

    #[test]
    fn clean_scan_has_no_files() {
        let out = render_report(
            Format::Checkstyle,
            &testutil::clean(),
            &RenderOptions::default(),
        );
        assert_eq!(
            out,
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<checkstyle version=\"4.3\">\n</checkstyle>\n"
        );
    }
}
