//! SARIF 2.1.0 output, for GitHub code scanning and other dashboards.
//!
//! One run; the driver lists every rule; each finding is a result with a
//! region in Unicode code points and a `partialFingerprints` entry that does
//! not depend on line numbers, so alerts survive unrelated edits.

use std::collections::HashMap;
use std::path::Path;

use serde_json::{json, Map, Value};

use super::fingerprint::{self, Fingerprint};
use super::{clamp_span, error_code, path_string, View};
use crate::finding::{Finding, Severity, SuppressionInfo};
use crate::rule_meta::RuleMeta;
use crate::source::{Range, SourceFile};

pub const SCHEMA_URI: &str = "https://json.schemastore.org/sarif-2.1.0.json";
pub const INFORMATION_URI: &str = "https://github.com/palisade-iac/palisade";
/// The key of Palisade's entry in `partialFingerprints`.
pub const FINGERPRINT_KEY: &str = "palisade/v1";
const SRCROOT: &str = "%SRCROOT%";

pub(crate) fn render(view: &View) -> String {
    let mut out = serde_json::to_string_pretty(&document(view)).expect("report serializes");
    out.push('\n');
    out
}

fn document(view: &View) -> Value {
    // Every registered rule, plus any rule a finding refers to that is not
    // registered (the suppression pseudo-rules), so `ruleIndex` is always valid.
    let metas = view.rules();
    let mut index: HashMap<&str, usize> = HashMap::new();
    for (i, m) in metas.iter().enumerate() {
        index.entry(m.id.as_str()).or_insert(i);
    }

    let prints = result_fingerprints(view);
    let mut results: Vec<Value> = view
        .findings
        .iter()
        .map(|f| result(view, f, index[f.rule.id.as_str()], &prints[&ptr(f)]))
        .collect();
    results.extend(view.suppressed.iter().map(|s| {
        let f = &s.finding;
        let mut r = result(view, f, index[f.rule.id.as_str()], &prints[&ptr(f)]);
        r["suppressions"] = json!([suppression(view, &s.suppression)]);
        r
    }));

    let notifications: Vec<Value> = view
        .result
        .errors
        .iter()
        .map(|e| {
            let mut n = Map::new();
            n.insert("level".into(), json!(e.level.as_str()));
            n.insert("message".into(), json!({ "text": e.message }));
            let location = match e.range {
                Some(range) if (range.file.0 as usize) < view.result.sources.len() => {
                    physical_location(view.result.sources.get(range.file), range)
                }
                _ => json!({ "artifactLocation": artifact_location(&e.path) }),
            };
            n.insert(
                "locations".into(),
                json!([{ "physicalLocation": location }]),
            );
            n.insert("descriptor".into(), json!({ "id": error_code(e.kind) }));
            Value::Object(n)
        })
        .collect();

    json!({
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "palisade",
                    "version": env!("CARGO_PKG_VERSION"),
                    "semanticVersion": env!("CARGO_PKG_VERSION"),
                    "informationUri": INFORMATION_URI,
                    "rules": metas.iter().map(|m| rule(m)).collect::<Vec<_>>(),
                }
            },
            "invocations": [{
                "executionSuccessful": super::error_counts(view.result).0 == 0,
                "toolExecutionNotifications": notifications,
            }],
            "originalUriBaseIds": {
                SRCROOT: {
                    "description": { "text": "The directory palisade was run from." }
                }
            },
            "columnKind": "unicodeCodePoints",
            "results": results,
        }]
    })
}

/// A finding's identity for the fingerprint table.
fn ptr(f: &Finding) -> *const Finding {
    f
}

/// Fingerprints of every finding of the scan, suppressed or not, whatever
/// the threshold: occurrence numbers count identical findings in the order
/// they appear in the file, so neither suppressing one nor changing
/// `--severity` renumbers the others.
fn result_fingerprints(view: &View) -> HashMap<*const Finding, Fingerprint> {
    let result = view.result;
    let mut all: Vec<&Finding> = result
        .findings
        .iter()
        .chain(result.suppressed.iter().map(|s| &s.finding))
        .collect();
    all.sort_by(|a, b| {
        let (pa, pb) = (
            &result.sources.get(a.range.file).path,
            &result.sources.get(b.range.file).path,
        );
        (pa, a.range.span.start, &a.rule.id, &a.message).cmp(&(
            pb,
            b.range.span.start,
            &b.rule.id,
            &b.message,
        ))
    });
    let prints = fingerprint::fingerprints(&result.sources, &all);
    all.into_iter().map(ptr).zip(prints).collect()
}

/// SARIF `suppression` for an in-source suppression: the justification is the
/// reason as written; the location is the comment or metadata entry.
fn suppression(view: &View, info: &SuppressionInfo) -> Value {
    let mut s = Map::new();
    s.insert("kind".into(), json!("inSource"));
    if let Some(reason) = &info.reason {
        s.insert("justification".into(), json!(reason));
    }
    if (info.range.file.0 as usize) < view.result.sources.len() {
        s.insert(
            "location".into(),
            json!({ "physicalLocation": physical_location(view.result.sources.get(info.range.file), info.range) }),
        );
    }
    let mut properties = Map::new();
    properties.insert("syntax".into(), json!(info.kind.as_str()));
    if let Some((y, m, d)) = info.expires {
        properties.insert("expires".into(), json!(format!("{y:04}-{m:02}-{d:02}")));
    }
    s.insert("properties".into(), Value::Object(properties));
    Value::Object(s)
}

fn rule(m: &RuleMeta) -> Value {
    let mut tags = vec!["security".to_string(), m.service.clone()];
    tags.extend(m.compliance.tags());
    json!({
        "id": m.id,
        "name": m.name,
        "shortDescription": { "text": m.title },
        "fullDescription": { "text": m.description },
        "help": { "text": m.help, "markdown": m.doc },
        "helpUri": m.doc_url(),
        "defaultConfiguration": { "level": level(m.severity) },
        "properties": {
            "tags": tags,
            "security-severity": security_severity(m.severity),
        }
    })
}

fn result(view: &View, f: &Finding, rule_index: usize, print: &Fingerprint) -> Value {
    let file = view.file(f);
    let mut properties = Map::new();
    properties.insert(
        "security-severity".into(),
        json!(security_severity(f.severity)),
    );
    properties.insert("resource".into(), json!(f.resource));
    if !f.notes.is_empty() {
        properties.insert("notes".into(), json!(f.notes));
    }
    let trail = f.trail.iter().map(|t| (t.range, super::trail_note(t)));
    let related: Vec<Value> = trail
        .chain(f.related.iter().cloned())
        .enumerate()
        .map(|(i, (range, note))| {
            let at = view.result.sources.get(range.file);
            json!({ "id": i + 1, "message": { "text": note }, "physicalLocation": physical_location(at, range) })
        })
        .collect();
    let mut result = json!({
        "ruleId": f.rule.id,
        "ruleIndex": rule_index,
        "level": level(f.severity),
        "message": { "text": f.message },
        "locations": [{ "physicalLocation": physical_location(file, f.range) }],
        "partialFingerprints": { FINGERPRINT_KEY: print.to_string() },
        "properties": properties,
    });
    if !related.is_empty() {
        result["relatedLocations"] = json!(related);
    }
    result
}

pub fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Critical | Severity::High => "error",
        Severity::Medium => "warning",
        Severity::Low => "note",
    }
}

/// The `security-severity` score GitHub uses to bucket alerts.
pub fn security_severity(severity: Severity) -> &'static str {
    match severity {
        Severity::Critical => "9.5",
        Severity::High => "8.0",
        Severity::Medium => "5.5",
        Severity::Low => "3.0",
    }
}

fn physical_location(file: &SourceFile, range: Range) -> Value {
    let span = clamp_span(file, range.span);
    let start = file.line_col(span.start);
    let end = file.line_col(span.end);
    let char_start = file.char_offset(span.start as usize);
    let char_len = file.slice(span).chars().count();
    json!({
        "artifactLocation": artifact_location(&file.path),
        "region": {
            "startLine": start.line,
            "startColumn": start.col,
            "endLine": end.line,
            "endColumn": end.col,
            "charOffset": char_start,
            "charLength": char_len,
        }
    })
}

/// A relative path becomes a percent-encoded URI relative to `%SRCROOT%`; an
/// absolute one (a file outside the working directory) a `file://` URI.
fn artifact_location(path: &Path) -> Value {
    let s = path_string(path);
    if path.is_absolute() || s.starts_with('/') {
        let s = if s.starts_with('/') {
            s
        } else {
            format!("/{s}")
        };
        json!({ "uri": format!("file://{}", encode_uri_path(&s)) })
    } else {
        let rel = s.trim_start_matches("./");
        json!({ "uri": encode_uri_path(rel), "uriBaseId": SRCROOT })
    }
}

/// Percent-encodes everything but RFC 3986 unreserved characters and `/`
/// (plus the `:` of a Windows drive letter in an absolute path).
pub fn encode_uri_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    let bytes = path.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        let drive_colon = b == b':' && i == 2 && bytes[0] == b'/' && bytes[1].is_ascii_alphabetic();
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/') || drive_colon
        {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use serde_json::{json, Value};

    use super::super::{render as render_report, testutil, Format, RenderOptions};
    use super::*;
    use crate::finding::ScanResult;

    fn sarif(result: &ScanResult) -> Value {
        let out = render_report(Format::Sarif, result, &RenderOptions::default());
        assert!(out.ends_with("}\n"));
        serde_json::from_str(&out).expect("valid JSON")
    }

    #[test]
    fn document_shape() {
        let v = sarif(&testutil::result());
        assert_eq!(v["$schema"], SCHEMA_URI);
        assert_eq!(v["version"], "2.1.0");
        let run = &v["runs"][0];
        assert_eq!(run["columnKind"], "unicodeCodePoints");
        assert!(run["originalUriBaseIds"]["%SRCROOT%"].is_object());
        let driver = &run["tool"]["driver"];
        assert_eq!(driver["name"], "palisade");
        assert_eq!(driver["version"], env!("CARGO_PKG_VERSION"));
        let rules = driver["rules"].as_array().unwrap();
        let idx = rules
            .iter()
            .position(|r| r["id"] == "TEST-S3-001")
            .expect("finding's rule is listed");
        let rule = &rules[idx];
        assert_eq!(rule["name"], "test-s3-public-acl");
        assert_eq!(
            rule["shortDescription"]["text"],
            "S3 bucket has a public ACL"
        );
        assert_eq!(
            rule["fullDescription"]["text"],
            "Flags S3 buckets with a public ACL."
        );
        assert_eq!(rule["help"]["text"], "Set `acl` to `private`.");
        assert_eq!(rule["help"]["markdown"], testutil::DOC);
        assert_eq!(
            rule["helpUri"],
            "https://github.com/palisade-iac/palisade/blob/main/rules/s3/test-s3-public-acl.md"
        );
        assert_eq!(rule["defaultConfiguration"]["level"], "error");
        assert_eq!(
            rule["properties"],
            json!({"tags": ["security", "s3"], "security-severity": "8.0"})
        );

        let result = &run["results"][0];
        assert_eq!(result["ruleId"], "TEST-S3-001");
        assert_eq!(result["ruleIndex"], idx);
        assert_eq!(result["level"], "error");
        assert_eq!(
            result["message"]["text"],
            "aws_s3_bucket.logs has acl = \"public-read\""
        );
        assert_eq!(
            result["locations"][0]["physicalLocation"],
            json!({
                "artifactLocation": {"uri": "infra/main%20file.tf", "uriBaseId": "%SRCROOT%"},
                "region": {
                    "startLine": 3, "startColumn": 12, "endLine": 3, "endColumn": 25,
                    "charOffset": 63, "charLength": 13
                }
            })
        );
        assert_eq!(
            result["properties"],
            json!({
                "security-severity": "8.0",
                "resource": "aws_s3_bucket.logs",
                "notes": ["when var.public is true"]
            })
        );
        let fp = result["partialFingerprints"]["palisade/v1"]
            .as_str()
            .unwrap();
        assert_eq!(fp.len(), 18, "{fp}");
        assert!(fp.ends_with(":1"));
    }

    #[test]
    fn errors_become_notifications() {
        let v = sarif(&testutil::result());
        let inv = &v["runs"][0]["invocations"][0];
        assert_eq!(inv["executionSuccessful"], false);
        let n = &inv["toolExecutionNotifications"];
        assert_eq!(n[0]["level"], "error");
        assert_eq!(n[0]["message"]["text"], "unclosed block");
        assert_eq!(n[0]["descriptor"]["id"], "parse-error");
        assert_eq!(
            n[0]["locations"][0]["physicalLocation"]["region"]["startColumn"],
            14
        );
        assert_eq!(
            n[1]["locations"][0]["physicalLocation"],
            json!({"artifactLocation": {"uri": "infra/secret.tf", "uriBaseId": "%SRCROOT%"}})
        );
        let clean = sarif(&testutil::clean());
        let inv = &clean["runs"][0]["invocations"][0];
        assert_eq!(inv["executionSuccessful"], true);
        assert_eq!(inv["toolExecutionNotifications"], json!([]));
        assert_eq!(clean["runs"][0]["results"], json!([]));
    }

    #[test]
    fn fingerprint_ignores_line_moves() {
        let a = sarif(&testutil::result());
        let b = sarif(&testutil::result_with_prefix(
            "# a comment\n\nvariable \"public\" {}\n\n",
        ));
        let region = |v: &Value| {
            v["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"]
                .clone()
        };
        assert_eq!(region(&a), 3);
        assert_eq!(region(&b), 7);
        let fp = |v: &Value| v["runs"][0]["results"][0]["partialFingerprints"].clone();
        assert_eq!(fp(&a), fp(&b));
        // A different resource does change it.
        let mut c = testutil::result();
        c.findings[0].resource = "aws_s3_bucket.other".into();
        assert_ne!(fp(&a), fp(&sarif(&c)));
    }

    #[test]
    fn suppressed_findings_are_results_with_suppressions() {
        let v = sarif(&testutil::with_suppressed());
        let results = v["runs"][0]["results"].as_array().unwrap();
        assert_eq!(results.len(), 2);
        assert!(results[0].get("suppressions").is_none());
        let r = &results[1];
        assert_eq!(r["ruleId"], "TEST-S3-001");
        assert_eq!(r["level"], "warning");
        assert_eq!(
            r["locations"][0]["physicalLocation"]["region"]["startLine"],
            2
        );
        assert_eq!(
            r["suppressions"],
            json!([{
                "kind": "inSource",
                "justification": "logs are public by design",
                "location": {"physicalLocation": {
                    "artifactLocation": {"uri": "infra/main%20file.tf", "uriBaseId": "%SRCROOT%"},
                    "region": {
                        "startLine": 1, "startColumn": 1, "endLine": 1, "endColumn": 9,
                        "charOffset": 0, "charLength": 8
                    }
                }},
                "properties": {"syntax": "palisade", "expires": "2027-01-31"}
            }])
        );
        // Fingerprints are computed over findings and suppressed findings
        // together: the unsuppressed finding keeps its own.
        let plain = sarif(&testutil::result());
        assert_eq!(
            results[0]["partialFingerprints"],
            plain["runs"][0]["results"][0]["partialFingerprints"]
        );
        assert_ne!(
            results[1]["partialFingerprints"],
            results[0]["partialFingerprints"]
        );
        // A threshold does not renumber occurrences.
        let high = render_report(
            Format::Sarif,
            &testutil::with_suppressed(),
            &RenderOptions {
                min_severity: Some(Severity::High),
                ..Default::default()
            },
        );
        let high: Value = serde_json::from_str(&high).unwrap();
        assert_eq!(high["runs"][0]["results"].as_array().unwrap().len(), 1);
        assert_eq!(
            high["runs"][0]["results"][0]["partialFingerprints"],
            results[0]["partialFingerprints"]
        );
    }

    #[test]
    fn repeated_fingerprints_get_occurrence_numbers() {
        let mut r = testutil::result();
        let dup = r.findings[0].clone();
        r.findings.push(dup);
        let v = sarif(&r);
        let fp = |i: usize| {
            v["runs"][0]["results"][i]["partialFingerprints"]["palisade/v1"]
                .as_str()
                .unwrap()
                .to_string()
        };
        assert_eq!(fp(0)[..16], fp(1)[..16]);
        assert!(fp(0).ends_with(":1") && fp(1).ends_with(":2"));
    }

    #[test]
    fn uris() {
        assert_eq!(encode_uri_path("a b/c#d.tf"), "a%20b/c%23d.tf");
        assert_eq!(encode_uri_path("caf\u{e9}.tf"), "caf%C3%A9.tf");
        assert_eq!(encode_uri_path("/C:/x y.tf"), "/C:/x%20y.tf");
        assert_eq!(
            artifact_location(Path::new("./x.tf")),
            json!({"uri": "x.tf", "uriBaseId": "%SRCROOT%"})
        );
        if cfg!(unix) {
            assert_eq!(
                artifact_location(Path::new("/tmp/a b.tf")),
                json!({"uri": "file:///tmp/a%20b.tf"})
            );
        }
    }

    #[test]
    fn levels_and_scores() {
        assert_eq!(level(Severity::Critical), "error");
        assert_eq!(level(Severity::Medium), "warning");
        assert_eq!(level(Severity::Low), "note");
        assert_eq!(security_severity(Severity::Critical), "9.5");
        assert_eq!(security_severity(Severity::Low), "3.0");
    }
}
