//! ElastiCache: `aws_elasticache_replication_group`.

use super::{Cx, Handler};
use crate::model::adapt::elasticache::{self, GroupKeys};
use crate::model::adapt::Variant;

pub(super) const KINDS: &[(&str, Handler)] =
    &[("aws_elasticache_replication_group", replication_group)];

const KEYS: GroupKeys = GroupKeys {
    inherits: ["global_replication_group_id", "primary_cluster_id"],
    engine: "engine",
    at_rest: "at_rest_encryption_enabled",
    in_transit: "transit_encryption_enabled",
};

fn replication_group(cx: &mut Cx, v: &Variant) {
    let group = elasticache::replication_group(v, &KEYS);
    cx.m.elasticache.replication_groups.push(group);
}
