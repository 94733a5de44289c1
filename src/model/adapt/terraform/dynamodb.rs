//! DynamoDB: `aws_dynamodb_table`, `aws_dax_cluster`.

use super::{Cx, Handler};
use crate::model::adapt::{nested_bool, Variant};
use crate::model::dynamodb::{DaxCluster, Table};

pub(super) const KINDS: &[(&str, Handler)] = &[
    ("aws_dynamodb_table", table),
    ("aws_dax_cluster", dax_cluster),
];

fn table(cx: &mut Cx, v: &Variant) {
    cx.m.dynamodb.tables.push(Table {
        meta: v.meta.clone(),
        point_in_time_recovery: nested_bool(
            &v.body,
            "point_in_time_recovery",
            "enabled",
            false,
            v.res.range,
        ),
    });
}

fn dax_cluster(cx: &mut Cx, v: &Variant) {
    cx.m.dynamodb.dax_clusters.push(DaxCluster {
        meta: v.meta.clone(),
        encrypted: nested_bool(
            &v.body,
            "server_side_encryption",
            "enabled",
            false,
            v.res.range,
        ),
    });
}
