//! AWS-ELB-002 alb-http-listener-not-redirected: load balancer listeners
//! that serve plain HTTP instead of redirecting it to HTTPS.

use crate::model::elb::Listener;
use crate::model::Model;
use crate::rules::Emitter;

pub(crate) fn check(model: &Model, e: &mut Emitter) {
    for l in &model.elb.listeners {
        let Some((protocol, range)) = l.protocol.get() else {
            continue;
        };
        if protocol != "HTTP" {
            continue;
        }
        let Some(what) = serves_http(l) else {
            continue;
        };
        let listens = if l.protocol.is_default() {
            "has no protocol, so it listens for plain HTTP (the default for an application load balancer),"
        } else {
            "listens for plain HTTP"
        };
        e.report(
            &l.meta,
            range,
            format!(
                "listener {} {listens} and its default action {what} instead of redirecting to HTTPS",
                l.meta.name()
            ),
        );
    }
}

/// What the default actions do when none of them redirects to HTTPS; `None`
/// when one does, or when an unknown value might.
fn serves_http(l: &Listener) -> Option<&'static str> {
    let actions = l.default_actions.known()?;
    let mut what = None;
    for a in actions {
        let kind = a.kind.known()?;
        match kind.as_str() {
            "redirect" => match a.redirect_protocol.known()?.as_str() {
                "HTTPS" => return None,
                _ => what = Some("redirects to plain HTTP"),
            },
            "forward" => what = what.or(Some("forwards requests")),
            "fixed-response" => what = what.or(Some("returns a fixed response")),
            _ => {}
        }
    }
    what
}
