pub(crate) mod unencrypted;
