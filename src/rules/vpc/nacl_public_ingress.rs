//! AWS-VPC-001 nacl-public-ingress: network ACL entries allowing ingress from
//! anywhere.

use super::ADMIN_PORTS;
use crate::finding::Severity;
use crate::model::vpc::is_anywhere;
use crate::model::Model;
use crate::rules::Emitter;

pub(crate) fn check(model: &Model, e: &mut Emitter) {
    for rule in model.vpc.nacl_rules.iter().filter(|r| r.ingress) {
        if !rule
            .action
            .is_known_and(|a| a.eq_ignore_ascii_case("allow"))
        {
            continue;
        }
        for cidr in &rule.cidrs {
            let Some(c) = cidr.known().filter(|c| is_anywhere(c)) else {
                continue;
            };
            let admin = ADMIN_PORTS.iter().any(|p| rule.ports.covers(*p));
            let severity = if rule.ports.is_all() || admin {
                Severity::Critical
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
                    rule.ports.describe()
                ),
            );
        }
    }
}
