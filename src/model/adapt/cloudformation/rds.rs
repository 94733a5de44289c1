//! RDS: `AWS::RDS::DBInstance`, `AWS::RDS::DBCluster`.

use super::{Cx, Handler};
use crate::eval::value::Value;
use crate::model::adapt::{bool_field, int_or, is_set, string_field, Variant};
use crate::model::rds::Database;
use crate::model::Val;
use crate::source::Range;

pub(super) const KINDS: &[(&str, Handler)] = &[
    ("AWS::RDS::DBInstance", instance),
    ("AWS::RDS::DBCluster", cluster),
];

fn instance(cx: &mut Cx, v: &Variant) {
    let b = &v.body;
    let inherited = [
        "DBClusterIdentifier",
        "SourceDBInstanceIdentifier",
        "DBSnapshotIdentifier",
        "SourceDBClusterIdentifier",
    ]
    .iter()
    .any(|k| is_set(b, k));
    cx.m.rds.instances.push(Database {
        meta: v.meta.clone(),
        storage_encrypted: if inherited {
            Val::Unknown(v.res.range)
        } else {
            bool_field(b, "StorageEncrypted", false, v.res.range)
        },
        publicly_accessible: written_bool(b, "PubliclyAccessible", v.res.range),
        deletion_protection: if is_set(b, "DBClusterIdentifier") {
            Val::Unknown(v.res.range)
        } else {
            bool_field(b, "DeletionProtection", false, v.res.range)
        },
        backup_retention: if is_set(b, "DBClusterIdentifier")
            || is_set(b, "SourceDBInstanceIdentifier")
            || is_set(b, "SourceDBClusterIdentifier")
        {
            Val::Unknown(v.res.range)
        } else {
            int_or(b, "BackupRetentionPeriod", 1, v.res.range)
        },
        iam_auth: if is_set(b, "DBClusterIdentifier") {
            Val::Unknown(v.res.range)
        } else {
            bool_field(b, "EnableIAMDatabaseAuthentication", false, v.res.range)
        },
        engine: string_field(b, "Engine").unwrap_or(Val::Unknown(v.res.range)),
    });
}

/// A boolean whose default RDS decides from things outside the template:
/// unknown when left out.
fn written_bool(b: &Value, key: &str, missing: Range) -> Val<bool> {
    match b.get(key) {
        None => Val::Unknown(missing),
        Some(_) => bool_field(b, key, false, missing),
    }
}

fn cluster(cx: &mut Cx, v: &Variant) {
    let b = &v.body;
    let inherited = [
        "SnapshotIdentifier",
        "SourceDBClusterIdentifier",
        "ReplicationSourceIdentifier",
    ]
    .iter()
    .any(|k| is_set(b, k))
        || b.get("EngineMode").and_then(|e| e.as_str()) == Some("serverless");
    cx.m.rds.clusters.push(Database {
        meta: v.meta.clone(),
        storage_encrypted: if inherited {
            Val::Unknown(v.res.range)
        } else {
            bool_field(b, "StorageEncrypted", false, v.res.range)
        },
        publicly_accessible: Val::Unknown(v.res.range),
        deletion_protection: bool_field(b, "DeletionProtection", false, v.res.range),
        backup_retention: int_or(b, "BackupRetentionPeriod", 1, v.res.range),
        iam_auth: bool_field(b, "EnableIAMDatabaseAuthentication", false, v.res.range),
        engine: string_field(b, "Engine").unwrap_or(Val::Unknown(v.res.range)),
    });
}
