//! Reporters: turn a [`ScanResult`] into text, compact lines, JSON, SARIF,
//! JUnit XML, GitHub Actions workflow commands, Checkstyle XML or Markdown.
//!
//! Reporters only read the scan result: positions come from the source map's
//! line index and nothing is parsed again. Every reporter is deterministic: the
//! same result renders to the same bytes (no timings, no absolute paths added,
//! no hash-map iteration order). The one exception is the elapsed time in
//! the text summary, which the caller passes in ([`RenderOptions::elapsed`]).

use std::path::Path;
use std::time::Duration;

use crate::finding::{Finding, ScanResult, Severity, SuppressedFinding, TrailRole, TrailStep};
use crate::rule_meta::RuleMeta;
use crate::rules;
use crate::source::{LineCol, SourceFile, Span};

pub mod checkstyle;
pub mod compact;
pub mod fingerprint;
mod frame;
pub mod github;
pub mod json;
pub mod junit;
pub mod markdown;
pub mod sarif;
pub mod text;
mod xml;

/// An output format of `palisade scan`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default, clap::ValueEnum)]
pub enum Format {
    /// Human-readable diagnostics with code frames.
    #[default]
    Text,
    /// One line per finding, `path:line:col: SEVERITY RULE-ID message`, then
    /// a one-line summary.
    Compact,
    /// Palisade's versioned JSON schema (see `docs/json-schema.md`).
    Json,
    /// SARIF 2.1.0, for code-scanning dashboards.
    Sarif,
    /// JUnit XML, for GitLab and Jenkins test reports.
    Junit,
    /// GitHub Actions workflow commands (annotations on the pull request).
    Github,
    /// Checkstyle XML, for tools that read checkstyle reports.
    Checkstyle,
    /// A Markdown summary, e.g. for a pull-request comment.
    Markdown,
}

impl Format {
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Text => "text",
            Format::Compact => "compact",
            Format::Json => "json",
            Format::Sarif => "sarif",
            Format::Junit => "junit",
            Format::Github => "github",
            Format::Checkstyle => "checkstyle",
            Format::Markdown => "markdown",
        }
    }
}

impl std::fmt::Display for Format {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How to render a report.
#[derive(Clone, Copy, Debug, Default)]
pub struct RenderOptions {
    /// Use ANSI colors (text and compact formats only).
    pub color: bool,
    /// Findings (and suppressed findings) below this severity are not shown
    /// (nor counted in summaries).
    pub min_severity: Option<Severity>,
    /// How long the scan took, shown in the text summary; `None` leaves it
    /// out (tests and snapshots, so output stays deterministic).
    pub elapsed: Option<Duration>,
    /// Text and compact formats: no summary, and nothing at all for a clean
    /// scan.
    pub quiet: bool,
}

/// Renders `result` in `format`. The returned string ends with a newline,
/// or is empty (a clean scan in `github` format, or in quiet text).
pub fn render(format: Format, result: &ScanResult, opts: &RenderOptions) -> String {
    let view = View::new(result, opts.min_severity);
    match format {
        Format::Text => text::render(&view, opts),
        Format::Compact => compact::render(&view, opts),
        Format::Json => json::render(&view),
        Format::Sarif => sarif::render(&view),
        Format::Junit => junit::render(&view),
        Format::Github => github::render(&view),
        Format::Checkstyle => checkstyle::render(&view),
        Format::Markdown => markdown::render(&view),
    }
}

/// Whether `finding` is shown under the threshold `min`.
pub fn is_shown(finding: &Finding, min: Option<Severity>) -> bool {
    min.is_none_or(|min| finding.severity >= min)
}

/// The findings of `result` at or above `min`, in report order.
pub fn shown(result: &ScanResult, min: Option<Severity>) -> impl Iterator<Item = &Finding> {
    result.findings.iter().filter(move |f| is_shown(f, min))
}

/// What a reporter renders: the scan result with the severity filter applied.
pub(crate) struct View<'a> {
    pub result: &'a ScanResult,
    pub findings: Vec<&'a Finding>,
    /// Suppressed findings at or above the threshold.
    pub suppressed: Vec<&'a SuppressedFinding>,
    /// How many findings the threshold hid.
    pub hidden: usize,
    pub min_severity: Option<Severity>,
}

impl<'a> View<'a> {
    pub fn new(result: &'a ScanResult, min_severity: Option<Severity>) -> View<'a> {
        let findings: Vec<&Finding> = shown(result, min_severity).collect();
        View {
            result,
            hidden: result.findings.len() - findings.len(),
            findings,
            suppressed: result
                .suppressed
                .iter()
                .filter(|s| is_shown(&s.finding, min_severity))
                .collect(),
            min_severity,
        }
    }

    /// Every registered rule that ran, then any other rule a shown or suppressed
    /// finding refers to (the suppression pseudo-rules, test rules), each once.
    pub fn rules(&self) -> Vec<&'a RuleMeta> {
        let mut metas: Vec<&RuleMeta> = rules::all()
            .iter()
            .filter(|m| !self.result.skipped_rules.contains(&m.id))
            .collect();
        let extra = self
            .findings
            .iter()
            .copied()
            .chain(self.suppressed.iter().map(|s| &s.finding))
            .map(|f| f.rule);
        for rule in extra {
            if !metas.iter().any(|m| m.id == rule.id) {
                metas.push(rule);
            }
        }
        metas
    }

    pub fn file(&self, finding: &Finding) -> &'a SourceFile {
        self.result.sources.get(finding.range.file)
    }

    /// Count of shown findings per severity, indexed like [`Severity::ALL`]
    /// (low, medium, high, critical).
    pub fn counts(&self) -> [usize; 4] {
        let mut counts = [0; 4];
        for f in &self.findings {
            counts[f.severity as usize] += 1;
        }
        counts
    }
}

/// A path as shown in reports: forward slashes on every platform.
pub fn path_string(path: &Path) -> String {
    let s = path.to_string_lossy();
    if cfg!(windows) {
        s.replace('\\', "/")
    } else {
        s.into_owned()
    }
}

/// Start and end (exclusive) line and column of `range` in `file`.
pub(crate) fn positions(file: &SourceFile, range: crate::source::Range) -> (LineCol, LineCol) {
    let span = clamp_span(file, range.span);
    (file.line_col(span.start), file.line_col(span.end))
}

/// Where a file error is, when known: its file and start/end positions.
pub(crate) fn error_position<'a>(
    result: &'a ScanResult,
    error: &crate::finding::FileError,
) -> Option<(&'a SourceFile, LineCol, LineCol)> {
    let range = error.range?;
    if range.file.0 as usize >= result.sources.len() {
        return None;
    }
    let file = result.sources.get(range.file);
    let (start, end) = positions(file, range);
    Some((file, start, end))
}

/// The code naming a kind of file error in reports (`parse-error`...).
pub(crate) fn error_code(kind: crate::finding::ErrorKind) -> &'static str {
    match kind {
        crate::finding::ErrorKind::Io => "io-error",
        crate::finding::ErrorKind::Syntax => "parse-error",
        crate::finding::ErrorKind::Eval => "eval-error",
        crate::finding::ErrorKind::Unsupported => "unsupported-file",
    }
}

/// A span clamped to the file's text and to character boundaries, so it can
/// always be sliced and handed to renderers.
pub(crate) fn clamp_span(file: &SourceFile, span: Span) -> Span {
    let text = &*file.text;
    let mut end = (span.end as usize).min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let mut start = (span.start as usize).min(end);
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    Span::new(start, end)
}

/// "1 finding", "2 findings".
pub fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("{n} {word}")
    } else {
        format!("{n} {word}s")
    }
}

/// How many file errors and how many warnings a result has.
pub fn error_counts(result: &ScanResult) -> (usize, usize) {
    let warnings = result
        .errors
        .iter()
        .filter(|e| e.level == crate::finding::Level::Warning)
        .count();
    (result.errors.len() - warnings, warnings)
}

#[cfg(test)]
pub(crate) mod testutil {
    //! A hand-built scan result shared by the reporters' tests.

    use std::path::PathBuf;

    use crate::finding::{
        ErrorKind, FileError, Finding, ScanResult, ScanStats, Severity, SuppressedFinding,
        SuppressionInfo, SuppressionKind,
    };
    use crate::rule_meta::{Equivalents, RuleMeta};
    use crate::source::{FileKind, Range, Span};

    pub const DOC: &str = "S3 buckets with a public ACL expose their objects to anyone.\n\n\
        ## How to fix\n\nSet `acl` to `private`.\n";

    pub fn meta() -> &'static RuleMeta {
        Box::leak(Box::new(RuleMeta {
            id: "TEST-S3-001".into(),
            name: "test-s3-public-acl".into(),
            title: "S3 bucket has a public ACL".into(),
            description: "Flags S3 buckets with a public ACL.".into(),
            severity: Severity::High,
            service: "s3".into(),
            equivalents: Equivalents {
                checkov: vec!["CKV_AWS_20".into()],
                trivy: vec!["AVD-AWS-0092".into()],
                kics: vec![],
                ..Default::default()
            },
            compliance: Default::default(),
            formats: crate::rule_meta::RuleFormat::ALL.to_vec(),
            doc: DOC,
            help: "Set `acl` to `private`.".into(),
            url: None,
        }))
    }

    pub const MAIN_TF: &str = "resource \"aws_s3_bucket\" \"logs\" {\n  bucket = \"logs\"\n  acl    = \"public-read\"\n}\n";

    /// A result with one finding on `acl = "public-read"` of `main.tf`, whose
    /// text is `prefix` followed by [`MAIN_TF`], plus one syntax error.
    pub fn result_with_prefix(prefix: &str) -> ScanResult {
        let mut result = ScanResult::default();
        let text = format!("{prefix}{MAIN_TF}");
        let value = "\"public-read\"";
        let start = text.find(value).unwrap();
        let id = result.sources.add(
            PathBuf::from("infra/main file.tf"),
            FileKind::TerraformHcl,
            text.as_str(),
        );
        let bad = result.sources.add(
            PathBuf::from("infra/broken.tf"),
            FileKind::TerraformHcl,
            "resource \"x\" {\n",
        );
        result.findings.push(Finding {
            rule: meta(),
            severity: Severity::High,
            message: "aws_s3_bucket.logs has acl = \"public-read\"".into(),
            range: Range::new(id, Span::new(start, start + value.len())),
            resource: "aws_s3_bucket.logs".into(),
            notes: vec!["when var.public is true".into()],
            variants: 1,
            related: Vec::new(),
            trail: Vec::new(),
        });
        result.errors.push(FileError {
            level: crate::finding::Level::Error,
            kind: ErrorKind::Syntax,
            path: PathBuf::from("infra/broken.tf"),
            range: Some(Range::new(bad, Span::new(13, 14))),
            message: "unclosed block".into(),
        });
        result.errors.push(FileError {
            level: crate::finding::Level::Error,
            kind: ErrorKind::Io,
            path: PathBuf::from("infra/secret.tf"),
            range: None,
            message: "permission denied".into(),
        });
        result.stats = ScanStats {
            files: 3,
            resources: 1,
            ..Default::default()
        };
        result
    }

    pub fn result() -> ScanResult {
        result_with_prefix("")
    }

    /// [`result`] plus a suppressed copy of its finding on `bucket = "logs"`
    /// (line 2), silenced by a comment written on line 1 with a reason.
    pub fn with_suppressed() -> ScanResult {
        let mut result = result();
        let mut finding = result.findings[0].clone();
        finding.message = "aws_s3_bucket.logs has bucket = \"logs\"".into();
        finding.notes.clear();
        finding.severity = Severity::Medium;
        let file = finding.range.file;
        let start = MAIN_TF.find("\"logs\"\n").unwrap();
        finding.range = Range::new(file, Span::new(start, start + 6));
        result.suppressed.push(SuppressedFinding {
            finding,
            suppression: SuppressionInfo {
                kind: SuppressionKind::Palisade,
                reason: Some("logs are public by design".into()),
                range: Range::new(file, Span::new(0, 8)),
                expires: Some((2027, 1, 31)),
            },
        });
        result
    }

    /// A clean result: no findings, no errors.
    pub fn clean() -> ScanResult {
        let mut result = ScanResult::default();
        result
            .sources
            .add(PathBuf::from("main.tf"), FileKind::TerraformHcl, "");
        result.stats = ScanStats {
            files: 1,
            resources: 0,
            ..Default::default()
        };
        result
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn threshold_filters_findings() {
        let result = testutil::result();
        let view = View::new(&result, Some(Severity::Critical));
        assert!(view.findings.is_empty());
        assert_eq!(view.hidden, 1);
        let view = View::new(&result, Some(Severity::High));
        assert_eq!(view.findings.len(), 1);
        assert_eq!(view.counts(), [0, 0, 1, 0]);
    }
}

/// A step of a finding's value trail as a note: "from the default of
/// variable `x`", "through local `y`", "used by aws_x.y".
pub fn trail_note(step: &TrailStep) -> String {
    match step.role {
        TrailRole::Origin => format!("from {}", step.message),
        TrailRole::Via => format!("through {}", step.message),
        TrailRole::Use => step.message.clone(),
    }
}
