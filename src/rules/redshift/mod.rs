pub(crate) mod cluster_unencrypted;
