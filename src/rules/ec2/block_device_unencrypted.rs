//! AWS-EC2-001 ec2-block-device-unencrypted: EBS block devices of instances,
//! launch templates and launch configurations.

use crate::model::Model;
use crate::rules::Emitter;

pub(crate) fn check(model: &Model, e: &mut Emitter) {
    for d in &model.ec2.block_devices {
        if let Some((false, range)) = d.encrypted.get() {
            let how = if d.encrypted.is_default() {
                "does not enable encryption"
            } else {
                "sets encryption to false"
            };
            e.report(
                &d.meta,
                range,
                format!("block device `{}` of {} {how}", d.name, d.meta.name()),
            );
        }
    }
}
