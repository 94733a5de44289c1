//! SQS queues.

use super::{Meta, Val};

#[derive(Debug, Default)]
pub struct Sqs {
    pub queues: Vec<Queue>,
}

merge_lists!(Sqs { queues });

/// `aws_sqs_queue`, `AWS::SQS::Queue`.
#[derive(Clone, Debug)]
pub struct Queue {
    pub meta: Meta,
    /// Whether `kms_master_key_id` / `KmsMasterKeyId` names a KMS key
    /// (SSE-KMS). AWS default: none.
    pub kms_key: Val<bool>,
    /// `sqs_managed_sse_enabled` / `SqsManagedSseEnabled` (SSE-SQS, keys
    /// owned by SQS). AWS default `true`: SQS has encrypted every queue
    /// created through its HTTPS endpoints with SSE-SQS since October 2022,
    /// and both the AWS provider (which leaves the attribute out of the
    /// request when it is not written) and CloudFormation use them.
    pub managed_sse: Val<bool>,
}

impl Queue {
    /// Whether messages are stored unencrypted: SSE-SQS turned off and no
    /// KMS key. `None` when an unknown value decides.
    pub fn unencrypted(&self) -> Option<bool> {
        if *self.managed_sse.known()? {
            return Some(false);
        }
        Some(!*self.kms_key.known()?)
    }
}
