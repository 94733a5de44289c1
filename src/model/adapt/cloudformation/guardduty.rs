//! GuardDuty: `AWS::GuardDuty::Detector`.

use super::{Cx, Handler};
use crate::model::adapt::{bool_field, Variant};
use crate::model::guardduty::Detector;
use crate::model::Val;

pub(super) const KINDS: &[(&str, Handler)] = &[("AWS::GuardDuty::Detector", detector)];

fn detector(cx: &mut Cx, v: &Variant) {
    let enabled = match v.body.get("Enable") {
        // Required: a detector without it does not deploy.
        None => Val::Unknown(v.res.range),
        Some(_) => bool_field(&v.body, "Enable", true, v.res.range),
    };
    cx.m.guardduty.detectors.push(Detector {
        meta: v.meta.clone(),
        enabled,
    });
}
