//! KMS: `AWS::KMS::Key`.

use super::{Cx, Handler};
use crate::model::adapt::{bool_field, policy_document, string_or, Variant};
use crate::model::kms::{Key, KeyPolicy};

pub(super) const KINDS: &[(&str, Handler)] = &[("AWS::KMS::Key", key)];

fn key(cx: &mut Cx, v: &Variant) {
    let b = &v.body;
    let r = v.res.range;
    if let Some(document) = b.get("KeyPolicy").and_then(policy_document) {
        cx.m.kms.policies.push(KeyPolicy {
            meta: v.meta.clone(),
            document,
        });
    }
    cx.m.kms.keys.push(Key {
        meta: v.meta.clone(),
        rotation: bool_field(b, "EnableKeyRotation", false, r),
        spec: string_or(b, "KeySpec", "SYMMETRIC_DEFAULT", r),
        origin: string_or(b, "Origin", "AWS_KMS", r),
    });
}
