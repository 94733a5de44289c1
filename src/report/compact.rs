//! One line per finding, as compilers and ruff print them:
//!
//! ```text
//! main.tf:3:12: HIGH AWS-S3-001 aws_s3_bucket.logs has acl = "public-read"
//! broken.tf:1:14: ERROR unclosed block
//! Found 1 finding (1 high) in 3 files; 1 file could not be scanned.
//! ```
//!
//! A finding's notes (the conditions it depends on) follow its message in
//! parentheses; a file error without a position is `path: ERROR message`.
//! The summary line lists only the severities found; `quiet` leaves it out
//! (so a clean quiet scan prints nothing). Colors, when asked for, are those
//! of the text format: the position bold, the severity in its color.

use std::fmt::Write as _;

use super::frame::printable;
use super::{error_position, path_string, plural, positions, RenderOptions, View};
use crate::finding::{Level, Severity};

const BOLD: &str = "\x1b[1m";
const RED: &str = "\x1b[31m";
const YELLOW: &str = "\x1b[33m";
const CYAN: &str = "\x1b[36m";
const RESET: &str = "\x1b[0m";

pub(crate) fn render(view: &View, opts: &RenderOptions) -> String {
    let paint = |style: &str, text: &str| {
        if opts.color {
            format!("{style}{text}{RESET}")
        } else {
            text.to_string()
        }
    };
    let mut out = String::new();
    for f in &view.findings {
        let file = view.file(f);
        let (start, _) = positions(file, f.range);
        let at = format!(
            "{}:{}:{}:",
            printable(&path_string(&file.path)),
            start.line,
            start.col
        );
        let mut message = printable(&f.message);
        if !f.notes.is_empty() {
            let notes: Vec<String> = f.notes.iter().map(|n| printable(n)).collect();
            let _ = write!(message, " ({})", notes.join("; "));
        }
        let severity = f.severity.as_str().to_ascii_uppercase();
        let _ = writeln!(
            out,
            "{} {} {} {message}",
            paint(BOLD, &at),
            paint(color(f.severity), &severity),
            f.rule.id
        );
    }
    for e in &view.result.errors {
        let at = match error_position(view.result, e) {
            Some((_, start, _)) => format!(
                "{}:{}:{}:",
                printable(&path_string(&e.path)),
                start.line,
                start.col
            ),
            None => format!("{}:", printable(&path_string(&e.path))),
        };
        let _ = writeln!(
            out,
            "{} {} {}",
            paint(BOLD, &at),
            match e.level {
                Level::Error => paint(RED, "ERROR"),
                Level::Warning => paint(YELLOW, "WARNING"),
            },
            printable(&e.message)
        );
    }
    if !opts.quiet {
        out.push_str(&summary(view));
    }
    out
}

fn color(severity: Severity) -> &'static str {
    match severity {
        Severity::Critical | Severity::High => RED,
        Severity::Medium => YELLOW,
        Severity::Low => CYAN,
    }
}

/// `Found 3 findings (1 critical, 2 high) in 2 files.`, or `No findings in
/// 2 files.`, with what was suppressed, hidden, baselined or not scanned.
fn summary(view: &View) -> String {
    let files = plural(view.result.stats.files, "file");
    let mut out = if view.findings.is_empty() {
        format!("No findings in {files}")
    } else {
        let counts = view.counts();
        let by_severity: Vec<String> = Severity::ALL
            .iter()
            .rev()
            .filter(|&&s| counts[s as usize] > 0)
            .map(|&s| format!("{} {s}", counts[s as usize]))
            .collect();
        format!(
            "Found {} ({}) in {files}",
            plural(view.findings.len(), "finding"),
            by_severity.join(", ")
        )
    };
    if !view.suppressed.is_empty() {
        let _ = write!(out, "; {} suppressed", view.suppressed.len());
    }
    if let (true, Some(min)) = (view.hidden > 0, view.min_severity) {
        let _ = write!(out, "; {} below {min} not shown", view.hidden);
    }
    if view.result.baselined > 0 {
        let _ = write!(out, "; {} in the baseline not shown", view.result.baselined);
    }
    if view.result.outside_changes > 0 {
        let _ = write!(
            out,
            "; {} outside the changed lines not shown",
            view.result.outside_changes
        );
    }
    if view.result.in_downloaded_modules > 0 {
        let _ = write!(
            out,
            "; {} in downloaded modules not shown",
            view.result.in_downloaded_modules
        );
    }
    let (errors, warnings) = super::error_counts(view.result);
    if errors > 0 {
        let _ = write!(out, "; {} could not be scanned", plural(errors, "file"));
    }
    if warnings > 0 {
        let _ = write!(out, "; {} about the input", plural(warnings, "warning"));
    }
    out.push_str(".\n");
    out
}

#[cfg(test)]
mod tests {
    use super::super::{render as render_report, testutil, Format, RenderOptions};
    use crate::finding::Severity;

    fn compact(result: &crate::finding::ScanResult, opts: &RenderOptions) -> String {
        render_report(Format::Compact, result, opts)
    }

    #[test]
    fn one_line_per_finding_and_error_then_the_summary() {
        assert_eq!(
            compact(&testutil::result(), &RenderOptions::default()),
            "infra/main file.tf:3:12: HIGH TEST-S3-001 aws_s3_bucket.logs has \
             acl = \"public-read\" (when var.public is true)\n\
             infra/broken.tf:1:14: ERROR unclosed block\n\
             infra/secret.tf: ERROR permission denied\n\
             Found 1 finding (1 high) in 3 files; 2 files could not be scanned.\n"
        );
        assert_eq!(
            compact(&testutil::with_suppressed(), &RenderOptions::default())
                .lines()
                .last(),
            Some(
                "Found 1 finding (1 high) in 3 files; 1 suppressed; 2 files could not be scanned."
            )
        );
    }

    #[test]
    fn threshold_quiet_and_clean() {
        let critical = RenderOptions {
            min_severity: Some(Severity::Critical),
            ..Default::default()
        };
        let mut result = testutil::result();
        result.errors.clear();
        assert_eq!(
            compact(&result, &critical),
            "No findings in 3 files; 1 below critical not shown.\n"
        );
        let quiet = RenderOptions {
            quiet: true,
            ..Default::default()
        };
        assert_eq!(compact(&testutil::clean(), &quiet), "");
        assert_eq!(
            compact(&result, &quiet),
            "infra/main file.tf:3:12: HIGH TEST-S3-001 aws_s3_bucket.logs has \
             acl = \"public-read\" (when var.public is true)\n"
        );
        assert_eq!(
            compact(&testutil::clean(), &RenderOptions::default()),
            "No findings in 1 file.\n"
        );
    }

    #[test]
    fn colors_only_when_asked_and_text_from_files_is_escaped() {
        let mut result = testutil::result();
        result.errors.clear();
        result.findings[0].message = "bucket \u{1b}[2J".into();
        let color = RenderOptions {
            color: true,
            quiet: true,
            ..Default::default()
        };
        assert_eq!(
            compact(&result, &color),
            "\u{1b}[1minfra/main file.tf:3:12:\u{1b}[0m \u{1b}[31mHIGH\u{1b}[0m TEST-S3-001 \
             bucket \\u{1b}[2J (when var.public is true)\n"
        );
    }
}
