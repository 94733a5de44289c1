pub(crate) mod at_rest_unencrypted;
