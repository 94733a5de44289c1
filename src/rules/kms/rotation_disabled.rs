//! AWS-KMS-001 kms-key-rotation-disabled.

use crate::model::Model;
use crate::rules::Emitter;

pub(crate) fn check(model: &Model, e: &mut Emitter) {
    for k in &model.kms.keys {
        if k.rotatable() != Some(true) {
            continue;
        }
        if let Some((false, range)) = k.rotation.get() {
            let how = if k.rotation.is_default() {
                "does not enable automatic key rotation"
            } else {
                "sets automatic key rotation to false"
            };
            e.report(&k.meta, range, format!("KMS key {} {how}", k.meta.name()));
        }
    }
}
