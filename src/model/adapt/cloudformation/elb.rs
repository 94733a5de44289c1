//! Elastic Load Balancing v2 load balancers and their listeners.

use super::{Cx, Handler};
use crate::eval::value::{Kind, Value};
use crate::model::adapt::link::{default_http_listeners, target, Target};
use crate::model::adapt::{int_val, string_or, string_val, Variant};
use crate::model::elb::{
    ClassicListener, Listener, ListenerAction, LoadBalancer, DEFAULT_SSL_POLICY,
};
use crate::model::Val;
use crate::source::Range;

pub(super) const KINDS: &[(&str, Handler)] = &[
    ("AWS::ElasticLoadBalancingV2::LoadBalancer", load_balancer),
    ("AWS::ElasticLoadBalancingV2::Listener", listener),
    ("AWS::ElasticLoadBalancing::LoadBalancer", classic),
];

/// Listeners without a `Protocol` (their index in the model), with the load
/// balancer their `LoadBalancerArn` names.
#[derive(Default)]
pub(super) struct Links {
    unset_protocol: Vec<(usize, Target)>,
}

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

fn listener(cx: &mut Cx, v: &Variant) {
    let (b, at) = (&v.body, v.res.range);
    let protocol = match b.get("Protocol") {
        Some(p) => string_val(p).map(|p| p.to_ascii_uppercase()),
        None => {
            let index = cx.m.elb.listeners.len();
            cx.elb
                .unset_protocol
                .push((index, target(b.get("LoadBalancerArn"))));
            Val::Unknown(at)
        }
    };
    cx.m.elb.listeners.push(Listener {
        meta: v.meta.clone(),
        protocol,
        ssl_policy: string_or(b, "SslPolicy", DEFAULT_SSL_POLICY, at),
        default_actions: actions(b.get("DefaultActions"), at),
    });
}

/// A Classic Load Balancer's `Listeners` entries.
fn classic(cx: &mut Cx, v: &Variant) {
    let Some(list) = v.body.get("Listeners") else {
        return;
    };
    for item in list.items() {
        if !matches!(item.kind, Kind::Map(_)) {
            continue;
        }
        cx.m.elb.classic_listeners.push(ClassicListener {
            meta: v.meta.clone(),
            protocol: match item.get("Protocol") {
                Some(p) => string_val(p).map(|p| p.to_ascii_uppercase()),
                None => Val::Unknown(item.range),
            },
            port: int_val(item.get("LoadBalancerPort"), item.range),
        });
    }
}

/// The `DefaultActions` list; unknown when the list itself is.
fn actions(list: Option<&Value>, at: Range) -> Val<Vec<ListenerAction>> {
    let Some(list) = list else {
        return Val::Known(Vec::new(), at);
    };
    if !matches!(list.kind, Kind::List(_)) {
        return Val::Unknown(list.range);
    }
    let mut out = Vec::new();
    for item in list.items() {
        if !matches!(item.kind, Kind::Map(_)) {
            return Val::Unknown(item.range);
        }
        let redirect_protocol = match item.get("RedirectConfig") {
            Some(r) if matches!(r.kind, Kind::Map(_)) => {
                string_or(r, "Protocol", "#{protocol}", r.range).map(|p| p.to_ascii_uppercase())
            }
            _ => Val::Unknown(item.range),
        };
        out.push(ListenerAction {
            range: item.range,
            kind: match item.get("Type") {
                Some(t) => string_val(t).map(|t| t.to_ascii_lowercase()),
                None => Val::Unknown(item.range),
            },
            redirect_protocol,
        });
    }
    Val::Known(out, list.range)
}

/// A listener without a protocol listens for HTTP when its load balancer
/// (in the same template) is an application load balancer.
pub(super) fn link(cx: &mut Cx) {
    let links = std::mem::take(&mut cx.elb);
    default_http_listeners(links.unset_protocol, &mut cx.m.elb);
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
