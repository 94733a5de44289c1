//! SNS topics.

use super::{Meta, Val};

#[derive(Debug, Default)]
pub struct Sns {
    pub topics: Vec<Topic>,
}

merge_lists!(Sns { topics });

/// `aws_sns_topic`, `AWS::SNS::Topic`.
#[derive(Clone, Debug)]
pub struct Topic {
    pub meta: Meta,
    /// Whether `kms_master_key_id` / `KmsMasterKeyId` names a KMS key:
    /// server-side encryption is on only then. AWS default: no key, so
    /// messages are stored without SNS server-side encryption. An empty
    /// string is known `false`; a reference to a key is unknown (set, to
    /// something only known at deploy time), and counts as a key.
    pub kms_key: Val<bool>,
}
