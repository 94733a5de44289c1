//! AWS-EC2-001 ec2-block-device-unencrypted: EBS block devices of instances,
//! launch templates and launch configurations.

use crate::model::{Model, Val};
use crate::rules::Emitter;

pub(crate) fn check(model: &Model, e: &mut Emitter) {
    for d in &model.ec2.block_devices {
        if let Val::Known(false, range) = d.encrypted {
            let how = if range == d.range {
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
