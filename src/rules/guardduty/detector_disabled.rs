//! AWS-GD-001 guardduty-detector-disabled.

use crate::model::Model;
use crate::rules::Emitter;

pub(crate) fn check(model: &Model, e: &mut Emitter) {
    for d in &model.guardduty.detectors {
        if let Some((false, range)) = d.enabled.get() {
            e.report(
                &d.meta,
                range,
                format!(
                    "GuardDuty detector {} is disabled, so GuardDuty does not analyse this account and Region",
                    d.meta.name()
                ),
            );
        }
    }
}
