//! ECR: `AWS::ECR::Repository`, `AWS::ECR::RegistryScanningConfiguration`.

use super::{Cx, Handler};
use crate::eval::value::Kind;
use crate::model::adapt::{bool_field, Variant};
use crate::model::ecr::Repository;
use crate::model::Val;

pub(super) const KINDS: &[(&str, Handler)] = &[
    ("AWS::ECR::Repository", repository),
    ("AWS::ECR::RegistryScanningConfiguration", registry_scanning),
];

/// `ImageScanningConfiguration: { ScanOnPush }`; left out, no scan on push.
fn repository(cx: &mut Cx, v: &Variant) {
    let at = v.res.range;
    let scan_on_push = match v.body.get("ImageScanningConfiguration") {
        None => Val::Default(false, at),
        Some(c) if matches!(c.kind, Kind::Map(_)) => bool_field(c, "ScanOnPush", false, c.range),
        Some(c) => Val::Unknown(c.range),
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
