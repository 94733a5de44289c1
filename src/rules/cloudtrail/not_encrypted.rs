//! AWS-CT-003 cloudtrail-not-encrypted.

use crate::model::Model;
use crate::rules::Emitter;

pub(crate) fn check(model: &Model, e: &mut Emitter) {
    for t in &model.cloudtrail.trails {
        if let Some((false, range)) = t.kms_key.get() {
            let how = if t.kms_key.is_default() {
                "does not encrypt its log files with a KMS key"
            } else {
                "sets an empty KMS key, so its log files are not encrypted with a KMS key"
            };
            e.report(&t.meta, range, format!("trail {} {how}", t.meta.name()));
        }
    }
}
