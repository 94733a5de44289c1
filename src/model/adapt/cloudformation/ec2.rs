//! EC2 and EBS: volumes, and the block device mappings of instances, launch
//! configurations and launch templates.

use super::{Cx, Handler};
use crate::eval::value::{Kind, Value};
use crate::model::adapt::{bool_field, is_set, string_or, Variant};
use crate::model::ec2::{BlockDevice, MetadataOptions, PublicIp, Volume};
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
        encrypted_by_default: false,
        meta: v.meta.clone(),
        encrypted: if is_set(b, "SnapshotId") {
            Val::Unknown(v.res.range)
        } else {
            bool_field(b, "Encrypted", false, v.res.range)
        },
    });
}

fn instance(cx: &mut Cx, v: &Variant) {
    // An instance launched from a launch template without its own
    // MetadataOptions takes the template's.
    let inherits = v.res.kind == "AWS::EC2::Instance" && v.body.get("LaunchTemplate").is_some();
    metadata_options(cx, v, Some(&v.body), inherits);
    if v.body.get("BlockDeviceMappings").is_none() && !inherits {
        ami_root(cx, v);
    }
    mappings(cx, v, v.body.get("BlockDeviceMappings"));
    // A launch configuration's own flag; an instance's network interfaces.
    public_ip(cx, v, &v.body);
    network_interfaces(cx, v, v.body.get("NetworkInterfaces"));
}

fn launch_template(cx: &mut Cx, v: &Variant) {
    let data = v.body.get("LaunchTemplateData");
    metadata_options(cx, v, data, false);
    network_interfaces(cx, v, data.and_then(|d| d.get("NetworkInterfaces")));
    let mappings_list = data.and_then(|d| d.get("BlockDeviceMappings"));
    if mappings_list.is_none() && data.is_some_and(|d| matches!(d.kind, Kind::Map(_))) {
        ami_root(cx, v);
    }
    mappings(cx, v, mappings_list);
}

/// The root volume of an instance or template without block device
/// mappings: made from the AMI's snapshot, encrypted as the AMI and the
/// account's default decide.
fn ami_root(cx: &mut Cx, v: &Variant) {
    cx.m.ec2.block_devices.push(BlockDevice {
        encrypted_by_default: false,
        meta: v.meta.clone(),
        range: v.res.range,
        name: "root device".into(),
        root: true,
        encrypted: Val::Default(false, v.res.range),
    });
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
            encrypted_by_default: false,
            meta: v.meta.clone(),
            range: ebs.range,
            name: mapping
                .get("DeviceName")
                .and_then(|d| d.as_str())
                .unwrap_or("Ebs")
                .to_string(),
            root: false,
            encrypted: if is_set(ebs, "SnapshotId") {
                Val::Unknown(ebs.range)
            } else {
                bool_field(ebs, "Encrypted", false, ebs.range)
            },
        });
    }
}

/// `MetadataOptions { HttpTokens, HttpEndpoint }` of `parent` (the
/// properties, or the launch template data).
fn metadata_options(cx: &mut Cx, v: &Variant, parent: Option<&Value>, inherits: bool) {
    let at = v.res.range;
    let unknown = (Val::Unknown(at), Val::Unknown(at));
    let (http_tokens, http_endpoint) = match parent {
        Some(p) if !matches!(p.kind, Kind::Map(_)) => unknown,
        _ => match parent.and_then(|p| p.get("MetadataOptions")) {
            None if inherits => unknown,
            None => (
                Val::Default("optional".into(), at),
                Val::Default("enabled".into(), at),
            ),
            Some(o) if matches!(o.kind, Kind::Map(_)) => (
                string_or(o, "HttpTokens", "optional", o.range),
                string_or(o, "HttpEndpoint", "enabled", o.range),
            ),
            Some(_) => unknown,
        },
    };
    cx.m.ec2.metadata_options.push(MetadataOptions {
        meta: v.meta.clone(),
        http_tokens: http_tokens.map(|t| t.to_ascii_lowercase()),
        http_endpoint: http_endpoint.map(|t| t.to_ascii_lowercase()),
    });
}

fn network_interfaces(cx: &mut Cx, v: &Variant, list: Option<&Value>) {
    for ni in list.map(|l| l.items()).unwrap_or_default() {
        public_ip(cx, v, ni);
    }
}

/// `AssociatePublicIpAddress`, when written.
fn public_ip(cx: &mut Cx, v: &Variant, body: &Value) {
    if body.get("AssociatePublicIpAddress").is_some() {
        cx.m.ec2.public_ips.push(PublicIp {
            meta: v.meta.clone(),
            associate: bool_field(body, "AssociatePublicIpAddress", false, body.range),
        });
    }
}
