//! AWS-CT-001 cloudtrail-log-validation-disabled.

use crate::model::{Model, Val};
use crate::rules::Emitter;

pub(crate) fn check(model: &Model, e: &mut Emitter) {
    for t in &model.cloudtrail.trails {
        if let Val::Known(false, range) = t.log_file_validation {
            let how = if range == t.meta.range {
                "does not enable log file validation"
            } else {
                "disables log file validation"
            };
            e.report(&t.meta, range, format!("trail {} {how}", t.meta.name()));
        }
    }
}
