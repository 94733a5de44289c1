//! EKS: `AWS::EKS::Cluster`.

use super::{Cx, Handler};
use crate::eval::value::{Kind, Value};
use crate::model::adapt::{bool_field, string_val, strings, Variant};
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
        log_types: log_types(&v.body, at),
    });
}

/// `Logging.ClusterLogging.EnabledTypes[].Type`; none when any level is
/// left out.
fn log_types(body: &Value, at: crate::source::Range) -> Val<Vec<Val<String>>> {
    let mut v = body;
    for key in ["Logging", "ClusterLogging", "EnabledTypes"] {
        if !matches!(v.kind, Kind::Map(_)) {
            return Val::Unknown(v.range);
        }
        match v.get(key) {
            Some(next) => v = next,
            None => return Val::Default(Vec::new(), at),
        }
    }
    if !matches!(v.kind, Kind::List(_)) {
        return Val::Unknown(v.range);
    }
    let types = v
        .items()
        .into_iter()
        .map(|entry| match entry.get("Type") {
            Some(t) => string_val(t),
            None => Val::Unknown(entry.range),
        })
        .collect();
    Val::Known(types, v.range)
}
