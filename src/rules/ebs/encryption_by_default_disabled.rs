//! AWS-EBS-002 ebs-encryption-by-default-disabled.

use crate::model::Model;
use crate::rules::Emitter;

pub(crate) fn check(model: &Model, e: &mut Emitter) {
    for d in &model.ec2.encryption_by_default {
        if let Some((false, range)) = d.enabled.get() {
            e.report(
                &d.meta,
                range,
                format!(
                    "{} turns the account's EBS encryption by default off in its Region",
                    d.meta.name()
                ),
            );
        }
    }
}
