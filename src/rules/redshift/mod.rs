pub(crate) mod cluster_unencrypted;
pub(crate) mod publicly_accessible;
