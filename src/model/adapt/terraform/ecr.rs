//! ECR: `aws_ecr_repository`, `aws_ecr_registry_scanning_configuration`.

use super::{Cx, Handler};
use crate::eval::value::Kind;
use crate::model::adapt::{bool_field, Variant};
use crate::model::ecr::Repository;
use crate::model::Val;

pub(super) const KINDS: &[(&str, Handler)] = &[
    ("aws_ecr_repository", repository),
    ("aws_ecr_registry_scanning_configuration", registry_scanning),
];

/// `image_scanning_configuration { scan_on_push }`; no block is no scan on
/// push.
fn repository(cx: &mut Cx, v: &Variant) {
    let at = v.res.range;
    let scan_on_push = match v
        .body
        .get("image_scanning_configuration")
        .map(|b| b.items())
    {
        None => Val::Default(false, at),
        Some(blocks) => match blocks.first() {
            Some(b) if matches!(b.kind, Kind::Map(_)) => {
                bool_field(b, "scan_on_push", false, b.range)
            }
            Some(b) => Val::Unknown(b.range),
            None => Val::Default(false, at),
        },
    };
    cx.m.ecr.repositories.push(Repository {
        meta: v.meta.clone(),
        scan_on_push,
        registry_scanning: false,
    });
}

fn registry_scanning(cx: &mut Cx, v: &Variant) {
    cx.m.ecr.registry_scanning.push(v.meta.clone());
}
