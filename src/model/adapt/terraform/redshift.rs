//! Redshift: `aws_redshift_cluster`.

use super::{Cx, Handler};
use crate::eval::value::Value;
use crate::model::adapt::{bool_field, is_set, Variant};
use crate::model::redshift::Cluster;
use crate::model::Val;
use crate::source::Range;

pub(super) const KINDS: &[(&str, Handler)] = &[("aws_redshift_cluster", cluster)];

fn cluster(cx: &mut Cx, v: &Variant) {
    let b = &v.body;
    let r = v.res.range;
    cx.m.redshift.clusters.push(Cluster {
        meta: v.meta.clone(),
        encrypted: if is_set(b, "snapshot_identifier") || is_set(b, "snapshot_arn") {
            Val::Unknown(r)
        } else {
            written(b, "encrypted", r)
        },
        publicly_accessible: written(b, "publicly_accessible", r),
    });
}

/// A boolean whose provider default changed with version 6 of the AWS
/// provider: unknown when left out.
fn written(b: &Value, key: &str, missing: Range) -> Val<bool> {
    match b.get(key) {
        None => Val::Unknown(missing),
        Some(_) => bool_field(b, key, false, missing),
    }
}
