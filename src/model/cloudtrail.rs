//! CloudTrail trails.

use super::{Meta, Val};

#[derive(Debug, Default)]
pub struct CloudTrail {
    pub trails: Vec<Trail>,
}

merge_lists!(CloudTrail { trails });

#[derive(Clone, Debug)]
pub struct Trail {
    pub meta: Meta,
    /// `enable_log_file_validation` / `EnableLogFileValidation`; AWS default
    /// `false`.
    pub log_file_validation: Val<bool>,
    /// `is_multi_region_trail` / `IsMultiRegionTrail`; AWS default `false`
    /// (the trail records events of its home region only).
    pub multi_region: Val<bool>,
    /// Whether `kms_key_id` / `KMSKeyId` names a KMS key for SSE-KMS; AWS
    /// default none (log files get S3's default encryption, SSE-S3).
    pub kms_key: Val<bool>,
    /// Whether `cloud_watch_logs_group_arn` / `CloudWatchLogsLogGroupArn`
    /// names a log group the trail delivers to; AWS default none.
    pub cloudwatch_logs_group: Val<bool>,
    /// Whether `cloud_watch_logs_role_arn` / `CloudWatchLogsRoleArn` names
    /// the role CloudTrail assumes to write to that log group; required
    /// with it.
    pub cloudwatch_logs_role: Val<bool>,
}
