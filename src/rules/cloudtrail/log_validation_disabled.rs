//! AWS-CT-001 cloudtrail-log-validation-disabled.

use crate::model::Model;
use crate::rules::Emitter;

pub(crate) fn check(model: &Model, e: &mut Emitter) {
    for t in &model.cloudtrail.trails {
        if let Some((false, range)) = t.log_file_validation.get() {
            let how = if t.log_file_validation.is_default() {
                "does not enable log file validation"
            } else {
                "disables log file validation"
            };
            e.report(&t.meta, range, format!("trail {} {how}", t.meta.name()));
        }
    }
}
