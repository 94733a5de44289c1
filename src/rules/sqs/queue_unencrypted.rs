//! AWS-SQS-001 sqs-queue-unencrypted: queues with SSE-SQS turned off and no
//! KMS key.

use crate::model::Model;
use crate::rules::Emitter;

pub(crate) fn check(model: &Model, e: &mut Emitter) {
    for queue in &model.sqs.queues {
        if queue.unencrypted() == Some(true) {
            e.report(
                &queue.meta,
                queue.managed_sse.range(),
                format!(
                    "SQS queue {} turns off SQS-managed encryption and sets no KMS key: its messages are stored unencrypted",
                    queue.meta.name()
                ),
            );
        }
    }
}
