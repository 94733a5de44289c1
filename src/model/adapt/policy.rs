//! The IAM JSON policy grammar (`Statement`, `Effect`, `Action`, ...), read
//! the same way from both formats: a structure, or a JSON string.

use super::{string_val, strings};
use crate::eval::value::{Kind, Value};
use crate::model::iam::{Condition, PolicyDocument, Principal, Statement};
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
            not_principals: s.field("NotPrincipal").map(|f| f.key_range),
            conditions: conditions(s),
        })
        .collect();
    PolicyDocument {
        statements,
        merges_others: false,
    }
}

/// `"*"`, `{"AWS": "*"}`, `{"AWS": ["arn:..", "*"]}`, `{"Service": ...}`.
fn principals(v: Option<&Value>) -> Vec<Principal> {
    let Some(v) = v else { return Vec::new() };
    match &v.kind {
        Kind::Map(fields) => fields
            .iter()
            .flat_map(|f| {
                strings(Some(&f.value)).into_iter().map(|value| Principal {
                    kind: f.key.clone(),
                    value,
                })
            })
            .collect(),
        Kind::Unknown(_) => vec![Principal {
            kind: "*".into(),
            value: Val::Unknown(v.range),
        }],
        _ => strings(Some(v))
            .into_iter()
            .map(|value| Principal {
                kind: "*".into(),
                value,
            })
            .collect(),
    }
}

/// `"Condition": {"StringEquals": {"aws:SourceVpce": ["vpce-1"]}}`: one
/// entry per operator and key. Unknown when the block or an operator's
/// entry is not a map.
fn conditions(statement: &Value) -> Val<Vec<Condition>> {
    let Some(c) = statement.get("Condition") else {
        return Val::Known(Vec::new(), statement.range);
    };
    let Kind::Map(operators) = &c.kind else {
        return Val::Unknown(c.range);
    };
    let mut out = Vec::new();
    for op in operators {
        let Kind::Map(keys) = &op.value.kind else {
            return Val::Unknown(op.value.range);
        };
        for k in keys {
            out.push(Condition {
                operator: op.key.clone(),
                key: k.key.clone(),
                values: strings(Some(&k.value)),
                range: op.key_range,
            });
        }
    }
    Val::Known(out, c.range)
}
