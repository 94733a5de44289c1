//! GitHub Actions workflow commands: one annotation per finding, shown on the
//! pull request's diff.
//!
//! `::error file=PATH,line=L,col=C,endLine=L2,endColumn=C2,title=RULE-ID rule-name::message`
//! with `error` for critical and high findings, `warning` for medium and
//! `notice` for low. A finding's notes follow its message on lines of their
//! own. Files that could not be scanned are `error` annotations titled
//! `palisade parse-error` (`io-error`, `eval-error`), with a position when
//! one is known. Suppressed findings are not annotated; a clean scan prints
//! nothing.
//!
//! Escaping follows GitHub's toolkit (`@actions/core`): in the message `%`,
//! `\r` and `\n` become `%25`, `%0D` and `%0A`; in property values `:` and
//! `,` also become `%3A` and `%2C`.

use std::fmt::Write as _;

use super::{error_code, error_position, path_string, positions, View};
use crate::finding::Severity;

pub(crate) fn render(view: &View) -> String {
    let mut out = String::new();
    for f in &view.findings {
        let file = view.file(f);
        let (start, end) = positions(file, f.range);
        let mut message = f.message.clone();
        for note in &f.notes {
            let _ = write!(message, "\nnote: {note}");
        }
        let _ = writeln!(
            out,
            "::{} file={},line={},col={},endLine={},endColumn={},title={}::{}",
            command(f.severity),
            escape_property(&path_string(&file.path)),
            start.line,
            start.col,
            end.line,
            end.col,
            escape_property(&format!("{} {}", f.rule.id, f.rule.name)),
            escape_data(&message)
        );
    }
    for e in &view.result.errors {
        let mut props = format!("file={}", escape_property(&path_string(&e.path)));
        if let Some((_, start, end)) = error_position(view.result, e) {
            let _ = write!(
                props,
                ",line={},col={},endLine={},endColumn={}",
                start.line, start.col, end.line, end.col
            );
        }
        let title = format!("palisade {}", error_code(e.kind));
        let _ = writeln!(
            out,
            "::{} {props},title={}::{}",
            e.level.as_str(),
            escape_property(&title),
            escape_data(&e.message)
        );
    }
    out
}

/// The workflow command for a finding of `severity`.
pub fn command(severity: Severity) -> &'static str {
    match severity {
        Severity::Critical | Severity::High => "error",
        Severity::Medium => "warning",
        Severity::Low => "notice",
    }
}

/// Escapes a command's message.
/// Other control characters (a terminal escape sequence in a quoted value)
/// are written as `\u{..}` escapes: the Actions log renders ANSI sequences.
pub fn escape_data(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '%' => out.push_str("%25"),
            '\r' => out.push_str("%0D"),
            '\n' => out.push_str("%0A"),
            c => {
                let mut buf = [0u8; 4];
                out.push_str(&super::frame::printable(c.encode_utf8(&mut buf)));
            }
        }
    }
    out
}

/// Escapes a command property's value.
pub fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::super::{render as render_report, testutil, Format, RenderOptions};
    use super::*;

    #[test]
    fn annotations_for_findings_and_errors() {
        let out = render_report(
            Format::Github,
            &testutil::with_suppressed(),
            &RenderOptions::default(),
        );
        assert_eq!(
            out,
            "::error file=infra/main file.tf,line=3,col=12,endLine=3,endColumn=25,title=TEST-S3-001 test-s3-public-acl::aws_s3_bucket.logs has acl = \"public-read\"%0Anote: when var.public is true\n\
             ::error file=infra/broken.tf,line=1,col=14,endLine=1,endColumn=15,title=palisade parse-error::unclosed block\n\
             ::error file=infra/secret.tf,title=palisade io-error::permission denied\n"
        );
    }

    #[test]
    fn clean_scan_prints_nothing() {
        let out = render_report(
            Format::Github,
            &testutil::clean(),
            &RenderOptions::default(),
        );
        assert_eq!(out, "");
    }

    #[test]
    fn escaping() {
        assert_eq!(escape_data("100% a\r\nb: c, d"), "100%25 a%0D%0Ab: c, d");
        assert_eq!(escape_property("a:b,c%\n"), "a%3Ab%2Cc%25%0A");
        assert_eq!(command(Severity::Critical), "error");
        assert_eq!(command(Severity::High), "error");
        assert_eq!(command(Severity::Medium), "warning");
        assert_eq!(command(Severity::Low), "notice");
    }
}
