pub(crate) mod volume_unencrypted;
