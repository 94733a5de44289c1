//! Elastic Load Balancing v2 load balancers and their listeners.

use super::{Cx, Handler};
use crate::eval::value::{Kind, Value};
use crate::model::adapt::link::{default_http_listeners, target, Target};
use crate::model::adapt::{bool_field, int_val, string_or, string_val, Variant};
use crate::model::elb::{
    ClassicListener, Listener, ListenerAction, LoadBalancer, DEFAULT_SSL_POLICY,
};
use crate::model::Val;

pub(super) const KINDS: &[(&str, Handler)] = &[
    ("aws_lb", load_balancer),
    ("aws_alb", load_balancer),
    ("aws_lb_listener", listener),
    ("aws_alb_listener", listener),
    ("aws_elb", classic),
];

/// Listeners without a `protocol` (their index in the model), with the load
/// balancer their `load_balancer_arn` names.
#[derive(Default)]
pub(super) struct Links {
    unset_protocol: Vec<(usize, Target)>,
}

fn load_balancer(cx: &mut Cx, v: &Variant) {
    let (b, at) = (&v.body, v.res.range);
    cx.m.elb.load_balancers.push(LoadBalancer {
        meta: v.meta.clone(),
        lb_type: string_or(b, "load_balancer_type", "application", at)
            .map(|t| t.to_ascii_lowercase()),
        drop_invalid_header_fields: bool_field(b, "drop_invalid_header_fields", false, at),
    });
}

fn listener(cx: &mut Cx, v: &Variant) {
    let (b, at) = (&v.body, v.res.range);
    let protocol = match b.get("protocol") {
        Some(p) => string_val(p).map(|p| p.to_ascii_uppercase()),
        None => {
            let index = cx.m.elb.listeners.len();
            cx.elb
                .unset_protocol
                .push((index, target(b.get("load_balancer_arn"))));
            Val::Unknown(at)
        }
    };
    cx.m.elb.listeners.push(Listener {
        meta: v.meta.clone(),
        protocol,
        ssl_policy: string_or(b, "ssl_policy", DEFAULT_SSL_POLICY, at),
        default_actions: actions(b.get("default_action"), at),
    });
}

/// A Classic Load Balancer's `listener` blocks.
fn classic(cx: &mut Cx, v: &Variant) {
    for block in v.body.blocks("listener") {
        if !matches!(block.kind, Kind::Map(_)) {
            continue;
        }
        cx.m.elb.classic_listeners.push(ClassicListener {
            meta: v.meta.clone(),
            protocol: match block.get("lb_protocol") {
                Some(p) => string_val(p).map(|p| p.to_ascii_uppercase()),
                None => Val::Unknown(block.range),
            },
            port: int_val(block.get("lb_port"), block.range),
        });
    }
}

/// The `default_action` blocks; unknown when the list itself is.
fn actions(list: Option<&Value>, at: crate::source::Range) -> Val<Vec<ListenerAction>> {
    let Some(list) = list else {
        return Val::Known(Vec::new(), at);
    };
    if list.is_unknown() {
        return Val::Unknown(list.range);
    }
    let mut out = Vec::new();
    for block in list.items() {
        if !matches!(block.kind, Kind::Map(_)) {
            return Val::Unknown(block.range);
        }
        let redirect_protocol = match block.blocks("redirect").first() {
            Some(r) if matches!(r.kind, Kind::Map(_)) => {
                string_or(r, "protocol", "#{protocol}", r.range).map(|p| p.to_ascii_uppercase())
            }
            _ => Val::Unknown(block.range),
        };
        out.push(ListenerAction {
            range: block.range,
            kind: match block.get("type") {
                Some(t) => string_val(t).map(|t| t.to_ascii_lowercase()),
                None => Val::Unknown(block.range),
            },
            redirect_protocol,
        });
    }
    Val::Known(out, list.range)
}

/// A listener without a protocol listens for HTTP when its load balancer
/// (in the same module) is an application load balancer.
pub(super) fn link(cx: &mut Cx) {
    let links = std::mem::take(&mut cx.elb);
    default_http_listeners(links.unset_protocol, &mut cx.m.elb);
}
