//! AWS-S3-006 s3-bucket-versioning-disabled: buckets that do not keep
//! object versions.

use crate::model::Model;
use crate::rules::Emitter;

pub(crate) fn check(model: &Model, e: &mut Emitter) {
    for bucket in &model.s3.buckets {
        let Some((false, range)) = bucket.versioning.get() else {
            continue;
        };
        let how = if bucket.versioning.is_default() {
            "does not enable versioning"
        } else {
            "suspends versioning"
        };
        e.report(
            &bucket.meta,
            range,
            format!("S3 bucket {} {how}", bucket.meta.name()),
        );
    }
}
