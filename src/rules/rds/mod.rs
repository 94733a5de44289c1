pub(crate) mod storage_unencrypted;
