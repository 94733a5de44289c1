pub(crate) mod publicly_accessible;
pub(crate) mod storage_unencrypted;
