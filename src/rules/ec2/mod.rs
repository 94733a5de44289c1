pub(crate) mod block_device_unencrypted;
pub(crate) mod imdsv2_not_required;
pub(crate) mod instance_public_ip;
