//! ElastiCache: `AWS::ElastiCache::ReplicationGroup`.

use super::{Cx, Handler};
use crate::model::adapt::{bool_field, is_set, string_or, Variant};
use crate::model::elasticache::ReplicationGroup;
use crate::model::Val;

pub(super) const KINDS: &[(&str, Handler)] =
    &[("AWS::ElastiCache::ReplicationGroup", replication_group)];

fn replication_group(cx: &mut Cx, v: &Variant) {
    let b = &v.body;
    let r = v.res.range;
    let group = ReplicationGroup {
        meta: v.meta.clone(),
        at_rest: Val::Unknown(r),
        in_transit: Val::Unknown(r),
    };
    if is_set(b, "GlobalReplicationGroupId") || is_set(b, "PrimaryClusterId") {
        cx.m.elasticache.replication_groups.push(group);
        return;
    }
    // Encryption at rest is on by default for Valkey only.
    let at_rest_default = string_or(b, "Engine", "redis", r)
        .known()
        .map(|e| e.eq_ignore_ascii_case("valkey"));
    let at_rest = match (b.get("AtRestEncryptionEnabled"), at_rest_default) {
        (None, None) => Val::Unknown(r),
        (_, default) => bool_field(b, "AtRestEncryptionEnabled", default.unwrap_or(false), r),
    };
    cx.m.elasticache.replication_groups.push(ReplicationGroup {
        at_rest,
        in_transit: bool_field(b, "TransitEncryptionEnabled", false, r),
        ..group
    });
}
