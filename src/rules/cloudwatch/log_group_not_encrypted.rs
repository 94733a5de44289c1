//! AWS-CW-002 cloudwatch-log-group-not-encrypted.

use crate::model::Model;
use crate::rules::Emitter;

pub(crate) fn check(model: &Model, e: &mut Emitter) {
    for g in &model.cloudwatch.log_groups {
        if let Some((false, range)) = g.kms_key.get() {
            let how = if g.kms_key.is_default() {
                "is not encrypted with a customer managed KMS key"
            } else {
                "sets an empty KMS key, so it is not encrypted with a customer managed KMS key"
            };
            e.report(
                &g.meta,
                range,
                format!(
                    "log group {} {how} (CloudWatch Logs still encrypts it with a key it manages)",
                    g.meta.name()
                ),
            );
        }
    }
}
