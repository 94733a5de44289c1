//! EKS: `AWS::EKS::Cluster`.

use super::{Cx, Handler};
use crate::eval::value::Kind;
use crate::model::adapt::{bool_field, strings, Variant};
use crate::model::eks::Cluster;
use crate::model::Val;

pub(super) const KINDS: &[(&str, Handler)] = &[("AWS::EKS::Cluster", cluster)];

fn cluster(cx: &mut Cx, v: &Variant) {
    let at = v.res.range;
    let (vpc_config, endpoint_public_access, public_access_cidrs) =
        match v.body.get("ResourcesVpcConfig") {
            Some(c) if matches!(c.kind, Kind::Map(_)) => (
                c.range,
                bool_field(c, "EndpointPublicAccess", true, c.range),
                match c.get("PublicAccessCidrs") {
                    None => Val::Default(vec![Val::Default("0.0.0.0/0".into(), c.range)], c.range),
                    Some(l) if !matches!(l.kind, Kind::List(_)) => Val::Unknown(l.range),
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
    });
}
