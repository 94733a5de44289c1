//! AWS-ELB-003 elb-listener-outdated-tls-policy: HTTPS and TLS listeners
//! whose security policy still accepts TLS 1.0 or 1.1.

use crate::model::elb::outdated_tls;
use crate::model::Model;
use crate::rules::Emitter;

pub(crate) fn check(model: &Model, e: &mut Emitter) {
    for l in &model.elb.listeners {
        if !l.protocol.is_known_and(|p| p == "HTTPS" || p == "TLS") {
            continue;
        }
        let Some((policy, range)) = l.ssl_policy.get() else {
            continue;
        };
        let Some(oldest) = outdated_tls(policy) else {
            continue;
        };
        let protocol = l.protocol.known().map(String::as_str).unwrap_or_default();
        let how = if l.ssl_policy.is_default() {
            format!("does not set a security policy, so AWS applies {policy},")
        } else {
            format!("uses the security policy {policy},")
        };
        e.report(
            &l.meta,
            range,
            format!(
                "{protocol} listener {} {how} which accepts clients down to {oldest}",
                l.meta.name()
            ),
        );
    }
}
