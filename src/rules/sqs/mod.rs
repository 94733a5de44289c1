pub(crate) mod queue_unencrypted;
