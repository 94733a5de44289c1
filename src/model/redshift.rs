//! Redshift provisioned clusters.

use super::{Meta, Val};

#[derive(Debug, Default)]
pub struct Redshift {
    pub clusters: Vec<Cluster>,
}

merge_lists!(Redshift { clusters });

/// `aws_redshift_cluster`, `AWS::Redshift::Cluster`.
#[derive(Clone, Debug)]
pub struct Cluster {
    pub meta: Meta,
    /// `encrypted` / `Encrypted`. Left out, it depends on who sends what:
    /// the AWS provider sent `false` before version 6 and `true` since,
    /// so a missing Terraform attribute is unknown; CloudFormation leaves it
    /// to Redshift, which encrypts new clusters by default (`true`).
    /// Unknown for a cluster restored from a snapshot, which keeps the
    /// snapshot's encryption.
    pub encrypted: Val<bool>,
    /// `publicly_accessible` / `PubliclyAccessible`. Left out: the AWS
    /// provider sent `true` before version 6 and `false` since (unknown);
    /// CloudFormation leaves it to Redshift, whose default is `false`.
    pub publicly_accessible: Val<bool>,
}
