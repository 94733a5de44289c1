pub(crate) mod backups_disabled;
pub(crate) mod deletion_protection_disabled;
pub(crate) mod iam_auth_disabled;
pub(crate) mod publicly_accessible;
pub(crate) mod storage_unencrypted;
