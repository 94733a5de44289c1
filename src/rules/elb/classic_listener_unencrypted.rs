//! AWS-ELB-004 elb-classic-listener-unencrypted: Classic Load Balancer
//! listeners that accept clients without TLS.

use crate::model::Model;
use crate::rules::Emitter;

pub(crate) fn check(model: &Model, e: &mut Emitter) {
    for l in &model.elb.classic_listeners {
        let Some((protocol, range)) = l.protocol.get() else {
            continue;
        };
        if protocol == "HTTPS" || protocol == "SSL" {
            continue;
        }
        let port = l
            .port
            .known()
            .map(|p| format!(" on port {p}"))
            .unwrap_or_default();
        e.report(
            &l.meta,
            range,
            format!(
                "Classic Load Balancer {} accepts {protocol}{port}: clients connect without TLS",
                l.meta.name()
            ),
        );
    }
}
