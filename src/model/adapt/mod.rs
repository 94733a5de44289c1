//! Adapters: evaluated resources to the typed model. One per format; both fill
//! the same types, and link split resources (S3 settings, flow logs, rules,
//! policies) to their parents by reference or by literal name.

pub(crate) mod access_logs;
pub mod cloudformation;
pub(crate) mod elasticache;
pub(crate) mod lambda;
pub(crate) mod link;
mod policy;
pub mod terraform;

pub(crate) use link::{same_resource, without_key};
pub use policy::policy_document;

use std::sync::Arc;

use super::{Meta, Model, Val};
use crate::eval::cloudformation::Labels;
use crate::eval::terraform::Related;
use crate::eval::value::{variants, Kind, Value};
use crate::eval::{Format, Resource, Unit};
use crate::source::Range;

/// Adapts one unit (a Terraform module or a CloudFormation template).
pub fn adapt(unit: &Unit) -> Model {
    adapt_full(unit, &Labels::new(), &Related::new())
}

/// Adapts one unit whose resources may have labels (CDK construct paths).
pub fn adapt_labelled(unit: &Unit, labels: &Labels) -> Model {
    adapt_full(unit, labels, &Related::new())
}

/// [`adapt`], with the calling module blocks of Terraform resources
/// evaluated inside modules.
pub fn adapt_with(unit: &Unit, related: &Related) -> Model {
    adapt_full(unit, &Labels::new(), related)
}

fn adapt_full(unit: &Unit, labels: &Labels, related: &Related) -> Model {
    let mut model = match unit.format {
        Format::Terraform => terraform::adapt(unit, related),
        Format::CloudFormation => cloudformation::adapt(unit, labels),
    };
    model.resource_count = unit.resources.iter().filter(|r| !r.data_source).count();
    model
}

/// One configuration of a resource: its body with every choice decided, and
/// the conditions that lead to it.
pub(crate) struct Variant<'a> {
    pub res: &'a Resource,
    pub body: Value,
    pub meta: Meta,
}

/// Expands a resource's choices into variants. A variant whose whole body
/// is unknown (the evaluation budget ran out) says nothing about any field,
/// so it is left out rather than read as "every field missing".
pub(crate) fn variants_of(res: &Resource) -> Vec<Variant<'_>> {
    variants_related(res, &Related::new())
}

/// [`variants_of`] for a resource that may be inside a module instance.
pub(crate) fn variants_related<'a>(res: &'a Resource, related: &Related) -> Vec<Variant<'a>> {
    let chain: Arc<[(Range, String)]> = related
        .get(&res.address)
        .cloned()
        .unwrap_or_else(|| Arc::from([]));
    let all = variants(&res.body);
    let count = all.len();
    all.into_iter()
        .filter(|(_, body)| !matches!(body.kind, Kind::Unknown(_)))
        .map(|(conds, body)| {
            let mut when: Vec<String> = res.when.iter().cloned().collect();
            when.extend(conds.iter().map(|c| c.to_string()));
            Variant {
                res,
                body,
                meta: Meta {
                    address: res.address.clone(),
                    kind: res.kind.clone(),
                    range: res.range,
                    when: (!when.is_empty()).then(|| format!("when {}", when.join(" and "))),
                    variants: count,
                    label: None,
                    related: chain.clone(),
                },
            }
        })
        .collect()
}

/// A boolean field; `default` applies at `missing` when the field is absent.
pub(crate) fn bool_field(body: &Value, key: &str, default: bool, missing: Range) -> Val<bool> {
    match body.get(key) {
        None => Val::Default(default, missing),
        Some(v) => match v.as_bool() {
            Some(b) => Val::Known(b, v.range),
            None => Val::Unknown(v.range),
        },
    }
}

pub(crate) fn string_val(v: &Value) -> Val<String> {
    match &v.kind {
        Kind::String(s) => Val::Known(s.text.clone(), v.range),
        Kind::Number(_) | Kind::Bool(_) => Val::Known(
            crate::eval::terraform::scalar_string(v).unwrap_or_default(),
            v.range,
        ),
        _ => Val::Unknown(v.range),
    }
}

pub(crate) fn string_field(body: &Value, key: &str) -> Option<Val<String>> {
    body.get(key).map(string_val)
}

/// A string field; `default` applies at `missing` when the field is absent.
pub(crate) fn string_or(body: &Value, key: &str, default: &str, missing: Range) -> Val<String> {
    match body.get(key) {
        None => Val::Default(default.to_string(), missing),
        Some(v) => string_val(v),
    }
}

pub(crate) fn int_val(v: Option<&Value>, missing: Range) -> Val<i64> {
    match v {
        None => Val::Unknown(missing),
        Some(v) => match v.as_i64() {
            Some(n) => Val::Known(n, v.range),
            None => Val::Unknown(v.range),
        },
    }
}

/// An integer field; `default` applies at `missing` when the field is
/// absent. A string of digits counts, as both formats convert it.
pub(crate) fn int_or(body: &Value, key: &str, default: i64, missing: Range) -> Val<i64> {
    match body.get(key) {
        None => Val::Default(default, missing),
        Some(v) => match v.as_i64() {
            Some(n) => Val::Known(n, v.range),
            None => Val::Unknown(v.range),
        },
    }
}

/// Every string of a list (or a single string).
pub(crate) fn strings(v: Option<&Value>) -> Vec<Val<String>> {
    v.map(|v| v.items().into_iter().map(string_val).collect())
        .unwrap_or_default()
}

/// Whether a field names something (a KMS key id, an ARN): `Known(true)`
/// at a written value, `Known(false)` at an empty or blank string, `Default(false)` at `missing` when the
/// field is left out (or null), `Unknown` when its value is not known.
pub(crate) fn presence(body: &Value, key: &str, missing: Range) -> Val<bool> {
    match body.get(key) {
        None => Val::Default(false, missing),
        Some(v) => match &v.kind {
            Kind::String(s) => Val::Known(!s.text.trim().is_empty(), v.range),
            Kind::Unknown(_) | Kind::Choice(_) => Val::Unknown(v.range),
            _ => Val::Known(true, v.range),
        },
    }
}

/// A boolean inside a nested block or property (`point_in_time_recovery {
/// enabled }`, `SSESpecification: {SSEEnabled}`): `default` at `missing`
/// when the block is absent, or at the block when the field is; unknown
/// when the block is.
pub(crate) fn nested_bool(
    body: &Value,
    block: &str,
    key: &str,
    default: bool,
    missing: Range,
) -> Val<bool> {
    match body.blocks(block).first() {
        None => Val::Default(default, missing),
        Some(b) if matches!(b.kind, Kind::Map(_)) => bool_field(b, key, default, b.range),
        Some(b) => Val::Unknown(b.range),
    }
}

/// Whether a field is set to something (a known non-empty value or an unknown).
pub(crate) fn is_set(body: &Value, key: &str) -> bool {
    match body.get(key) {
        None => false,
        Some(v) => !matches!(&v.kind, Kind::String(s) if s.text.is_empty()),
    }
}

#[cfg(test)]
mod tests {
    use super::bool_field;
    use crate::eval::value::{Field, Kind, Value};
    use crate::model::Val;
    use crate::source::{FileId, Range, Span};

    fn r(a: usize, b: usize) -> Range {
        Range::new(FileId(0), Span::new(a, b))
    }

    #[test]
    fn a_missing_attribute_is_the_default_and_a_written_one_is_known() {
        let body = Value::new(
            Kind::Map(vec![Field {
                key: "encrypted".into(),
                key_range: r(1, 10),
                value: Value::new(Kind::Bool(false), r(13, 18)),
            }]),
            r(0, 20),
        );
        let written = bool_field(&body, "encrypted", true, r(0, 20));
        assert_eq!(written, Val::Known(false, r(13, 18)));
        assert!(!written.is_default());
        let missing = bool_field(&body, "kms_key_id_set", false, r(0, 20));
        assert_eq!(missing, Val::Default(false, r(0, 20)));
        assert!(missing.is_default());
        assert_eq!(missing.get(), Some((&false, r(0, 20))));
        let unknown = bool_field(
            &Value::new(
                Kind::Map(vec![Field {
                    key: "encrypted".into(),
                    key_range: r(1, 10),
                    value: Value::new(Kind::Unknown(Default::default()), r(13, 18)),
                }]),
                r(0, 20),
            ),
            "encrypted",
            false,
            r(0, 20),
        );
        assert_eq!(unknown, Val::Unknown(r(13, 18)));
        assert_eq!(unknown.known(), None);
    }
}
