//! EC2 and EBS: volumes, and the block devices of instances, launch
//! configurations and launch templates.

use super::{Cx, Handler};
use crate::eval::value::{Kind, Value};
use crate::model::adapt::{bool_field, is_set, string_or, Variant};
use crate::model::ec2::{BlockDevice, EncryptionByDefault, MetadataOptions, PublicIp, Volume};
use crate::model::Val;

pub(super) const KINDS: &[(&str, Handler)] = &[
    ("aws_ebs_volume", volume),
    ("aws_instance", instance),
    ("aws_launch_configuration", instance),
    ("aws_launch_template", launch_template),
    ("aws_ebs_encryption_by_default", encryption_by_default),
];

fn encryption_by_default(cx: &mut Cx, v: &Variant) {
    cx.m.ec2.encryption_by_default.push(EncryptionByDefault {
        meta: v.meta.clone(),
        enabled: bool_field(&v.body, "enabled", true, v.res.range),
    });
}

fn volume(cx: &mut Cx, v: &Variant) {
    let b = &v.body;
    cx.m.ec2.volumes.push(Volume {
        encrypted_by_default: false,
        meta: v.meta.clone(),
        encrypted: if is_set(b, "snapshot_id") {
            Val::Unknown(v.res.range)
        } else {
            bool_field(b, "encrypted", false, v.res.range)
        },
    });
}

fn instance(cx: &mut Cx, v: &Variant) {
    let b = &v.body;
    metadata_options(cx, v);
    public_ip(cx, v, b);
    let roots = b.blocks("root_block_device");
    // An instance launched from a launch template takes its root device
    // settings from the template.
    let from_template = v.res.kind == "aws_instance" && b.get("launch_template").is_some();
    if roots.is_empty() && !from_template {
        ami_root(cx, v);
    }
    for (name, blocks) in [
        ("root_block_device", roots),
        ("ebs_block_device", b.blocks("ebs_block_device")),
    ] {
        for d in blocks {
            block_device(cx, v, d, name);
        }
    }
}

/// The root volume of an instance or template that says nothing about it:
/// made from the AMI's snapshot, encrypted as the AMI and the account's
/// default decide.
fn ami_root(cx: &mut Cx, v: &Variant) {
    cx.m.ec2.block_devices.push(BlockDevice {
        encrypted_by_default: false,
        meta: v.meta.clone(),
        range: v.res.range,
        name: "root_block_device".into(),
        root: true,
        encrypted: Val::Default(false, v.res.range),
    });
}

fn launch_template(cx: &mut Cx, v: &Variant) {
    metadata_options(cx, v);
    for ni in v.body.blocks("network_interfaces") {
        public_ip(cx, v, ni);
    }
    let mappings = v.body.blocks("block_device_mappings");
    if mappings.is_empty() {
        ami_root(cx, v);
    }
    for mapping in mappings {
        for ebs in mapping.blocks("ebs") {
            block_device(cx, v, ebs, "block_device_mappings.ebs");
        }
    }
}

fn block_device(cx: &mut Cx, v: &Variant, d: &Value, name: &str) {
    if !matches!(d.kind, Kind::Map(_)) {
        return;
    }
    cx.m.ec2.block_devices.push(BlockDevice {
        encrypted_by_default: false,
        meta: v.meta.clone(),
        range: d.range,
        name: name.to_string(),
        root: name == "root_block_device",
        encrypted: if is_set(d, "snapshot_id") {
            Val::Unknown(d.range)
        } else {
            bool_field(d, "encrypted", false, d.range)
        },
    });
}

/// `metadata_options { http_tokens, http_endpoint }`. An instance launched
/// from a launch template without its own block takes the template's
/// options: unknown here.
fn metadata_options(cx: &mut Cx, v: &Variant) {
    let b = &v.body;
    let (http_tokens, http_endpoint) = match b.get("metadata_options").map(|o| o.items()) {
        None => {
            if v.res.kind == "aws_instance" && b.get("launch_template").is_some() {
                (Val::Unknown(v.res.range), Val::Unknown(v.res.range))
            } else {
                (
                    Val::Default("optional".into(), v.res.range),
                    Val::Default("enabled".into(), v.res.range),
                )
            }
        }
        Some(blocks) => match blocks.first() {
            Some(o) if matches!(o.kind, Kind::Map(_)) => (
                string_or(o, "http_tokens", "optional", o.range),
                string_or(o, "http_endpoint", "enabled", o.range),
            ),
            _ => (Val::Unknown(v.res.range), Val::Unknown(v.res.range)),
        },
    };
    cx.m.ec2.metadata_options.push(MetadataOptions {
        meta: v.meta.clone(),
        http_tokens: http_tokens.map(|t| t.to_ascii_lowercase()),
        http_endpoint: http_endpoint.map(|t| t.to_ascii_lowercase()),
    });
}

/// `associate_public_ip_address` of an instance, a launch configuration or
/// a launch template's `network_interfaces` block, when written.
fn public_ip(cx: &mut Cx, v: &Variant, body: &Value) {
    if body.get("associate_public_ip_address").is_some() {
        cx.m.ec2.public_ips.push(PublicIp {
            meta: v.meta.clone(),
            associate: bool_field(body, "associate_public_ip_address", false, body.range),
        });
    }
}
