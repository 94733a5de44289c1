pub(crate) mod encryption_by_default_disabled;
pub(crate) mod volume_unencrypted;
