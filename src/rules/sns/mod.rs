pub(crate) mod topic_unencrypted;
