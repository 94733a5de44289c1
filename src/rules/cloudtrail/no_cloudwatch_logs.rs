//! AWS-CT-004 cloudtrail-no-cloudwatch-logs.

use crate::model::Model;
use crate::rules::Emitter;

pub(crate) fn check(model: &Model, e: &mut Emitter) {
    for t in &model.cloudtrail.trails {
        let name = t.meta.name();
        if let Some((false, range)) = t.cloudwatch_logs_group.get() {
            let how = if t.cloudwatch_logs_group.is_default() {
                "does not send its events to CloudWatch Logs"
            } else {
                "sets an empty CloudWatch Logs log group, so it does not send its events to CloudWatch Logs"
            };
            e.report(&t.meta, range, format!("trail {name} {how}"));
        } else if let Some((false, range)) = t.cloudwatch_logs_role.get() {
            // CloudTrail delivers to a log group only by assuming this role.
            e.report(
                &t.meta,
                range,
                format!(
                    "trail {name} has no role for CloudTrail to deliver to its CloudWatch Logs log group with, so it does not send its events there"
                ),
            );
        }
    }
}
