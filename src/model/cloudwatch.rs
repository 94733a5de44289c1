//! CloudWatch Logs log groups.

use super::{Meta, Val};

#[derive(Debug, Default)]
pub struct CloudWatch {
    pub log_groups: Vec<LogGroup>,
}

merge_lists!(CloudWatch { log_groups });

/// A log group: `aws_cloudwatch_log_group`, `AWS::Logs::LogGroup`.
#[derive(Clone, Debug)]
pub struct LogGroup {
    pub meta: Meta,
    /// `retention_in_days` / `RetentionInDays`: days CloudWatch Logs keeps
    /// events, `0` for never expire (Terraform's `0`, and AWS's default when
    /// left out in either format).
    pub retention_days: Val<i64>,
    /// Whether `kms_key_id` / `KmsKeyId` names a customer managed KMS key;
    /// AWS default none (CloudWatch Logs encrypts with keys it manages).
    pub kms_key: Val<bool>,
}
