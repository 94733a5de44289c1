//! AWS-VPC-002 sg-public-ingress: security-group ingress from anywhere.

use super::{ADMIN_PORTS, DATA_PORTS};
use crate::finding::Severity;
use crate::model::vpc::is_anywhere;
use crate::model::Model;
use crate::rules::Emitter;

pub(crate) fn check(model: &Model, e: &mut Emitter) {
    for rule in model.vpc.security_group_rules.iter().filter(|r| r.ingress) {
        for cidr in &rule.cidrs {
            let Some(c) = cidr.known().filter(|c| is_anywhere(c)) else {
                continue;
            };
            let p = &rule.ports;
            let web_only = matches!((p.from.known(), p.to.known()), (Some(&f), Some(&t)) if (f == 80 || f == 443) && (t == 80 || t == 443))
                && p.protocol.is_known_and(|x| x == "tcp");
            let severity = if p.is_all() || ADMIN_PORTS.iter().any(|x| p.covers(*x)) {
                Severity::Critical
            } else if DATA_PORTS.iter().any(|x| p.covers(*x)) {
                Severity::High
            } else if web_only {
                Severity::Low
            } else {
                Severity::Medium
            };
            e.report_with(
                &rule.meta,
                cidr.range(),
                severity,
                format!(
                    "{} allows ingress from {} ({})",
                    rule.meta.name(),
                    crate::net::describe_world(c),
                    p.describe()
                ),
            );
        }
    }
}
