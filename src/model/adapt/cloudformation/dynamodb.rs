//! DynamoDB: `AWS::DynamoDB::Table`, `AWS::DAX::Cluster`.

use super::{Cx, Handler};
use crate::model::adapt::{nested_bool, Variant};
use crate::model::dynamodb::{DaxCluster, Table};

pub(super) const KINDS: &[(&str, Handler)] = &[
    ("AWS::DynamoDB::Table", table),
    ("AWS::DAX::Cluster", dax_cluster),
];

fn table(cx: &mut Cx, v: &Variant) {
    cx.m.dynamodb.tables.push(Table {
        meta: v.meta.clone(),
        point_in_time_recovery: nested_bool(
            &v.body,
            "PointInTimeRecoverySpecification",
            "PointInTimeRecoveryEnabled",
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
            "SSESpecification",
            "SSEEnabled",
            false,
            v.res.range,
        ),
    });
}
