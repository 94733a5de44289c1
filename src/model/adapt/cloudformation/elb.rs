//! Elastic Load Balancing v2 load balancers.

use super::{Cx, Handler};
use crate::eval::value::Value;
use crate::model::adapt::{string_or, Variant};
use crate::model::elb::LoadBalancer;
use crate::model::Val;
use crate::source::Range;

pub(super) const KINDS: &[(&str, Handler)] =
    &[("AWS::ElasticLoadBalancingV2::LoadBalancer", load_balancer)];

fn load_balancer(cx: &mut Cx, v: &Variant) {
    let (b, at) = (&v.body, v.res.range);
    let attributes = b.get("LoadBalancerAttributes");
    cx.m.elb.load_balancers.push(LoadBalancer {
        meta: v.meta.clone(),
        lb_type: string_or(b, "Type", "application", at).map(|t| t.to_ascii_lowercase()),
        drop_invalid_header_fields: attribute_bool(
            attributes,
            "routing.http.drop_invalid_header_fields.enabled",
            false,
            at,
        ),
    });
}

/// A boolean entry of a `LoadBalancerAttributes` list (`Key`/`Value`
/// pairs, the values strings). The last entry with the key wins; an entry
/// whose key is unknown might be this one, so the result is unknown.
fn attribute_bool(list: Option<&Value>, key: &str, default: bool, missing: Range) -> Val<bool> {
    let Some(list) = list else {
        return Val::Default(default, missing);
    };
    if list.is_unknown() {
        return Val::Unknown(list.range);
    }
    let mut found = Val::Default(default, missing);
    for item in list.items() {
        match item.get("Key").map(|k| k.as_str()) {
            Some(Some(k)) if k == key => {
                found = match item.get("Value") {
                    Some(v) => match v.as_bool() {
                        Some(b) => Val::Known(b, v.range),
                        None => Val::Unknown(v.range),
                    },
                    None => Val::Unknown(item.range),
                };
            }
            Some(Some(_)) => {}
            _ => return Val::Unknown(item.range),
        }
    }
    found
}
