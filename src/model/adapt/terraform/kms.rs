//! KMS: `aws_kms_key`.

use super::{Cx, Handler};
use crate::model::adapt::{bool_field, is_set, string_or, Variant};
use crate::model::kms::Key;
use crate::model::Val;

pub(super) const KINDS: &[(&str, Handler)] = &[("aws_kms_key", key)];

fn key(cx: &mut Cx, v: &Variant) {
    let b = &v.body;
    let r = v.res.range;
    let origin = match b.get("custom_key_store_id") {
        Some(store) if is_set(b, "custom_key_store_id") => {
            Val::Known("CUSTOM_KEY_STORE".to_string(), store.range)
        }
        _ => Val::Default("AWS_KMS".to_string(), r),
    };
    cx.m.kms.keys.push(Key {
        meta: v.meta.clone(),
        rotation: bool_field(b, "enable_key_rotation", false, r),
        spec: string_or(b, "customer_master_key_spec", "SYMMETRIC_DEFAULT", r),
        origin,
    });
}
