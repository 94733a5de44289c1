//! Human-readable output: one miette diagnostic per finding, then a summary.
//! A rule's help and documentation link follow its first finding only; the
//! rule's later findings show their code frames and their own notes.

use std::collections::HashSet;
use std::fmt::{self, Write as _};

use miette::{Diagnostic, GraphicalReportHandler, GraphicalTheme, LabeledSpan, SourceCode};

use super::frame::{printable, Excerpt};
use super::{clamp_span, error_code, path_string, plural, RenderOptions, View};
use crate::finding::{ErrorKind, FileError, Finding, Level, Severity};
use crate::source::{SourceFile, Span};

/// Output width: fixed so the output does not depend on the terminal.
const WIDTH: usize = 100;

/// Spans covering more lines than this (typically a whole resource block when
/// an attribute is missing) are labelled on their first line only, so a
/// finding does not print the entire block.
const MAX_LABEL_LINES: u32 = 6;

pub(crate) fn render(view: &View, opts: &RenderOptions) -> String {
    let theme = if opts.color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_width(WIDTH)
        .with_links(false)
        // We wrap ourselves (see `wrap`) so URLs and hyphenated names are
        // never split.
        .with_wrap_lines(false)
        .without_syntax_highlighting();

    let mut out = String::new();
    let mut explained = HashSet::new();
    for finding in &view.findings {
        let first = explained.insert(finding.rule.id.as_str());
        let notes = finding_notes(view, finding);
        if first {
            let diag = finding_diagnostic(view, finding, &notes, true);
            push_diagnostic(&mut out, &handler, &diag, &[]);
        } else {
            let diag = finding_diagnostic(view, finding, &notes, false);
            push_diagnostic(&mut out, &handler, &diag, &notes);
        }
    }
    for error in &view.result.errors {
        match error_diagnostic(view, error) {
            Some(diag) => push_diagnostic(&mut out, &handler, &diag, &[]),
            None => {
                let _ = writeln!(
                    out,
                    "{}: {}: {}\n",
                    error.level.as_str(),
                    printable(&path_string(&error.path)),
                    printable(&error.message)
                );
            }
        }
    }
    if !opts.quiet {
        out.push_str(&summary(view, opts.elapsed));
    }
    out
}

/// Renders `diag`, then `notes` as `note:` lines in the help's place (for a
/// finding whose rule's help was shown already).
fn push_diagnostic(
    out: &mut String,
    handler: &GraphicalReportHandler,
    diag: &Diag,
    notes: &[String],
) {
    let mut rendered = String::new();
    // Writing to a String cannot fail.
    let _ = handler.render_report(&mut rendered, diag);
    out.push_str(rendered.trim_end());
    for note in notes {
        let _ = write!(
            out,
            "\n  note: {}",
            wrap(note, HELP_WIDTH).replace('\n', "\n        ")
        );
    }
    out.push_str("\n\n");
}

/// The summary lines, e.g. `2 findings (0 critical, 1 high, 1 medium, 0 low)
/// in 3 files, 4 resources (0.12s); 1 suppressed`.
pub(crate) fn summary(view: &View, elapsed: Option<std::time::Duration>) -> String {
    let stats = &view.result.stats;
    let mut scope = format!(
        "{}, {}",
        plural(stats.files, "file"),
        plural(stats.resources, "resource")
    );
    if let Some(elapsed) = elapsed {
        let _ = write!(scope, " ({:.2}s)", elapsed.as_secs_f64());
    }
    let mut out = if view.findings.is_empty() {
        format!("No findings in {scope}")
    } else {
        let [low, medium, high, critical] = view.counts();
        format!(
            "{} ({critical} critical, {high} high, {medium} medium, {low} low) in {scope}",
            plural(view.findings.len(), "finding")
        )
    };
    if !view.suppressed.is_empty() {
        let _ = write!(out, "; {} suppressed", view.suppressed.len());
    }
    if view.hidden > 0 {
        if let Some(min) = view.min_severity {
            let _ = write!(out, "; {} below {min} not shown", view.hidden);
        }
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
    out.push('\n');
    let (errors, warnings) = super::error_counts(view.result);
    if errors > 0 {
        let _ = writeln!(out, "{} could not be scanned", plural(errors, "file"));
    }
    if warnings > 0 {
        let _ = writeln!(out, "{} about the input", plural(warnings, "warning"));
    }
    out
}

fn miette_severity(severity: Severity) -> miette::Severity {
    match severity {
        Severity::Critical | Severity::High => miette::Severity::Error,
        Severity::Medium => miette::Severity::Warning,
        Severity::Low => miette::Severity::Advice,
    }
}

/// A finding's notes: the conditions it depends on, then the places that
/// explain it (the calling `module` blocks).
fn finding_notes(view: &View, finding: &Finding) -> Vec<String> {
    let mut notes: Vec<String> = finding.notes.iter().map(|n| printable(n)).collect();
    let trail = finding
        .trail
        .iter()
        .map(|t| (t.range, super::trail_note(t)));
    for (range, note) in trail.chain(finding.related.iter().cloned()) {
        let at = view.result.sources.get(range.file);
        let lc = at.line_col(range.span.start);
        notes.push(format!(
            "{} at {}:{}:{}",
            printable(&note),
            at.path.display(),
            lc.line,
            lc.col
        ));
    }
    notes
}

/// The diagnostic of a finding; with `explain`, its help holds the rule's
/// help, the finding's `notes` and the rule's documentation link.
fn finding_diagnostic(view: &View, finding: &Finding, notes: &[String], explain: bool) -> Diag {
    let rule = finding.rule;
    let file = view.file(finding);
    let help = explain.then(|| {
        let mut help = rule.help.clone();
        for note in notes {
            let _ = write!(help, "\nnote: {note}");
        }
        let mut help = wrap(&help, HELP_WIDTH);
        // Kept on one line, however long, so the link stays clickable.
        let _ = write!(help, "\nsee: {}", rule.doc_url());
        help
    });
    Diag {
        message: wrap(
            &format!("[{}] {}", finding.severity, printable(&finding.message)),
            MESSAGE_WIDTH,
        ),
        code: format!("{} {}", rule.id, rule.name),
        severity: miette_severity(finding.severity),
        help,
        frame: Some(frame(file, finding.range.span, &rule.title)),
    }
}

fn error_diagnostic(view: &View, error: &FileError) -> Option<Diag> {
    let range = error.range?;
    let sources = &view.result.sources;
    if range.file.0 as usize >= sources.len() {
        return None;
    }
    let file = sources.get(range.file);
    let code = error_code(error.kind);
    let label_text = match error.kind {
        ErrorKind::Syntax => "syntax error",
        _ => "here",
    };
    Some(Diag {
        message: wrap(&printable(&error.message), MESSAGE_WIDTH),
        code: code.to_string(),
        severity: match error.level {
            Level::Error => miette::Severity::Error,
            Level::Warning => miette::Severity::Warning,
        },
        help: None,
        frame: Some(frame(file, range.span, label_text)),
    })
}

/// The code frame of a label on `span`: the lines around it, made safe
/// for a terminal (see [`Excerpt`]), and the label within them.
fn frame(file: &SourceFile, span: Span, text: &str) -> (Excerpt, LabeledSpan) {
    let mut span = clamp_span(file, span);
    if span.is_empty() && span.start as usize == file.text.len() {
        // "Unexpected end of file": point just after the last non-blank
        // character, since miette cannot show the empty line after a final
        // newline.
        let end = file.text.trim_end().len();
        span = Span::new(end, end);
    }
    let start = file.line_col(span.start);
    let end = file.line_col(span.end);
    if end.line - start.line >= MAX_LABEL_LINES {
        // Label the first line of the span only, without trailing blanks.
        let line_end = file.text[span.start as usize..]
            .find('\n')
            .map_or(file.text.len(), |i| span.start as usize + i);
        let trimmed = file.text[span.start as usize..line_end].trim_end().len();
        span = Span::new(span.start as usize, span.start as usize + trimmed);
    }
    // miette prints one line of context before and after the label.
    let excerpt = Excerpt::new(printable(&path_string(&file.path)), file, span, 1);
    let label = LabeledSpan::new_primary_with_span(Some(text.to_string()), excerpt.label);
    (excerpt, label)
}

/// Room for the message after miette's `  × ` and for the help after `  help: `
/// (miette wraps at the width minus 2).
const MESSAGE_WIDTH: usize = WIDTH - 2 - 4;
const HELP_WIDTH: usize = WIDTH - 2 - 8;

/// Greedy word wrap at whitespace. Words longer than `width` (URLs) get a
/// line of their own and are never split; existing line breaks are kept.
fn wrap(text: &str, width: usize) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let mut len = 0;
        for word in line.split_whitespace() {
            let w = word.chars().count();
            if len > 0 && len + 1 + w > width {
                out.push('\n');
                len = 0;
            } else if len > 0 {
                out.push(' ');
                len += 1;
            }
            out.push_str(word);
            len += w;
        }
    }
    out
}

/// A diagnostic ready for miette's graphical handler.
struct Diag {
    message: String,
    code: String,
    severity: miette::Severity,
    help: Option<String>,
    frame: Option<(Excerpt, LabeledSpan)>,
}

impl fmt::Debug for Diag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Diag")
            .field("code", &self.code)
            .field("message", &self.message)
            .finish_non_exhaustive()
    }
}

impl fmt::Display for Diag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Diag {}

impl Diagnostic for Diag {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        Some(Box::new(&self.code))
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(self.severity)
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display + 'a>)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        self.frame.as_ref().map(|(s, _)| s as &dyn SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        self.frame.as_ref().map(|(_, l)| {
            Box::new(std::iter::once(l.clone())) as Box<dyn Iterator<Item = LabeledSpan>>
        })
    }
}

#[cfg(test)]
mod tests {
    use super::super::{render as render_report, testutil, Format, RenderOptions};
    use super::*;

    fn text(result: &crate::finding::ScanResult, min: Option<Severity>) -> String {
        render_report(
            Format::Text,
            result,
            &RenderOptions {
                color: false,
                min_severity: min,
                ..Default::default()
            },
        )
    }

    #[test]
    fn finding_has_code_label_and_help() {
        let out = text(&testutil::result(), None);
        assert!(out.contains("TEST-S3-001 test-s3-public-acl"), "{out}");
        assert!(
            out.contains("[high] aws_s3_bucket.logs has acl = \"public-read\""),
            "{out}"
        );
        assert!(out.contains("[infra/main file.tf:3:12]"), "{out}");
        assert!(out.contains(" 3 │   acl    = \"public-read\""), "{out}");
        // The label underlines exactly the value.
        let lines: Vec<&str> = out.lines().collect();
        let at = lines
            .iter()
            .position(|l| l.ends_with("╰── S3 bucket has a public ACL"))
            .unwrap_or_else(|| panic!("no label line in:\n{out}"));
        assert_eq!(lines[at - 1], "   ·            ──────┬──────");
        assert!(out.contains("help: Set `acl` to `private`."), "{out}");
        assert!(out.contains("note: when var.public is true"), "{out}");
        assert!(out.contains(
            "see: https://github.com/palisade-iac/palisade/blob/main/rules/s3/test-s3-public-acl.md"
        ));
        assert!(!out.contains('\u{1b}'), "no escapes without color");
    }

    #[test]
    fn help_and_link_follow_the_first_finding_of_a_rule_only() {
        let mut result = testutil::result();
        result.errors.clear();
        let mut second = result.findings[0].clone();
        second.range.span = crate::source::Span::new(
            testutil::MAIN_TF.find("\"logs\"\n").unwrap(),
            testutil::MAIN_TF.find("\"logs\"\n").unwrap() + 6,
        );
        second.notes = vec!["when var.other is true".into()];
        result.findings.push(second);
        let out = text(&result, None);
        assert_eq!(
            out.matches("help: Set `acl` to `private`.").count(),
            1,
            "{out}"
        );
        assert_eq!(out.matches("see: https://").count(), 1, "{out}");
        // The second finding keeps its frame and its own note.
        assert_eq!(
            out.matches("TEST-S3-001 test-s3-public-acl").count(),
            2,
            "{out}"
        );
        assert!(
            out.contains(
                " 2 │   bucket = \"logs\"\n   ·            ───┬──\n   ·               \
                 ╰── S3 bucket has a public ACL\n 3 │   acl    = \"public-read\"\n   ╰────\n  \
                 note: when var.other is true\n\n"
            ),
            "{out}"
        );
    }

    #[test]
    fn errors_and_summary() {
        let out = text(&testutil::result(), None);
        assert!(out.contains("parse-error"), "{out}");
        assert!(out.contains("[infra/broken.tf:1:14]"), "{out}");
        assert!(out.contains("syntax error"), "{out}");
        assert!(
            out.contains("error: infra/secret.tf: permission denied\n"),
            "{out}"
        );
        assert!(
            out.ends_with(
                "1 finding (0 critical, 1 high, 0 medium, 0 low) in 3 files, 1 resource\n\
             2 files could not be scanned\n"
            ),
            "{out}"
        );
    }

    #[test]
    fn threshold_hides_findings() {
        let out = text(&testutil::result(), Some(Severity::Critical));
        assert!(!out.contains("TEST-S3-001"), "{out}");
        assert!(out.contains("No findings in 3 files, 1 resource; 1 below critical not shown\n"));
    }

    #[test]
    fn clean_summary() {
        assert_eq!(
            text(&testutil::clean(), None),
            "No findings in 1 file, 0 resources\n"
        );
    }

    #[test]
    fn summary_counts_baselined_findings() {
        let mut result = testutil::clean();
        result.baselined = 2;
        assert_eq!(
            text(&result, None),
            "No findings in 1 file, 0 resources; 2 in the baseline not shown\n"
        );
    }

    #[test]
    fn summary_counts_suppressed_and_shows_elapsed_time() {
        let out = render_report(
            Format::Text,
            &testutil::with_suppressed(),
            &RenderOptions {
                elapsed: Some(std::time::Duration::from_millis(1234)),
                ..Default::default()
            },
        );
        assert!(
            out.ends_with(
                "1 finding (0 critical, 1 high, 0 medium, 0 low) in 3 files, 1 resource (1.23s); \
                 1 suppressed\n2 files could not be scanned\n"
            ),
            "{out}"
        );
        // The threshold hides suppressed findings below it too.
        let out = render_report(
            Format::Text,
            &testutil::with_suppressed(),
            &RenderOptions {
                min_severity: Some(Severity::High),
                ..Default::default()
            },
        );
        assert!(
            out.ends_with("1 finding (0 critical, 1 high, 0 medium, 0 low) in 3 files, 1 resource\n2 files could not be scanned\n"),
            "{out}"
        );
    }

    #[test]
    fn quiet_leaves_out_the_summary() {
        let quiet = RenderOptions {
            quiet: true,
            elapsed: Some(std::time::Duration::from_millis(5)),
            ..Default::default()
        };
        assert_eq!(render_report(Format::Text, &testutil::clean(), &quiet), "");
        let out = render_report(Format::Text, &testutil::result(), &quiet);
        assert!(out.contains("TEST-S3-001 test-s3-public-acl"), "{out}");
        assert!(
            out.contains("error: infra/secret.tf: permission denied\n"),
            "{out}"
        );
        assert!(!out.contains("finding ("), "{out}");
        assert!(!out.contains("could not be scanned"), "{out}");
    }

    #[test]
    fn color_uses_escapes() {
        let out = render_report(
            Format::Text,
            &testutil::result(),
            &RenderOptions {
                color: true,
                min_severity: None,
                ..Default::default()
            },
        );
        assert!(out.contains('\u{1b}'));
    }

    #[test]
    fn long_spans_are_labelled_on_their_first_line() {
        use crate::source::{FileId, FileKind};
        let text = "resource \"a\" \"b\" {  \n".to_string() + &"  x = 1\n".repeat(10) + "}\n";
        let file = SourceFile::new(
            FileId(0),
            "a.tf".into(),
            FileKind::TerraformHcl,
            text.as_str(),
        );
        let (_, l) = frame(&file, Span::new(0, text.len()), "t");
        assert_eq!(l.offset(), 0);
        assert_eq!(l.len(), "resource \"a\" \"b\" {".len());
    }

    #[test]
    fn wrapping_never_splits_words() {
        assert_eq!(wrap("aa bb cc", 5), "aa bb\ncc");
        assert_eq!(
            wrap("a https://x.example/long-name.md b", 6),
            "a\nhttps://x.example/long-name.md\nb"
        );
        assert_eq!(wrap("one\nsee:  two", 20), "one\nsee: two");
        let mut result = testutil::result();
        result.findings[0].notes = vec!["x".repeat(150)];
        let out = text(&result, None);
        assert!(
            out.contains(&format!("        note:\n        {}\n", "x".repeat(150))),
            "{out}"
        );
        assert!(out.contains("        see: https://github.com/palisade-iac/palisade/blob/main/rules/s3/test-s3-public-acl.md\n"), "{out}");
    }

    #[test]
    fn end_of_file_is_shown_on_the_last_line() {
        use crate::source::{FileId, FileKind};
        let text = "a {\n  b = 1\n\n";
        let file = SourceFile::new(FileId(0), "a.tf".into(), FileKind::TerraformHcl, text);
        let (_, l) = frame(&file, Span::new(text.len(), text.len()), "t");
        assert_eq!((l.offset(), l.len()), (11, 0));
    }
}
