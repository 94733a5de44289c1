//! RDS: DB instances and clusters.

use super::{Meta, Val};

#[derive(Debug, Default)]
pub struct Rds {
    /// DB instances, Aurora cluster members included (Terraform's
    /// `aws_rds_cluster_instance`, CloudFormation's `AWS::RDS::DBInstance`
    /// with a `DBClusterIdentifier`): what they take from their cluster is
    /// unknown on the instance.
    pub instances: Vec<Database>,
    pub clusters: Vec<Database>,
}

merge_lists!(Rds {
    instances,
    clusters
});

impl Rds {
    /// Every instance and cluster, with how messages call it (`DB instance`,
    /// `DB cluster`).
    pub fn databases(&self) -> impl Iterator<Item = (&Database, &'static str)> {
        self.instances
            .iter()
            .map(|d| (d, "DB instance"))
            .chain(self.clusters.iter().map(|d| (d, "DB cluster")))
    }
}

#[derive(Clone, Debug)]
pub struct Database {
    pub meta: Meta,
    /// `storage_encrypted` / `StorageEncrypted`; AWS default `false`.
    /// Unknown when encryption is inherited (a cluster member, a replica, a
    /// snapshot restore) or fixed by the engine (Aurora Serverless v1).
    pub storage_encrypted: Val<bool>,
    /// Instances: `publicly_accessible` / `PubliclyAccessible`. The AWS
    /// provider sends `false` when it is left out; CloudFormation leaves it
    /// to RDS, whose default depends on the subnet group and on whether its
    /// VPC has an internet gateway, so a missing property is unknown.
    /// Unknown for clusters (only Multi-AZ DB clusters have it).
    pub publicly_accessible: Val<bool>,
    /// `deletion_protection` / `DeletionProtection`; AWS default `false`.
    /// Unknown for Aurora cluster members, whose cluster holds it.
    pub deletion_protection: Val<bool>,
    /// Days of automated backups: `backup_retention_period` /
    /// `BackupRetentionPeriod`; `0` turns automated backups off. AWS default
    /// `1` (the RDS API and CloudFormation; the console offers 7). Unknown
    /// for read replicas, whose backups follow other rules, and for Aurora
    /// cluster members, whose cluster holds it.
    pub backup_retention: Val<i64>,
    /// IAM database authentication: `iam_database_authentication_enabled` /
    /// `EnableIAMDatabaseAuthentication`; AWS default `false`. Unknown for
    /// Aurora cluster members, whose cluster holds it.
    pub iam_auth: Val<bool>,
    /// `engine` / `Engine` (`mysql`, `postgres`, `aurora-postgresql`,
    /// `oracle-ee`, ...). Unknown when left out of an instance (a replica or
    /// a restore takes its source's); Terraform's `aws_rds_cluster` defaults
    /// to `aurora`.
    pub engine: Val<String>,
}

impl Database {
    /// Whether the engine supports IAM database authentication (MySQL,
    /// PostgreSQL, MariaDB and their Aurora editions; not Oracle, SQL
    /// Server or Db2). `None` when the engine is unknown.
    pub fn supports_iam_auth(&self) -> Option<bool> {
        let engine = self.engine.known()?.to_ascii_lowercase();
        Some(matches!(
            engine.as_str(),
            "mysql" | "postgres" | "mariadb" | "aurora" | "aurora-mysql" | "aurora-postgresql"
        ))
    }
}
