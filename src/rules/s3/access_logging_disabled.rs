//! AWS-S3-005 s3-bucket-access-logging-disabled: buckets without server
//! access logging, except those that receive other buckets' access logs.

use crate::model::Model;
use crate::rules::Emitter;

pub(crate) fn check(model: &Model, e: &mut Emitter) {
    for bucket in &model.s3.buckets {
        let Some((false, range)) = bucket.logging.get() else {
            continue;
        };
        // A log bucket logging into itself, or into another log bucket,
        // only adds log records about log deliveries.
        if bucket.access_log_target.known() != Some(&false) {
            continue;
        }
        e.report(
            &bucket.meta,
            range,
            format!(
                "S3 bucket {} does not enable server access logging",
                bucket.meta.name()
            ),
        );
    }
}
