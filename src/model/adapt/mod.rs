//! Adapters: evaluated resources to the typed model. One per format; both fill
//! the same types, and link split resources (S3 settings, flow logs, rules,
//! policies) to their parents by reference or by literal name.

pub mod cloudformation;
pub mod terraform;

use std::sync::Arc;

use super::iam::{PolicyDocument, Statement};
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
        None => Val::Known(default, missing),
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

pub(crate) fn int_val(v: Option<&Value>, missing: Range) -> Val<i64> {
    match v {
        None => Val::Unknown(missing),
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

/// Whether a field is set to something (a known non-empty value or an unknown).
pub(crate) fn is_set(body: &Value, key: &str) -> bool {
    match body.get(key) {
        None => false,
        Some(v) => !matches!(&v.kind, Kind::String(s) if s.text.is_empty()),
    }
}

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

/// Whether a reference and a resource address name the same resource: equal,
/// or one is the other with an instance key (`aws_s3_bucket.b` and
/// `aws_s3_bucket.b[0]`), as a reference whose index is unknown, or a
/// resource whose `count` is unknown, leaves the key out.
pub(crate) fn same_resource(a: &str, b: &str) -> bool {
    let keyed = |short: &str, long: &str| {
        long.strip_prefix(short).is_some_and(|rest| {
            rest.starts_with('[') && rest.ends_with(']') && !rest.contains("].")
        })
    };
    a == b || keyed(a, b) || keyed(b, a)
}

/// An address with its instance key removed (`aws_s3_bucket.b[0]` →
/// `aws_s3_bucket.b`), or `None` when it has none: the prefix that
/// [`same_resource`] pairs it with.
pub(crate) fn without_key(address: &str) -> Option<&str> {
    address
        .match_indices('[')
        .map(|(i, _)| i)
        .find(|&i| {
            let rest = &address[i..];
            rest.ends_with(']') && !rest.contains("].")
        })
        .filter(|&i| i > 0)
        .map(|i| &address[..i])
}

/// Resolves what a reference-valued field points at: the addresses it refers
/// to, or the literal name it holds.
pub(crate) enum Target {
    Refs(Vec<Arc<str>>),
    Name(String),
    Unresolved,
}

pub(crate) fn target(v: Option<&Value>) -> Target {
    let Some(v) = v else {
        return Target::Unresolved;
    };
    if let Some(s) = v.as_str() {
        return Target::Name(s.to_string());
    }
    let refs = v.refs();
    if refs.is_empty() {
        Target::Unresolved
    } else {
        Target::Refs(refs)
    }
}

/// The principals a policy field names: references become the addresses they
/// point at, literal names are kept as written.
pub(crate) fn owners(v: Option<&Value>) -> Vec<String> {
    let Some(v) = v else { return Vec::new() };
    v.items()
        .into_iter()
        .flat_map(|item| match target(Some(item)) {
            Target::Refs(refs) => refs.iter().map(|r| r.to_string()).collect(),
            Target::Name(n) => vec![n],
            Target::Unresolved => Vec::new(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::{same_resource, without_key};

    #[test]
    fn without_key_pairs_like_same_resource() {
        assert_eq!(without_key("aws_s3_bucket.b[0]"), Some("aws_s3_bucket.b"));
        assert_eq!(
            without_key("module.m[\"x\"].aws_s3_bucket.b[\"a.b\"]"),
            Some("module.m[\"x\"].aws_s3_bucket.b")
        );
        assert_eq!(without_key("module.m[\"x\"].aws_s3_bucket.b"), None);
        assert_eq!(without_key("aws_s3_bucket.b"), None);
        for long in ["aws_s3_bucket.b[0]", "module.m[1].aws_s3_bucket.b[\"k\"]"] {
            let short = without_key(long).unwrap();
            assert!(same_resource(short, long) && same_resource(long, short));
        }
    }

    #[test]
    fn references_match_instances() {
        assert!(same_resource("aws_s3_bucket.b", "aws_s3_bucket.b"));
        assert!(same_resource("aws_s3_bucket.b", "aws_s3_bucket.b[0]"));
        assert!(same_resource("aws_s3_bucket.b[\"k\"]", "aws_s3_bucket.b"));
        assert!(!same_resource("aws_s3_bucket.b[0]", "aws_s3_bucket.b[1]"));
        assert!(!same_resource("aws_s3_bucket.b", "aws_s3_bucket.b2"));
        assert!(!same_resource("module.m", "module.m[0].aws_s3_bucket.b"));
    }
}
