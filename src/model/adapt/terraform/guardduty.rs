//! GuardDuty: `aws_guardduty_detector`.

use super::{Cx, Handler};
use crate::model::adapt::{bool_field, Variant};
use crate::model::guardduty::Detector;

pub(super) const KINDS: &[(&str, Handler)] = &[("aws_guardduty_detector", detector)];

fn detector(cx: &mut Cx, v: &Variant) {
    cx.m.guardduty.detectors.push(Detector {
        meta: v.meta.clone(),
        enabled: bool_field(&v.body, "enable", true, v.res.range),
    });
}
