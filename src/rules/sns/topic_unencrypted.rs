//! AWS-SNS-001 sns-topic-unencrypted: topics without a KMS key for
//! server-side encryption.

use crate::model::Model;
use crate::rules::Emitter;

pub(crate) fn check(model: &Model, e: &mut Emitter) {
    for topic in &model.sns.topics {
        if let Some((false, range)) = topic.kms_key.get() {
            let how = if topic.kms_key.is_default() {
                "does not set a KMS key"
            } else {
                "sets an empty KMS key"
            };
            e.report(
                &topic.meta,
                range,
                format!(
                    "SNS topic {} {how}: its messages are not encrypted at rest with AWS KMS",
                    topic.meta.name()
                ),
            );
        }
    }
}
