//! AWS-RDS-004 rds-backups-disabled: DB instances whose backup retention
//! period is 0, which turns automated backups off.

use crate::model::Model;
use crate::rules::Emitter;

pub(crate) fn check(model: &Model, e: &mut Emitter) {
    for (db, what) in model.rds.databases() {
        if let Some((0, range)) = db.backup_retention.get() {
            e.report(
                &db.meta,
                range,
                format!(
                    "{what} {} sets the backup retention period to 0, which turns automated backups off",
                    db.meta.name()
                ),
            );
        }
    }
}
