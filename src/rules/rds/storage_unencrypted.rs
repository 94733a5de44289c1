//! AWS-RDS-001 rds-storage-unencrypted: DB instances and clusters.

use crate::model::Model;
use crate::rules::Emitter;

pub(crate) fn check(model: &Model, e: &mut Emitter) {
    for (db, what) in model.rds.databases() {
        if let Some((false, range)) = db.storage_encrypted.get() {
            let how = if db.storage_encrypted.is_default() {
                "does not enable storage encryption"
            } else {
                "sets storage encryption to false"
            };
            e.report(&db.meta, range, format!("{what} {} {how}", db.meta.name()));
        }
    }
}
