//! KMS: `AWS::KMS::Key`.

use super::{Cx, Handler};
use crate::model::adapt::{bool_field, string_or, Variant};
use crate::model::kms::Key;

pub(super) const KINDS: &[(&str, Handler)] = &[("AWS::KMS::Key", key)];

fn key(cx: &mut Cx, v: &Variant) {
    let b = &v.body;
    let r = v.res.range;
    cx.m.kms.keys.push(Key {
        meta: v.meta.clone(),
        rotation: bool_field(b, "EnableKeyRotation", false, r),
        spec: string_or(b, "KeySpec", "SYMMETRIC_DEFAULT", r),
        origin: string_or(b, "Origin", "AWS_KMS", r),
    });
}
