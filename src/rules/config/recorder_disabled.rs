//! AWS-CFG-001 config-recorder-disabled.

use crate::model::Model;
use crate::rules::Emitter;

pub(crate) fn check(model: &Model, e: &mut Emitter) {
    for s in &model.config.recorder_statuses {
        if let Some((false, range)) = s.enabled.get() {
            e.report(
                &s.meta,
                range,
                format!(
                    "{} stops the AWS Config configuration recorder (is_enabled = false)",
                    s.meta.name()
                ),
            );
        }
    }
}
