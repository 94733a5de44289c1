//! AWS-DDB-001 dynamodb-pitr-disabled: tables without point-in-time
//! recovery.

use crate::model::Model;
use crate::rules::Emitter;

pub(crate) fn check(model: &Model, e: &mut Emitter) {
    for table in &model.dynamodb.tables {
        if let Some((false, range)) = table.point_in_time_recovery.get() {
            let how = if table.point_in_time_recovery.is_default() {
                "does not enable point-in-time recovery"
            } else {
                "sets point-in-time recovery to false"
            };
            e.report(
                &table.meta,
                range,
                format!("DynamoDB table {} {how}", table.meta.name()),
            );
        }
    }
}
