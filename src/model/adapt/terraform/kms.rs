//! KMS: `aws_kms_key`.

use super::iam::resolve_document;
use super::{Cx, Handler};
use crate::model::adapt::{bool_field, is_set, string_or, Variant};
use crate::model::kms::{Key, KeyPolicy};
use crate::model::Val;

pub(super) const KINDS: &[(&str, Handler)] =
    &[("aws_kms_key", key), ("aws_kms_key_policy", key_policy)];

fn key(cx: &mut Cx, v: &Variant) {
    let b = &v.body;
    let r = v.res.range;
    let origin = match b.get("custom_key_store_id") {
        Some(store) if is_set(b, "custom_key_store_id") => {
            Val::Known("CUSTOM_KEY_STORE".to_string(), store.range)
        }
        _ => Val::Default("AWS_KMS".to_string(), r),
    };
    key_policy(cx, v);
    cx.m.kms.keys.push(Key {
        meta: v.meta.clone(),
        rotation: bool_field(b, "enable_key_rotation", false, r),
        spec: string_or(b, "customer_master_key_spec", "SYMMETRIC_DEFAULT", r),
        origin,
    });
}

/// The `policy` of `aws_kms_key` or `aws_kms_key_policy`: a JSON string,
/// `jsonencode(...)` or an `aws_iam_policy_document`.
fn key_policy(cx: &mut Cx, v: &Variant) {
    let Some(p) = v.body.get("policy") else {
        return;
    };
    for (meta, document) in resolve_document(p, &cx.iam.documents).unwrap_or_default() {
        cx.m.kms.policies.push(KeyPolicy {
            meta: meta.unwrap_or_else(|| v.meta.clone()),
            document,
        });
    }
}
