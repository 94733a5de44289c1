//! AWS-RDS-003 rds-deletion-protection-disabled: DB instances and clusters
//! that can be deleted in one call.

use crate::model::Model;
use crate::rules::Emitter;

pub(crate) fn check(model: &Model, e: &mut Emitter) {
    for (db, what) in model.rds.databases() {
        if let Some((false, range)) = db.deletion_protection.get() {
            let how = if db.deletion_protection.is_default() {
                "does not enable deletion protection"
            } else {
                "sets deletion protection to false"
            };
            e.report(&db.meta, range, format!("{what} {} {how}", db.meta.name()));
        }
    }
}
