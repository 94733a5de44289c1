//! AWS-VPC-001 nacl-public-ingress: network ACL entries allowing ingress from
//! anywhere that a lower-numbered deny does not already block.
//!
//! A network ACL evaluates its inbound entries in ascending rule number and
//! the first entry that matches a packet decides. An allow from the world is
//! reported for the traffic that no lower-numbered deny from the world (of
//! the same address family) in the same ACL takes away; when a deny takes
//! part of it, the message names what stays open.

use super::ADMIN_PORTS;
use crate::finding::Severity;
use crate::model::vpc::{is_anywhere, NaclRule};
use crate::model::Model;
use crate::net::{describe_world, parse_cidr};
use crate::rules::Emitter;

pub(crate) fn check(model: &Model, e: &mut Emitter) {
    let ingress: Vec<&NaclRule> = model.vpc.nacl_rules.iter().filter(|r| r.ingress).collect();
    for rule in &ingress {
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
            let v6 = is_v6(c);
            let denies: Vec<&NaclRule> = ingress
                .iter()
                .copied()
                .filter(|d| !std::ptr::eq(*d, *rule) && same_acl(d, rule) && may_deny(d, v6))
                .collect();
            let Some(open) = open_traffic(rule, &denies, v6) else {
                continue; // depends on an unknown
            };
            if open.is_empty() {
                continue;
            }
            let severity =
                if open.is_everything() || ADMIN_PORTS.iter().any(|p| open.covers_tcp(*p)) {
                    Severity::Critical
                } else {
                    Severity::Medium
                };
            let what = if open.narrowed {
                format!(
                    "{}; lower-numbered deny entries block the rest",
                    open.describe()
                )
            } else {
                rule.ports.describe()
            };
            e.report_with(
                &rule.meta,
                cidr.range(),
                severity,
                format!(
                    "{} allows ingress from {} ({what})",
                    rule.meta.name(),
                    describe_world(c),
                ),
            );
        }
    }
}

fn is_v6(cidr: &str) -> bool {
    matches!(parse_cidr(cidr), Some(ipnet::IpNet::V6(_)))
}

/// Entries of the same ACL: the same key, or the entry itself when its ACL
/// is unresolved.
fn same_acl(a: &NaclRule, b: &NaclRule) -> bool {
    matches!((a.acl, b.acl), (Some(x), Some(y)) if x == y)
}

/// Whether an entry is, or may be (some field unknown), an inbound deny
/// from the world of this address family.
fn may_deny(d: &NaclRule, v6: bool) -> bool {
    let action_may_deny = match d.action.known() {
        Some(a) => a.eq_ignore_ascii_case("deny"),
        None => true,
    };
    action_may_deny
        && d.cidrs.iter().any(|c| match c.known() {
            Some(c) => is_anywhere(c) && is_v6(c) == v6,
            None => true,
        })
}

/// Ports 0-65535 as sorted, disjoint, inclusive intervals.
type Ports = Vec<(i64, i64)>;

const ALL_PORTS: (i64, i64) = (0, 65535);

fn subtract(set: &Ports, (a, b): (i64, i64)) -> Ports {
    let mut out = Vec::new();
    for &(x, y) in set {
        if b < x || a > y {
            out.push((x, y));
            continue;
        }
        if x < a {
            out.push((x, a - 1));
        }
        if b < y {
            out.push((b + 1, y));
        }
    }
    out
}

/// What an allow entry still lets in after the denies before it.
struct Open {
    tcp: Ports,
    udp: Ports,
    /// Every other protocol is open (the allow is for all traffic), except
    /// those listed.
    others: bool,
    others_denied: Vec<String>,
    /// The allow is for one other protocol (ICMP, a protocol number), still open.
    single: Option<String>,
    /// Whether a deny took something away.
    narrowed: bool,
    /// A TCP or UDP allow whose ports are unknown (reported only when no
    /// deny could narrow it).
    unknown_ports: bool,
}

impl Open {
    fn is_empty(&self) -> bool {
        self.tcp.is_empty()
            && self.udp.is_empty()
            && !self.others
            && self.single.is_none()
            && !self.unknown_ports
    }

    fn is_everything(&self) -> bool {
        self.others
            && self.others_denied.is_empty()
            && self.tcp == [ALL_PORTS]
            && self.udp == [ALL_PORTS]
    }

    /// Whether a TCP port stays open (SSH and RDP need TCP).
    fn covers_tcp(&self, port: i64) -> bool {
        self.tcp.iter().any(|&(a, b)| a <= port && port <= b)
    }

    fn describe(&self) -> String {
        let ports = |proto: &str, set: &Ports| {
            let list: Vec<String> = set
                .iter()
                .map(|&(a, b)| {
                    if a == b {
                        a.to_string()
                    } else {
                        format!("{a}-{b}")
                    }
                })
                .collect();
            let noun = if set.len() == 1 && set[0].0 == set[0].1 {
                "port"
            } else {
                "ports"
            };
            format!("{proto} {noun} {}", list.join(", "))
        };
        let mut parts = Vec::new();
        if !self.tcp.is_empty() {
            parts.push(ports("tcp", &self.tcp));
        }
        if !self.udp.is_empty() {
            parts.push(ports("udp", &self.udp));
        }
        if self.others {
            if self.others_denied.is_empty() {
                parts.push("every other protocol".to_string());
            } else {
                parts.push(format!(
                    "every other protocol but {}",
                    self.others_denied.join(", ")
                ));
            }
        }
        if let Some(p) = &self.single {
            parts.push(p.clone());
        }
        format!("still open: {}", parts.join(", "))
    }
}

/// The traffic `allow` lets in once the `denies` numbered below it have
/// matched, or `None` when that depends on an unknown value.
fn open_traffic(allow: &NaclRule, denies: &[&NaclRule], v6: bool) -> Option<Open> {
    let proto = allow.ports.protocol.known()?.clone();
    let range = || match (allow.ports.from.known(), allow.ports.to.known()) {
        (Some(&f), Some(&t)) => Some(vec![(f.max(0), t.min(65535))]),
        _ => None,
    };
    let mut open = Open {
        tcp: Vec::new(),
        udp: Vec::new(),
        others: false,
        others_denied: Vec::new(),
        single: None,
        narrowed: false,
        unknown_ports: false,
    };
    match proto.as_str() {
        "all" => {
            open.tcp = vec![ALL_PORTS];
            open.udp = vec![ALL_PORTS];
            open.others = true;
        }
        "tcp" | "udp" => match range() {
            Some(r) if proto == "tcp" => open.tcp = r,
            Some(r) => open.udp = r,
            None => open.unknown_ports = true,
        },
        other => open.single = Some(other.to_string()),
    }
    if denies.is_empty() {
        return Some(open);
    }
    if open.unknown_ports {
        return None;
    }
    let number = *allow.number.known()?;
    for d in denies {
        let n = *d.number.known()?;
        if n >= number {
            continue;
        }
        // Lower-numbered and possibly a deny from the world: every field
        // that decides what it takes must be known.
        if !d.action.is_known_and(|a| a.eq_ignore_ascii_case("deny"))
            || d.cidrs.iter().any(|c| c.known().is_none())
        {
            return None;
        }
        if !d
            .cidrs
            .iter()
            .any(|c| c.is_known_and(|c| is_anywhere(c) && is_v6(c) == v6))
        {
            continue;
        }
        let before = (
            open.tcp.clone(),
            open.udp.clone(),
            open.others,
            open.single.clone(),
        );
        let dp = d.ports.protocol.known()?.as_str();
        let ports = || match (d.ports.from.known(), d.ports.to.known()) {
            (Some(&f), Some(&t)) => Some((f, t)),
            _ => None,
        };
        match dp {
            "all" => {
                open.tcp.clear();
                open.udp.clear();
                open.others = false;
                open.single = None;
            }
            "tcp" => open.tcp = subtract(&open.tcp, ports()?),
            "udp" => open.udp = subtract(&open.udp, ports()?),
            other => {
                if open.single.as_deref() == Some(other) {
                    open.single = None;
                }
                if open.others && !open.others_denied.iter().any(|p| p == other) {
                    open.others_denied.push(other.to_string());
                }
            }
        }
        let after = (
            open.tcp.clone(),
            open.udp.clone(),
            open.others,
            open.single.clone(),
        );
        open.narrowed |=
            before != after || (dp != "all" && dp != "tcp" && dp != "udp" && open.others);
    }
    Some(open)
}
