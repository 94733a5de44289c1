//! EC2 and EBS: volumes and the block devices of instances and templates.

use super::{Meta, Val};
use crate::source::Range;

#[derive(Debug, Default)]
pub struct Ec2 {
    pub volumes: Vec<Volume>,
    pub block_devices: Vec<BlockDevice>,
}

#[derive(Clone, Debug)]
pub struct Volume {
    pub meta: Meta,
    /// `encrypted` / `Encrypted`; AWS default `false` (the account's
    /// encryption-by-default setting aside). Unknown when the volume inherits
    /// encryption from a snapshot.
    pub encrypted: Val<bool>,
}

/// An EBS block device of an instance, launch template or launch configuration.
#[derive(Clone, Debug)]
pub struct BlockDevice {
    /// The owning instance or template.
    pub meta: Meta,
    /// The block device's own block (`root_block_device`, `Ebs`, ...).
    pub range: Range,
    /// `root_block_device`, `ebs_block_device`, or the device name.
    pub name: String,
    /// AWS default `false`, at the block device's range. Unknown when it
    /// inherits from a snapshot.
    pub encrypted: Val<bool>,
}
