//! EC2 and EBS: volumes, and the block devices of instances, launch
//! configurations and launch templates.

use super::{Cx, Handler};
use crate::eval::value::{Kind, Value};
use crate::model::adapt::{bool_field, is_set, Variant};
use crate::model::ec2::{BlockDevice, Volume};
use crate::model::Val;

pub(super) const KINDS: &[(&str, Handler)] = &[
    ("aws_ebs_volume", volume),
    ("aws_instance", instance),
    ("aws_launch_configuration", instance),
    ("aws_launch_template", launch_template),
];

fn volume(cx: &mut Cx, v: &Variant) {
    let b = &v.body;
    cx.m.ec2.volumes.push(Volume {
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
    for (name, blocks) in [
        ("root_block_device", b.blocks("root_block_device")),
        ("ebs_block_device", b.blocks("ebs_block_device")),
    ] {
        for d in blocks {
            block_device(cx, v, d, name);
        }
    }
}

fn launch_template(cx: &mut Cx, v: &Variant) {
    for mapping in v.body.blocks("block_device_mappings") {
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
        meta: v.meta.clone(),
        range: d.range,
        name: name.to_string(),
        encrypted: if is_set(d, "snapshot_id") {
            Val::Unknown(d.range)
        } else {
            bool_field(d, "encrypted", false, d.range)
        },
    });
}
