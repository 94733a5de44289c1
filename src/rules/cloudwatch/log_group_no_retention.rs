//! AWS-CW-001 cloudwatch-log-group-no-retention.

use crate::model::Model;
use crate::rules::Emitter;

pub(crate) fn check(model: &Model, e: &mut Emitter) {
    for g in &model.cloudwatch.log_groups {
        if let Some((0, range)) = g.retention_days.get() {
            let how = if g.retention_days.is_default() {
                "does not set a retention period"
            } else {
                "sets its retention period to 0"
            };
            e.report(
                &g.meta,
                range,
                format!(
                    "log group {} {how}, so its events never expire",
                    g.meta.name()
                ),
            );
        }
    }
}
