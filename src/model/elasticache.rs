//! ElastiCache (Valkey and Redis OSS) replication groups.

use super::{Meta, Val};

#[derive(Debug, Default)]
pub struct ElastiCache {
    pub replication_groups: Vec<ReplicationGroup>,
}

merge_lists!(ElastiCache { replication_groups });

/// `aws_elasticache_replication_group`, `AWS::ElastiCache::ReplicationGroup`.
/// Serverless caches, always encrypted at rest and in transit, are not
/// modelled. A group that joins a global datastore or is built around an
/// existing cluster takes its encryption from there: unknown here.
#[derive(Clone, Debug)]
pub struct ReplicationGroup {
    pub meta: Meta,
    /// `at_rest_encryption_enabled` / `AtRestEncryptionEnabled`. The AWS
    /// default depends on the engine: `true` for Valkey, `false` for Redis
    /// OSS (`engine` / `Engine` left out is `redis`); unknown when the
    /// engine is.
    pub at_rest: Val<bool>,
    /// `transit_encryption_enabled` / `TransitEncryptionEnabled`; AWS
    /// default `false` for both engines.
    pub in_transit: Val<bool>,
}
