//! ElastiCache: `AWS::ElastiCache::ReplicationGroup`.

use super::{Cx, Handler};
use crate::model::adapt::elasticache::{self, GroupKeys};
use crate::model::adapt::Variant;

pub(super) const KINDS: &[(&str, Handler)] =
    &[("AWS::ElastiCache::ReplicationGroup", replication_group)];

const KEYS: GroupKeys = GroupKeys {
    inherits: ["GlobalReplicationGroupId", "PrimaryClusterId"],
    engine: "Engine",
    at_rest: "AtRestEncryptionEnabled",
    in_transit: "TransitEncryptionEnabled",
};

fn replication_group(cx: &mut Cx, v: &Variant) {
    let group = elasticache::replication_group(v, &KEYS);
    cx.m.elasticache.replication_groups.push(group);
}
