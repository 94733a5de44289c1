//! DynamoDB tables and DynamoDB Accelerator (DAX) clusters.

use super::{Meta, Val};

#[derive(Debug, Default)]
pub struct DynamoDb {
    pub tables: Vec<Table>,
    pub dax_clusters: Vec<DaxCluster>,
}

merge_lists!(DynamoDb {
    tables,
    dax_clusters
});

/// `aws_dynamodb_table`, `AWS::DynamoDB::Table`.
#[derive(Clone, Debug)]
pub struct Table {
    pub meta: Meta,
    /// `point_in_time_recovery { enabled }` /
    /// `PointInTimeRecoverySpecification.PointInTimeRecoveryEnabled`; AWS
    /// default `false`.
    pub point_in_time_recovery: Val<bool>,
}

/// `aws_dax_cluster`, `AWS::DAX::Cluster`.
#[derive(Clone, Debug)]
pub struct DaxCluster {
    pub meta: Meta,
    /// `server_side_encryption { enabled }` / `SSESpecification.SSEEnabled`;
    /// AWS default `false`.
    pub encrypted: Val<bool>,
}
