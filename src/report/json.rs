//! Palisade's own JSON format, version 1. Documented in `docs/json-schema.md`;
//! additive changes keep the version, anything else bumps it.

use serde::Serialize;

use super::{clamp_span, path_string, View};
use crate::finding::{
    ErrorKind, FileError, Finding, Level, Severity, SuppressedFinding, SuppressionKind, TrailRole,
};
use crate::source::{Range, SourceFile};

/// The schema version written to `"version"`.
pub const SCHEMA_VERSION: u32 = 1;

pub(crate) fn render(view: &View) -> String {
    let doc = document(view);
    let mut out = serde_json::to_string_pretty(&doc).expect("report serializes");
    out.push('\n');
    out
}

fn document<'a>(view: &View<'a>) -> Document<'a> {
    let [low, medium, high, critical] = view.counts();
    let result = view.result;
    Document {
        version: SCHEMA_VERSION,
        tool: Tool {
            name: "palisade",
            version: env!("CARGO_PKG_VERSION"),
        },
        findings: view.findings.iter().map(|f| finding(view, f)).collect(),
        suppressed: view
            .suppressed
            .iter()
            .map(|s| suppressed(view, s))
            .collect(),
        errors: result.errors.iter().map(|e| error(view, e)).collect(),
        summary: Summary {
            files: result.stats.files,
            resources: result.stats.resources,
            findings: view.findings.len(),
            by_severity: BySeverity {
                critical,
                high,
                medium,
                low,
            },
            errors: super::error_counts(result).0,
            warnings: super::error_counts(result).1,
            baselined: result.baselined,
            outside_changes: result.outside_changes,
            in_downloaded_modules: result.in_downloaded_modules,
            suppressed: view.suppressed.len(),
        },
    }
}

fn suppressed<'a>(view: &View<'a>, s: &'a SuppressedFinding) -> JsonSuppressed<'a> {
    let info = &s.suppression;
    let sources = &view.result.sources;
    JsonSuppressed {
        finding: finding(view, &s.finding),
        suppression: JsonSuppression {
            kind: info.kind,
            reason: info.reason.as_deref(),
            expires: info
                .expires
                .map(|(y, m, d)| format!("{y:04}-{m:02}-{d:02}")),
            location: ((info.range.file.0 as usize) < sources.len())
                .then(|| location(sources.get(info.range.file), info.range)),
        },
    }
}

fn finding<'a>(view: &View<'a>, f: &'a Finding) -> JsonFinding<'a> {
    let rule = f.rule;
    JsonFinding {
        rule_id: &rule.id,
        rule_name: &rule.name,
        title: &rule.title,
        severity: f.severity,
        message: &f.message,
        resource: &f.resource,
        location: location(view.file(f), f.range),
        notes: &f.notes,
        trail: f
            .trail
            .iter()
            .map(|t| JsonTrailStep {
                role: t.role,
                message: &t.message,
                location: location(view.result.sources.get(t.range.file), t.range),
            })
            .collect(),
        help: &rule.help,
        doc_url: rule.doc_url(),
    }
}

fn error<'a>(view: &View<'a>, e: &'a FileError) -> JsonError<'a> {
    let sources = &view.result.sources;
    JsonError {
        level: (e.level == Level::Warning).then_some(e.level),
        kind: e.kind,
        path: path_string(&e.path),
        message: &e.message,
        location: e
            .range
            .filter(|r| (r.file.0 as usize) < sources.len())
            .map(|r| location(sources.get(r.file), r)),
    }
}

pub(crate) fn location(file: &SourceFile, range: Range) -> Location {
    let span = clamp_span(file, range.span);
    let position = |offset: u32| {
        let lc = file.line_col(offset);
        Position {
            line: lc.line,
            column: lc.col,
            offset,
        }
    };
    Location {
        path: path_string(&file.path),
        start: position(span.start),
        end: position(span.end),
    }
}

#[derive(Serialize)]
struct Document<'a> {
    version: u32,
    tool: Tool,
    findings: Vec<JsonFinding<'a>>,
    suppressed: Vec<JsonSuppressed<'a>>,
    errors: Vec<JsonError<'a>>,
    summary: Summary,
}

#[derive(Serialize)]
struct JsonSuppressed<'a> {
    #[serde(flatten)]
    finding: JsonFinding<'a>,
    suppression: JsonSuppression<'a>,
}

#[derive(Serialize)]
struct JsonSuppression<'a> {
    kind: SuppressionKind,
    #[serde(skip_serializing_if = "Option::is_none")]
    reason: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    expires: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    location: Option<Location>,
}

#[derive(Serialize)]
struct Tool {
    name: &'static str,
    version: &'static str,
}

#[derive(Serialize)]
struct JsonFinding<'a> {
    rule_id: &'a str,
    rule_name: &'a str,
    title: &'a str,
    severity: Severity,
    message: &'a str,
    resource: &'a str,
    location: Location,
    notes: &'a [String],
    /// Only when the offending value is written elsewhere: its origin, the
    /// places it passed through and the attribute that uses it.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    trail: Vec<JsonTrailStep<'a>>,
    help: &'a str,
    doc_url: String,
}

#[derive(Serialize)]
struct JsonTrailStep<'a> {
    role: TrailRole,
    message: &'a str,
    location: Location,
}

#[derive(Serialize)]
struct JsonError<'a> {
    /// `"warning"` for warnings; left out for errors (as before warnings
    /// existed).
    #[serde(skip_serializing_if = "Option::is_none")]
    level: Option<Level>,
    kind: ErrorKind,
    path: String,
    message: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    location: Option<Location>,
}

#[derive(Serialize)]
pub(crate) struct Location {
    path: String,
    start: Position,
    end: Position,
}

#[derive(Serialize)]
struct Position {
    line: u32,
    column: u32,
    offset: u32,
}

#[derive(Serialize)]
struct Summary {
    files: usize,
    resources: usize,
    findings: usize,
    by_severity: BySeverity,
    errors: usize,
    /// Only when there are warnings, so output without any is as before.
    #[serde(skip_serializing_if = "is_zero")]
    warnings: usize,
    suppressed: usize,
    /// Only when a baseline removed findings, so output without one is as
    /// before.
    #[serde(skip_serializing_if = "is_zero")]
    baselined: usize,
    /// Only when `--changed-since` left findings out.
    #[serde(skip_serializing_if = "is_zero")]
    outside_changes: usize,
    /// Only when `--exclude-downloaded-modules` left findings out.
    #[serde(skip_serializing_if = "is_zero")]
    in_downloaded_modules: usize,
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

#[derive(Serialize)]
struct BySeverity {
    critical: usize,
    high: usize,
    medium: usize,
    low: usize,
}

#[cfg(test)]
mod tests {
    use serde_json::{json, Value};

    use super::super::{render as render_report, testutil, Format, RenderOptions};
    use crate::finding::{ScanResult, Severity};

    fn parse(result: &ScanResult, min: Option<Severity>) -> (String, Value) {
        let out = render_report(
            Format::Json,
            result,
            &RenderOptions {
                color: false,
                min_severity: min,
                ..Default::default()
            },
        );
        let value = serde_json::from_str(&out).expect("valid JSON");
        (out, value)
    }

    #[test]
    fn exact_document() {
        let (out, value) = parse(&testutil::result(), None);
        assert!(out.ends_with("}\n"));
        assert!(
            out.starts_with("{\n  \"version\": 1,\n  \"tool\": {"),
            "{out}"
        );
        assert_eq!(
            value,
            json!({
                "version": 1,
                "tool": {"name": "palisade", "version": env!("CARGO_PKG_VERSION")},
                "findings": [{
                    "rule_id": "TEST-S3-001",
                    "rule_name": "test-s3-public-acl",
                    "title": "S3 bucket has a public ACL",
                    "severity": "high",
                    "message": "aws_s3_bucket.logs has acl = \"public-read\"",
                    "resource": "aws_s3_bucket.logs",
                    "location": {
                        "path": "infra/main file.tf",
                        "start": {"line": 3, "column": 12, "offset": 63},
                        "end": {"line": 3, "column": 25, "offset": 76}
                    },
                    "notes": ["when var.public is true"],
                    "help": "Set `acl` to `private`.",
                    "doc_url": "https://github.com/palisade-iac/palisade/blob/main/rules/s3/test-s3-public-acl.md"
                }],
                "suppressed": [],
                "errors": [
                    {
                        "kind": "syntax",
                        "path": "infra/broken.tf",
                        "message": "unclosed block",
                        "location": {
                            "path": "infra/broken.tf",
                            "start": {"line": 1, "column": 14, "offset": 13},
                            "end": {"line": 1, "column": 15, "offset": 14}
                        }
                    },
                    {"kind": "io", "path": "infra/secret.tf", "message": "permission denied"}
                ],
                "summary": {
                    "files": 3,
                    "resources": 1,
                    "findings": 1,
                    "by_severity": {"critical": 0, "high": 1, "medium": 0, "low": 0},
                    "errors": 2,
                    "suppressed": 0
                }
            })
        );
        // Key order is part of the format's readability.
        let keys: Vec<&str> = value["findings"][0]
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        assert_eq!(
            keys,
            [
                "rule_id",
                "rule_name",
                "title",
                "severity",
                "message",
                "resource",
                "location",
                "notes",
                "help",
                "doc_url"
            ]
        );
    }

    #[test]
    fn suppressed_findings_are_listed_apart() {
        let (_, value) = parse(&testutil::with_suppressed(), None);
        assert_eq!(value["findings"].as_array().unwrap().len(), 1);
        assert_eq!(
            value["suppressed"],
            json!([{
                "rule_id": "TEST-S3-001",
                "rule_name": "test-s3-public-acl",
                "title": "S3 bucket has a public ACL",
                "severity": "medium",
                "message": "aws_s3_bucket.logs has bucket = \"logs\"",
                "resource": "aws_s3_bucket.logs",
                "location": {
                    "path": "infra/main file.tf",
                    "start": {"line": 2, "column": 12, "offset": 45},
                    "end": {"line": 2, "column": 18, "offset": 51}
                },
                "notes": [],
                "help": "Set `acl` to `private`.",
                "doc_url": "https://github.com/palisade-iac/palisade/blob/main/rules/s3/test-s3-public-acl.md",
                "suppression": {
                    "kind": "palisade",
                    "reason": "logs are public by design",
                    "expires": "2027-01-31",
                    "location": {
                        "path": "infra/main file.tf",
                        "start": {"line": 1, "column": 1, "offset": 0},
                        "end": {"line": 1, "column": 9, "offset": 8}
                    }
                }
            }])
        );
        assert_eq!(value["summary"]["suppressed"], 1);
        assert_eq!(value["summary"]["findings"], 1);
        // The threshold applies to suppressed findings too.
        let (_, value) = parse(&testutil::with_suppressed(), Some(Severity::High));
        assert_eq!(value["suppressed"], json!([]));
        assert_eq!(value["summary"]["suppressed"], 0);
    }

    #[test]
    fn threshold_and_clean() {
        let (_, value) = parse(&testutil::result(), Some(Severity::Critical));
        assert_eq!(value["findings"], json!([]));
        assert_eq!(value["summary"]["findings"], 0);
        let (_, value) = parse(&testutil::clean(), None);
        assert_eq!(value["errors"], json!([]));
        assert_eq!(value["summary"]["files"], 1);
    }
}
