//! ElastiCache: `aws_elasticache_replication_group`.

use super::{Cx, Handler};
use crate::model::adapt::{bool_field, is_set, string_or, Variant};
use crate::model::elasticache::ReplicationGroup;
use crate::model::Val;

pub(super) const KINDS: &[(&str, Handler)] =
    &[("aws_elasticache_replication_group", replication_group)];

fn replication_group(cx: &mut Cx, v: &Variant) {
    let b = &v.body;
    let r = v.res.range;
    let group = ReplicationGroup {
        meta: v.meta.clone(),
        at_rest: Val::Unknown(r),
        in_transit: Val::Unknown(r),
    };
    if is_set(b, "global_replication_group_id") || is_set(b, "primary_cluster_id") {
        cx.m.elasticache.replication_groups.push(group);
        return;
    }
    // Encryption at rest is on by default for Valkey only.
    let at_rest_default = string_or(b, "engine", "redis", r)
        .known()
        .map(|e| e.eq_ignore_ascii_case("valkey"));
    let at_rest = match (b.get("at_rest_encryption_enabled"), at_rest_default) {
        (None, None) => Val::Unknown(r),
        (_, default) => bool_field(b, "at_rest_encryption_enabled", default.unwrap_or(false), r),
    };
    cx.m.elasticache.replication_groups.push(ReplicationGroup {
        at_rest,
        in_transit: bool_field(b, "transit_encryption_enabled", false, r),
        ..group
    });
}
