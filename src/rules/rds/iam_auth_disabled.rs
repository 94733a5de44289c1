//! AWS-RDS-005 rds-iam-auth-disabled: DB instances and clusters whose
//! engine supports IAM database authentication but do not enable it.

use crate::model::Model;
use crate::rules::Emitter;

pub(crate) fn check(model: &Model, e: &mut Emitter) {
    for (db, what) in model.rds.databases() {
        if db.supports_iam_auth() != Some(true) {
            continue;
        }
        if let Some((false, range)) = db.iam_auth.get() {
            let how = if db.iam_auth.is_default() {
                "does not enable IAM database authentication"
            } else {
                "sets IAM database authentication to false"
            };
            e.report(&db.meta, range, format!("{what} {} {how}", db.meta.name()));
        }
    }
}
