//! Redshift: `AWS::Redshift::Cluster`.

use super::{Cx, Handler};
use crate::model::adapt::{bool_field, is_set, Variant};
use crate::model::redshift::Cluster;
use crate::model::Val;

pub(super) const KINDS: &[(&str, Handler)] = &[("AWS::Redshift::Cluster", cluster)];

fn cluster(cx: &mut Cx, v: &Variant) {
    let b = &v.body;
    let r = v.res.range;
    cx.m.redshift.clusters.push(Cluster {
        meta: v.meta.clone(),
        encrypted: if is_set(b, "SnapshotIdentifier") || is_set(b, "SnapshotArn") {
            Val::Unknown(r)
        } else {
            bool_field(b, "Encrypted", true, r)
        },
        publicly_accessible: bool_field(b, "PubliclyAccessible", false, r),
    });
}
