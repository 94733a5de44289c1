//! AWS-EBS-001 ebs-volume-unencrypted.

use crate::model::Model;
use crate::rules::Emitter;

pub(crate) fn check(model: &Model, e: &mut Emitter) {
    for v in &model.ec2.volumes {
        // The account's encryption by default, turned on in the same
        // configuration, encrypts a volume that says nothing.
        if v.encrypted.is_default() && v.encrypted_by_default {
            continue;
        }
        if let Some((false, range)) = v.encrypted.get() {
            let how = if v.encrypted.is_default() {
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
