//! ElastiCache replication groups, read the same way from both formats:
//! each format names only its fields.

use crate::model::adapt::{bool_field, is_set, string_or, Variant};
use crate::model::elasticache::ReplicationGroup;
use crate::model::Val;

/// A format's names for a replication group's fields.
pub(crate) struct GroupKeys {
    /// A member of a global datastore, or a group made from an existing
    /// cluster: both inherit their encryption settings.
    pub inherits: [&'static str; 2],
    pub engine: &'static str,
    pub at_rest: &'static str,
    pub in_transit: &'static str,
}

pub(crate) fn replication_group(v: &Variant, keys: &GroupKeys) -> ReplicationGroup {
    let b = &v.body;
    let r = v.res.range;
    let group = ReplicationGroup {
        meta: v.meta.clone(),
        at_rest: Val::Unknown(r),
        in_transit: Val::Unknown(r),
    };
    if keys.inherits.iter().any(|k| is_set(b, k)) {
        return group;
    }
    // Encryption at rest is on by default for Valkey only.
    let at_rest_default = string_or(b, keys.engine, "redis", r)
        .known()
        .map(|e| e.eq_ignore_ascii_case("valkey"));
    let at_rest = match (b.get(keys.at_rest), at_rest_default) {
        (None, None) => Val::Unknown(r),
        (_, default) => bool_field(b, keys.at_rest, default.unwrap_or(false), r),
    };
    ReplicationGroup {
        at_rest,
        in_transit: bool_field(b, keys.in_transit, false, r),
        ..group
    }
}
