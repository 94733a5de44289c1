//! Elastic Load Balancing v2 load balancers.

use super::{Cx, Handler};
use crate::model::adapt::{bool_field, string_or, Variant};
use crate::model::elb::LoadBalancer;

pub(super) const KINDS: &[(&str, Handler)] =
    &[("aws_lb", load_balancer), ("aws_alb", load_balancer)];

fn load_balancer(cx: &mut Cx, v: &Variant) {
    let (b, at) = (&v.body, v.res.range);
    cx.m.elb.load_balancers.push(LoadBalancer {
        meta: v.meta.clone(),
        lb_type: string_or(b, "load_balancer_type", "application", at)
            .map(|t| t.to_ascii_lowercase()),
        drop_invalid_header_fields: bool_field(b, "drop_invalid_header_fields", false, at),
    });
}
