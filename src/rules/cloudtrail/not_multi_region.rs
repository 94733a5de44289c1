//! AWS-CT-002 cloudtrail-not-multi-region.

use crate::model::Model;
use crate::rules::Emitter;

pub(crate) fn check(model: &Model, e: &mut Emitter) {
    for t in &model.cloudtrail.trails {
        if let Some((false, range)) = t.multi_region.get() {
            let how = if t.multi_region.is_default() {
                "does not enable multi-Region logging, so it records events of its own Region only"
            } else {
                "sets multi-Region logging to false, so it records events of its own Region only"
            };
            e.report(&t.meta, range, format!("trail {} {how}", t.meta.name()));
        }
    }
}
