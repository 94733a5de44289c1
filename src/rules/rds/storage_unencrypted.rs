//! AWS-RDS-001 rds-storage-unencrypted: DB instances and clusters.

use crate::model::{Model, Val};
use crate::rules::Emitter;

pub(crate) fn check(model: &Model, e: &mut Emitter) {
    let all = model
        .rds
        .instances
        .iter()
        .map(|d| (d, "DB instance"))
        .chain(model.rds.clusters.iter().map(|d| (d, "DB cluster")));
    for (db, what) in all {
        if let Val::Known(false, range) = db.storage_encrypted {
            let how = if range == db.meta.range {
                "does not enable storage encryption"
            } else {
                "sets storage encryption to false"
            };
            e.report(&db.meta, range, format!("{what} {} {how}", db.meta.name()));
        }
    }
}
