//! AWS-RDS-002 rds-publicly-accessible: DB instances with a public endpoint.

use crate::model::Model;
use crate::rules::Emitter;

pub(crate) fn check(model: &Model, e: &mut Emitter) {
    for db in &model.rds.instances {
        if let Some((true, range)) = db.publicly_accessible.get() {
            e.report(
                &db.meta,
                range,
                format!(
                    "DB instance {} is publicly accessible: its endpoint resolves to a public IP address",
                    db.meta.name()
                ),
            );
        }
    }
}
