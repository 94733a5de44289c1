//! EC2 and EBS: volumes, and the block device mappings of instances, launch
//! configurations and launch templates.

use super::{Cx, Handler};
use crate::eval::value::{Kind, Value};
use crate::model::adapt::{bool_field, is_set, Variant};
use crate::model::ec2::{BlockDevice, Volume};
use crate::model::Val;

pub(super) const KINDS: &[(&str, Handler)] = &[
    ("AWS::EC2::Volume", volume),
    ("AWS::EC2::Instance", instance),
    ("AWS::AutoScaling::LaunchConfiguration", instance),
    ("AWS::EC2::LaunchTemplate", launch_template),
];

fn volume(cx: &mut Cx, v: &Variant) {
    let b = &v.body;
    cx.m.ec2.volumes.push(Volume {
        meta: v.meta.clone(),
        encrypted: if is_set(b, "SnapshotId") {
            Val::Unknown(v.res.range)
        } else {
            bool_field(b, "Encrypted", false, v.res.range)
        },
    });
}

fn instance(cx: &mut Cx, v: &Variant) {
    mappings(cx, v, v.body.get("BlockDeviceMappings"));
}

fn launch_template(cx: &mut Cx, v: &Variant) {
    let data = v.body.get("LaunchTemplateData");
    mappings(cx, v, data.and_then(|d| d.get("BlockDeviceMappings")));
}

fn mappings(cx: &mut Cx, v: &Variant, list: Option<&Value>) {
    for mapping in list.map(|l| l.items()).unwrap_or_default() {
        let Some(ebs) = mapping.get("Ebs") else {
            continue;
        };
        if !matches!(ebs.kind, Kind::Map(_)) {
            continue;
        }
        cx.m.ec2.block_devices.push(BlockDevice {
            meta: v.meta.clone(),
            range: ebs.range,
            name: mapping
                .get("DeviceName")
                .and_then(|d| d.as_str())
                .unwrap_or("Ebs")
                .to_string(),
            encrypted: if is_set(ebs, "SnapshotId") {
                Val::Unknown(ebs.range)
            } else {
                bool_field(ebs, "Encrypted", false, ebs.range)
            },
        });
    }
}
