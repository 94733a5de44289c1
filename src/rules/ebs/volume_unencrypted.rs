//! AWS-EBS-001 ebs-volume-unencrypted.

use crate::model::{Model, Val};
use crate::rules::Emitter;

pub(crate) fn check(model: &Model, e: &mut Emitter) {
    for v in &model.ec2.volumes {
        if let Val::Known(false, range) = v.encrypted {
            let how = if range == v.meta.range {
                "does not enable encryption"
            } else {
                "sets encryption to false"
            };
            e.report(
                &v.meta,
                range,
                format!("EBS volume {} {how}", v.meta.name()),
            );
        }
    }
}
