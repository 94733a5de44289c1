//! Rego policies on the embedded `regorus` interpreter.
//!
//! A policy file is one package with OPA's `# METADATA` annotation (YAML in
//! comments: `title`, `description`, `custom.id`, `custom.severity`, ...)
//! and a `deny` rule. It is evaluated once per resource configuration, with
//! the resource document (`super::document::to_json`) as `input`. Each deny
//! result is a message string, or an object with `msg` and optionally
//! `path` (a dotted string or an array of keys and indexes into
//! `input.attributes`) saying which value is wrong.

use regorus::{Engine, Value as RegoValue};
use serde_json::Value as Json;

use crate::finding::Severity;
use crate::parse::{self, Node, NodeKind};
use crate::source::Span;

/// What the `# METADATA` block says about the policy.
#[derive(Clone, Debug)]
pub struct Metadata {
    pub id: String,
    pub title: String,
    pub description: Option<String>,
    pub severity: Option<Severity>,
    pub recommendation: Option<String>,
    pub url: Option<String>,
}

/// A loaded Rego policy: a prepared engine to clone per unit.
#[derive(Clone)]
pub struct Rego {
    engine: Engine,
    rule: String,
}

/// One deny result: the message and the attribute path it names, if any.
#[derive(Debug, PartialEq)]
pub struct Deny {
    pub msg: String,
    pub path: Option<String>,
}

/// A loading problem: byte span in the file and message.
pub type Problem = (Span, String);

/// Loads a Rego policy from its text.
pub fn load(name: &str, text: &str) -> Result<(Metadata, Rego), Problem> {
    let meta = metadata(text)?;
    let mut engine = Engine::new();
    let package = engine
        .add_policy(name.to_string(), text.to_string())
        .map_err(|e| rego_problem(text, &e.to_string()))?;
    let rule = format!("{package}.deny");
    let mut rego = Rego { engine, rule };
    // Evaluate once on an empty input so that errors in the policy's rules
    // (not only its syntax) are loading errors.
    rego.deny(&Json::Object(Default::default()))
        .map_err(|e| rego_problem(text, &e))?;
    Ok((meta, rego))
}

impl Rego {
    /// The deny results for one input document.
    pub fn deny(&mut self, input: &Json) -> Result<Vec<Deny>, String> {
        self.engine.set_input(RegoValue::from(input.clone()));
        let v = self
            .engine
            .eval_rule(self.rule.clone())
            .map_err(|e| e.to_string())?;
        if v == RegoValue::Undefined {
            return Ok(Vec::new());
        }
        let json: Json = serde_json::from_str(&v.to_json_str().map_err(|e| e.to_string())?)
            .map_err(|e| e.to_string())?;
        let items = match json {
            Json::Array(items) => items,
            Json::Bool(false) | Json::Null => Vec::new(),
            other => vec![other],
        };
        items.into_iter().map(deny_of).collect()
    }
}

fn deny_of(item: Json) -> Result<Deny, String> {
    match item {
        Json::String(msg) => Ok(Deny { msg, path: None }),
        Json::Object(mut o) => {
            let msg = match o.remove("msg") {
                Some(Json::String(s)) => s,
                _ => return Err("a `deny` object needs a string `msg`".into()),
            };
            let path = match o.remove("path") {
                None | Some(Json::Null) => None,
                Some(Json::String(s)) => Some(s),
                Some(Json::Array(parts)) => Some(
                    parts
                        .iter()
                        .map(|p| match p {
                            Json::String(s) => Ok(s.clone()),
                            Json::Number(n) => Ok(n.to_string()),
                            _ => Err("`path` parts must be strings or numbers".to_string()),
                        })
                        .collect::<Result<Vec<_>, _>>()?
                        .join("."),
                ),
                Some(_) => return Err("`path` must be a string or an array".into()),
            };
            Ok(Deny { msg, path })
        }
        other => Err(format!(
            "a `deny` result must be a string or an object with `msg`, not {other}"
        )),
    }
}

/// A regorus error message names `file:line:col`; use it for the span.
fn rego_problem(text: &str, message: &str) -> Problem {
    let re = regex::Regex::new(r":(\d+):(\d+)").expect("static regex");
    let span = re
        .captures(message)
        .and_then(|c| {
            let line: usize = c[1].parse().ok()?;
            let col: usize = c[2].parse().ok()?;
            let start: usize = text
                .split_inclusive('\n')
                .take(line.saturating_sub(1))
                .map(str::len)
                .sum();
            let line_text = text[start..].lines().next().unwrap_or("");
            let off = line_text
                .char_indices()
                .nth(col.saturating_sub(1))
                .map_or(line_text.len(), |(i, _)| i);
            Some(Span::new(start + off, start + off))
        })
        .unwrap_or(Span::new(0, 0));
    let first = message.lines().next().unwrap_or(message).to_string();
    let detail: Vec<&str> = message.lines().skip(1).collect();
    let message = if detail.iter().any(|l| l.contains("error:")) {
        detail
            .iter()
            .find(|l| l.contains("error:"))
            .map(|l| l.trim().to_string())
            .unwrap_or(first)
    } else {
        first
    };
    (span, message)
}

/// Parses the first `# METADATA` comment block.
fn metadata(text: &str) -> Result<Metadata, Problem> {
    let mut offset = 0;
    let mut block: Option<(usize, String)> = None;
    let mut lines = text.split_inclusive('\n').peekable();
    while let Some(line) = lines.next() {
        let start = offset;
        offset += line.len();
        if line.trim() == "# METADATA" {
            let mut yaml = String::new();
            let body_start = offset;
            while let Some(l) = lines.peek() {
                let t = l.trim_start();
                if !t.starts_with('#') {
                    break;
                }
                // Keep byte positions: replace the comment marker by spaces.
                let indent = l.len() - t.len();
                let rest = t
                    .strip_prefix("# ")
                    .or_else(|| t.strip_prefix('#'))
                    .unwrap_or(t);
                let marker = t.len() - rest.len();
                yaml.push_str(&" ".repeat(indent + marker));
                yaml.push_str(rest);
                lines.next();
            }
            let _ = start;
            block = Some((body_start, yaml));
            break;
        }
    }
    let Some((base, yaml)) = block else {
        return Err((
            Span::new(0, 0),
            "a Rego policy needs a `# METADATA` comment block with `custom.id`".into(),
        ));
    };
    let shift = |s: Span| Span::new(base + s.start as usize, base + s.end as usize);
    let parsed = parse::yaml::parse(&yaml).map_err(|e| (shift(e.span), e.message))?;
    let root = parsed.root;
    let str_of = |n: Option<&Node>, key: &str| -> Result<Option<String>, Problem> {
        match n {
            None => Ok(None),
            Some(Node {
                kind: NodeKind::String(s) | NodeKind::Number(s),
                ..
            }) => Ok(Some(s.clone())),
            Some(n) => Err((shift(n.span), format!("`{key}` must be a string"))),
        }
    };
    let custom = root.get("custom");
    let id = str_of(custom.and_then(|c| c.get("id")), "custom.id")?.ok_or((
        shift(root.span),
        "the `# METADATA` block needs `custom.id`".to_string(),
    ))?;
    let severity = match str_of(custom.and_then(|c| c.get("severity")), "custom.severity")? {
        None => None,
        Some(s) => Some(Severity::parse(&s).ok_or_else(|| {
            (
                shift(
                    custom
                        .and_then(|c| c.get("severity"))
                        .map_or(root.span, |n| n.span),
                ),
                format!("unknown severity `{s}` (expected low, medium, high or critical)"),
            )
        })?),
    };
    let url = match root.get("related_resources").and_then(Node::as_seq) {
        Some(items) => items.iter().find_map(|i| {
            i.as_str()
                .map(str::to_string)
                .or_else(|| i.get("ref").and_then(Node::as_str).map(str::to_string))
        }),
        None => None,
    };
    Ok(Metadata {
        title: str_of(root.get("title"), "title")?.unwrap_or_else(|| id.clone()),
        id,
        description: str_of(root.get("description"), "description")?,
        severity,
        recommendation: str_of(
            custom.and_then(|c| c.get("recommended_actions")),
            "custom.recommended_actions",
        )?,
        url,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const POLICY: &str = "# METADATA\n# title: No public ACL\n# custom:\n#   id: ORG-1\n#   severity: high\npackage org.s3\n\nimport rego.v1\n\ndeny contains res if {\n  input.type == \"aws_s3_bucket\"\n  input.attributes.acl == \"public-read\"\n  res := {\"msg\": \"public\", \"path\": [\"acl\"]}\n}\n";

    #[test]
    fn loads_and_denies() {
        let (meta, mut rego) = load("p.rego", POLICY).unwrap();
        assert_eq!(meta.id, "ORG-1");
        assert_eq!(meta.severity, Some(Severity::High));
        let input =
            serde_json::json!({"type": "aws_s3_bucket", "attributes": {"acl": "public-read"}});
        assert_eq!(
            rego.deny(&input).unwrap(),
            vec![Deny {
                msg: "public".into(),
                path: Some("acl".into())
            }]
        );
        let input = serde_json::json!({"type": "aws_s3_bucket", "attributes": {"acl": "private"}});
        assert_eq!(rego.deny(&input).unwrap(), vec![]);
    }

    #[test]
    fn metadata_errors_have_positions() {
        let (span, msg) = load("p.rego", "package x\n").err().unwrap();
        assert_eq!(span.start, 0);
        assert!(msg.contains("METADATA"), "{msg}");
        let bad = "# METADATA\n# custom:\n#   id: X\n#   severity: huge\npackage x\n";
        let (span, msg) = load("p.rego", bad).err().unwrap();
        assert_eq!(&bad[span.start as usize..span.end as usize], "huge");
        assert!(msg.contains("unknown severity"), "{msg}");
    }

    #[test]
    fn syntax_errors_have_positions() {
        let bad = "# METADATA\n# custom:\n#   id: X\npackage x\n\ndeny contains msg if {\n  input.x ==\n}\n";
        let (span, _) = load("p.rego", bad).err().unwrap();
        assert!(span.start > 0);
    }
}
