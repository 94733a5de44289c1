//! AWS-EFS-001 efs-unencrypted.

use crate::model::Model;
use crate::rules::Emitter;

pub(crate) fn check(model: &Model, e: &mut Emitter) {
    for fs in &model.efs.file_systems {
        if let Some((false, range)) = fs.encrypted.get() {
            let how = if fs.encrypted.is_default() {
                "does not enable encryption at rest"
            } else {
                "sets encryption to false"
            };
            e.report(
                &fs.meta,
                range,
                format!("EFS file system {} {how}", fs.meta.name()),
            );
        }
    }
}
