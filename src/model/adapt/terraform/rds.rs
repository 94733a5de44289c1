//! RDS: `aws_db_instance`, `aws_rds_cluster_instance`, `aws_rds_cluster`.

use super::{Cx, Handler};
use crate::model::adapt::{bool_field, int_or, is_set, string_field, string_or, Variant};
use crate::model::rds::Database;
use crate::model::Val;

pub(super) const KINDS: &[(&str, Handler)] = &[
    ("aws_db_instance", instance),
    ("aws_rds_cluster_instance", cluster_instance),
    ("aws_rds_cluster", cluster),
];

fn instance(cx: &mut Cx, v: &Variant) {
    let b = &v.body;
    cx.m.rds.instances.push(Database {
        meta: v.meta.clone(),
        storage_encrypted: if is_set(b, "replicate_source_db") || is_set(b, "snapshot_identifier") {
            Val::Unknown(v.res.range)
        } else {
            bool_field(b, "storage_encrypted", false, v.res.range)
        },
        publicly_accessible: bool_field(b, "publicly_accessible", false, v.res.range),
        deletion_protection: bool_field(b, "deletion_protection", false, v.res.range),
        backup_retention: if is_set(b, "replicate_source_db") {
            Val::Unknown(v.res.range)
        } else {
            int_or(b, "backup_retention_period", 1, v.res.range)
        },
        iam_auth: bool_field(b, "iam_database_authentication_enabled", false, v.res.range),
        engine: string_field(b, "engine").unwrap_or(Val::Unknown(v.res.range)),
    });
}

/// An Aurora cluster member: storage, backups and deletion protection are
/// the cluster's.
fn cluster_instance(cx: &mut Cx, v: &Variant) {
    let b = &v.body;
    let unknown = Val::Unknown(v.res.range);
    cx.m.rds.instances.push(Database {
        meta: v.meta.clone(),
        storage_encrypted: unknown.clone(),
        publicly_accessible: bool_field(b, "publicly_accessible", false, v.res.range),
        deletion_protection: unknown,
        backup_retention: Val::Unknown(v.res.range),
        iam_auth: Val::Unknown(v.res.range),
        engine: string_field(b, "engine").unwrap_or(Val::Unknown(v.res.range)),
    });
}

fn cluster(cx: &mut Cx, v: &Variant) {
    let b = &v.body;
    cx.m.rds.clusters.push(Database {
        meta: v.meta.clone(),
        storage_encrypted: if is_set(b, "replication_source_identifier")
            || is_set(b, "snapshot_identifier")
            || b.get("engine_mode").and_then(|e| e.as_str()) == Some("serverless")
        {
            Val::Unknown(v.res.range)
        } else {
            bool_field(b, "storage_encrypted", false, v.res.range)
        },
        publicly_accessible: Val::Unknown(v.res.range),
        deletion_protection: bool_field(b, "deletion_protection", false, v.res.range),
        backup_retention: int_or(b, "backup_retention_period", 1, v.res.range),
        iam_auth: bool_field(b, "iam_database_authentication_enabled", false, v.res.range),
        engine: string_or(b, "engine", "aurora", v.res.range),
    });
}
