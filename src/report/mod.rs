//! Reporters: turn a [`ScanResult`] into text, JSON or SARIF.
//!
//! Reporters only read the scan result: positions come from the source map's
//! line index and nothing is parsed again. Every reporter is deterministic: the
//! same result renders to the same bytes (no timings, no absolute paths added,
//! no hash-map iteration order).

use std::path::Path;

use crate::finding::{Finding, ScanResult, Severity};
use crate::source::{SourceFile, Span};

pub mod fingerprint;
pub mod json;
pub mod sarif;
pub mod text;

/// An output format of `palisade scan`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default, clap::ValueEnum)]
pub enum Format {
    /// Human-readable diagnostics with code frames.
    #[default]
    Text,
    /// Palisade's versioned JSON schema (see `docs/json-schema.md`).
    Json,
    /// SARIF 2.1.0, for code-scanning dashboards.
    Sarif,
}

impl Format {
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Text => "text",
            Format::Json => "json",
            Format::Sarif => "sarif",
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
    /// Use ANSI colors (text format only).
    pub color: bool,
    /// Findings below this severity are not shown (nor counted in summaries).
    pub min_severity: Option<Severity>,
}

/// Renders `result` in `format`. The returned string ends with a newline.
pub fn render(format: Format, result: &ScanResult, opts: &RenderOptions) -> String {
    let view = View::new(result, opts.min_severity);
    match format {
        Format::Text => text::render(&view, opts.color),
        Format::Json => json::render(&view),
        Format::Sarif => sarif::render(&view),
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
            min_severity,
        }
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

/// Number of Unicode scalar values before byte `offset`.
pub(crate) fn char_offset(text: &str, offset: usize) -> usize {
    let mut end = offset.min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    text[..end].chars().count()
}

/// "1 finding", "2 findings".
pub fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("{n} {word}")
    } else {
        format!("{n} {word}s")
    }
}

#[cfg(test)]
pub(crate) mod testutil {
    //! A hand-built scan result shared by the reporters' tests.

    use std::path::PathBuf;

    use crate::finding::{ErrorKind, FileError, Finding, ScanResult, ScanStats, Severity};
    use crate::rules::{Equivalents, RuleMeta};
    use crate::source::{FileKind, Range, Span};

    pub const DOC: &str = "S3 buckets with a public ACL expose their objects to anyone.\n\n\
        ## How to fix\n\nSet `acl` to `private`.\n";

    pub fn meta() -> &'static RuleMeta {
        Box::leak(Box::new(RuleMeta {
            id: "TEST-S3-001".into(),
            name: "test-s3-public-acl".into(),
            title: "S3 bucket has a public ACL".into(),
            severity: Severity::High,
            service: "s3".into(),
            equivalents: Equivalents {
                checkov: vec!["CKV_AWS_20".into()],
                trivy: vec!["AVD-AWS-0092".into()],
                kics: vec![],
                ..Default::default()
            },
            doc: DOC,
            help: "Set `acl` to `private`.".into(),
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
        });
        result.errors.push(FileError {
            kind: ErrorKind::Syntax,
            path: PathBuf::from("infra/broken.tf"),
            range: Some(Range::new(bad, Span::new(13, 14))),
            message: "unclosed block".into(),
        });
        result.errors.push(FileError {
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

    #[test]
    fn char_offsets_count_characters() {
        assert_eq!(char_offset("\u{e9}a", 2), 1);
        assert_eq!(char_offset("\u{e9}a", 1), 0);
        assert_eq!(char_offset("ab", 10), 2);
    }
}
