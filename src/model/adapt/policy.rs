//! The IAM JSON policy grammar (`Statement`, `Effect`, `Action`, ...), read
//! the same way from both formats: a structure, or a JSON string.

use super::{string_val, strings};
use crate::eval::value::{Kind, Value};
use crate::model::iam::{PolicyDocument, Statement};
use crate::model::Val;

/// A JSON policy document given as a structure or as a JSON string.
pub fn policy_document(v: &Value) -> Option<PolicyDocument> {
    match &v.kind {
        Kind::Map(_) => Some(json_document(v)),
        Kind::String(s) => crate::eval::parse_json_string(s, v.range).map(|d| json_document(&d)),
        _ => None,
    }
}

/// Reads the IAM JSON policy grammar (`Statement`, `Effect`, `Action`, ...).
pub(crate) fn json_document(doc: &Value) -> PolicyDocument {
    let statements = doc
        .get("Statement")
        .map(|s| s.items())
        .unwrap_or_default()
        .into_iter()
        .filter(|s| matches!(s.kind, Kind::Map(_)))
        .map(|s| Statement {
            range: s.range,
            effect: s
                .get("Effect")
                .map(string_val)
                .unwrap_or(Val::Unknown(s.range)),
            actions: strings(s.get("Action")),
            not_actions: s.field("NotAction").map(|f| f.key_range),
            resources: strings(s.get("Resource")),
            principals: principals(s.get("Principal")),
            has_condition: match s.get("Condition") {
                None => Val::Known(false, s.range),
                Some(c) => match &c.kind {
                    Kind::Map(f) => Val::Known(!f.is_empty(), c.range),
                    _ => Val::Unknown(c.range),
                },
            },
        })
        .collect();
    PolicyDocument { statements }
}

/// `"*"`, `{"AWS": "*"}`, `{"AWS": ["arn:..", "*"]}`, `{"Service": ...}`.
fn principals(v: Option<&Value>) -> Vec<Val<String>> {
    let Some(v) = v else { return Vec::new() };
    match &v.kind {
        Kind::Map(fields) => fields
            .iter()
            .flat_map(|f| strings(Some(&f.value)))
            .collect(),
        _ => strings(Some(v)),
    }
}
