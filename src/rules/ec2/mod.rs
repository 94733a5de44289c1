pub(crate) mod block_device_unencrypted;
