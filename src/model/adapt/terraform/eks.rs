//! EKS: `aws_eks_cluster`.

use super::{Cx, Handler};
use crate::eval::value::Kind;
use crate::model::adapt::{bool_field, strings, Variant};
use crate::model::eks::Cluster;
use crate::model::Val;

pub(super) const KINDS: &[(&str, Handler)] = &[("aws_eks_cluster", cluster)];

fn cluster(cx: &mut Cx, v: &Variant) {
    let at = v.res.range;
    let (vpc_config, endpoint_public_access, public_access_cidrs) =
        match v.body.blocks("vpc_config").first() {
            Some(c) if matches!(c.kind, Kind::Map(_)) => (
                c.range,
                bool_field(c, "endpoint_public_access", true, c.range),
                match c.get("public_access_cidrs") {
                    None => Val::Default(vec![Val::Default("0.0.0.0/0".into(), c.range)], c.range),
                    Some(l) if l.is_unknown() => Val::Unknown(l.range),
                    Some(l) if l.items().is_empty() => {
                        Val::Default(vec![Val::Default("0.0.0.0/0".into(), l.range)], l.range)
                    }
                    Some(l) => Val::Known(strings(Some(l)), l.range),
                },
            ),
            Some(c) => (c.range, Val::Unknown(c.range), Val::Unknown(c.range)),
            None => (at, Val::Unknown(at), Val::Unknown(at)),
        };
    cx.m.eks.clusters.push(Cluster {
        meta: v.meta.clone(),
        vpc_config,
        endpoint_public_access,
        public_access_cidrs,
        log_types: match v.body.get("enabled_cluster_log_types") {
            None => Val::Default(Vec::new(), at),
            Some(l) if l.is_unknown() => Val::Unknown(l.range),
            Some(l) => Val::Known(strings(Some(l)), l.range),
        },
    });
}
