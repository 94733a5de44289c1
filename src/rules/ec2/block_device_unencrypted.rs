//! AWS-EC2-001 ec2-block-device-unencrypted: EBS block devices of instances,
//! launch templates and launch configurations.

use crate::finding::Severity;
use crate::model::Model;
use crate::rules::Emitter;

pub(crate) fn check(model: &Model, e: &mut Emitter) {
    for d in &model.ec2.block_devices {
        let Some((false, range)) = d.encrypted.get() else {
            continue;
        };
        let name = d.meta.name();
        if d.encrypted.is_default() {
            // The account's encryption by default, turned on in the same
            // configuration, encrypts every new volume that says nothing.
            if d.encrypted_by_default {
                continue;
            }
            if d.root {
                // Made from the AMI's snapshot: encrypted when the AMI's is.
                e.report_with(
                    &d.meta,
                    range,
                    Severity::Low,
                    format!(
                        "the root volume of {name} does not enable encryption: it is left to the AMI's \
                         snapshot and the account's EBS encryption default"
                    ),
                );
                continue;
            }
        }
        let how = if d.encrypted.is_default() {
            "does not enable encryption"
        } else {
            "sets encryption to false"
        };
        e.report(
            &d.meta,
            range,
            format!("block device `{}` of {name} {how}", d.name),
        );
    }
}
