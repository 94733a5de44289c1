//! EC2 and EBS: volumes, the block devices of instances and templates,
//! and their instance metadata service options.

use super::{Meta, Val};
use crate::source::Range;

#[derive(Debug, Default)]
pub struct Ec2 {
    pub volumes: Vec<Volume>,
    pub block_devices: Vec<BlockDevice>,
    pub metadata_options: Vec<MetadataOptions>,
    pub public_ips: Vec<PublicIp>,
    pub encryption_by_default: Vec<EncryptionByDefault>,
}

merge_lists!(Ec2 {
    volumes,
    block_devices,
    metadata_options,
    public_ips,
    encryption_by_default
});

impl Ec2 {
    /// Marks the volumes and block devices of one configuration (a module
    /// tree or template, before configurations are merged) that turns the
    /// account's EBS encryption by default on (an
    /// `aws_ebs_encryption_by_default` known to be enabled): every new
    /// volume it creates is then encrypted, whatever its own setting leaves
    /// out. Another configuration of the same scan may deploy to another
    /// account, so its setting does not count.
    pub(crate) fn link(&mut self) {
        let on = self
            .encryption_by_default
            .iter()
            .any(|e| matches!(e.enabled.get(), Some((true, _))));
        if on {
            for v in &mut self.volumes {
                v.encrypted_by_default = true;
            }
            for d in &mut self.block_devices {
                d.encrypted_by_default = true;
            }
        }
    }
}

/// `aws_ebs_encryption_by_default`: the account's EBS encryption default in
/// one Region (CloudFormation has no resource for it).
#[derive(Clone, Debug)]
pub struct EncryptionByDefault {
    pub meta: Meta,
    /// `enabled`; the resource's default is `true`.
    pub enabled: Val<bool>,
}

#[derive(Clone, Debug)]
pub struct Volume {
    pub meta: Meta,
    /// `encrypted` / `Encrypted`; AWS default `false` (the account's
    /// encryption-by-default setting aside). Unknown when the volume inherits
    /// encryption from a snapshot.
    pub encrypted: Val<bool>,
    /// Its configuration turns the account's encryption by default on.
    pub encrypted_by_default: bool,
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
    /// The root volume, made from the AMI's snapshot: `root_block_device`,
    /// or none written at all (then `range` is the resource's). Left
    /// unset, its encryption follows the AMI and the account's default.
    pub root: bool,
    /// Its configuration turns the account's encryption by default on.
    pub encrypted_by_default: bool,
    /// AWS default `false`, at the block device's range. Unknown when it
    /// inherits from a snapshot.
    pub encrypted: Val<bool>,
}

/// The instance metadata service (IMDS) options of an instance, launch
/// template or launch configuration.
#[derive(Clone, Debug)]
pub struct MetadataOptions {
    pub meta: Meta,
    /// `metadata_options.http_tokens` / `MetadataOptions.HttpTokens`,
    /// lowercased: `required` (IMDSv2 only) or `optional`. AWS default
    /// `optional` (unless the AMI's `ImdsSupport` is `v2.0` or the account's
    /// IMDS defaults say otherwise), at the `metadata_options` block's range,
    /// or the resource's when there is no block. Unknown when an instance
    /// takes its options from a launch template.
    pub http_tokens: Val<String>,
    /// `http_endpoint` / `HttpEndpoint`, lowercased: `enabled` (AWS default)
    /// or `disabled`.
    pub http_endpoint: Val<String>,
}

/// A written request for a public IPv4 address on an instance's, launch
/// template's or launch configuration's network interface. Left out, the
/// subnet's `map_public_ip_on_launch` decides, so only written values are
/// modelled.
#[derive(Clone, Debug)]
pub struct PublicIp {
    pub meta: Meta,
    /// `associate_public_ip_address` / `AssociatePublicIpAddress`.
    pub associate: Val<bool>,
}
