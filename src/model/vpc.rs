//! VPC networking: VPCs and their flow logs, security-group rules, network
//! ACL rules.

use super::{Meta, Val};
use crate::source::Range;

#[derive(Debug, Default)]
pub struct Vpc {
    pub vpcs: Vec<VpcNetwork>,
    pub security_group_rules: Vec<SecurityGroupRule>,
    pub nacl_rules: Vec<NaclRule>,
    pub subnets: Vec<Subnet>,
    pub default_sg_rules: Vec<DefaultSgRule>,
}

merge_lists!(Vpc {
    vpcs,
    security_group_rules,
    nacl_rules,
    subnets,
    default_sg_rules
});

/// An ingress or egress rule of a VPC's default security group: a block of
/// `aws_default_security_group`, or a separate rule resource whose group is
/// the default security group of a VPC of the same module or template
/// (`aws_vpc.x.default_security_group_id`, `!GetAtt Vpc.DefaultSecurityGroup`).
#[derive(Clone, Debug)]
pub struct DefaultSgRule {
    /// The default security group, or the separate rule resource.
    pub meta: Meta,
    /// The rule's block, or the separate rule resource.
    pub range: Range,
    pub ingress: bool,
    /// The resource that holds the default group, for messages
    /// (`aws_default_security_group.default`, `aws_vpc.main`, `Vpc`).
    pub group: String,
}

#[derive(Clone, Debug)]
pub struct Subnet {
    pub meta: Meta,
    /// `map_public_ip_on_launch` / `MapPublicIpOnLaunch`; AWS default `false`.
    pub map_public_ip_on_launch: Val<bool>,
}

#[derive(Clone, Debug)]
pub struct VpcNetwork {
    pub meta: Meta,
    /// Known true when a flow log in the same module or template targets it;
    /// unknown when some flow log's target cannot be resolved.
    pub has_flow_log: Val<bool>,
}

/// One ingress or egress rule, inline in a group or in its own resource.
#[derive(Clone, Debug)]
pub struct SecurityGroupRule {
    /// The security group, or the separate rule resource.
    pub meta: Meta,
    pub ingress: bool,
    /// IPv4 and IPv6 CIDR blocks.
    pub cidrs: Vec<Val<String>>,
    pub ports: PortRange,
}

#[derive(Clone, Debug)]
pub struct NaclRule {
    pub meta: Meta,
    pub ingress: bool,
    /// `allow` or `deny`.
    pub action: Val<String>,
    pub cidrs: Vec<Val<String>>,
    pub ports: PortRange,
    /// `rule_no` / `rule_number` / `RuleNumber`: a network ACL evaluates its
    /// entries in ascending number and the first match decides.
    pub number: Val<i64>,
    /// The network ACL the entry belongs to, as a key shared by all entries
    /// of that ACL in the module or template (the ACL resource's range, or
    /// the first entry naming a literal ACL id); `None` when it cannot be
    /// resolved.
    pub acl: Option<Range>,
}

/// Protocol and port range of a rule.
#[derive(Clone, Debug)]
pub struct PortRange {
    /// Normalised: `all`, `tcp`, `udp`, `icmp`, `icmpv6` or a protocol number.
    pub protocol: Val<String>,
    pub from: Val<i64>,
    pub to: Val<i64>,
}

impl PortRange {
    /// All traffic: protocol `-1`/`all`, or a TCP/UDP range covering every port.
    pub fn is_all(&self) -> bool {
        if self.protocol.is_known_and(|p| p == "all") {
            return true;
        }
        matches!((self.from.known(), self.to.known()), (Some(&f), Some(&t)) if f <= 0 && t >= 65535)
            && self.protocol.is_known_and(|p| p == "tcp" || p == "udp")
    }

    /// Whether the range is known to include `port` (for TCP/UDP or all).
    pub fn covers(&self, port: i64) -> bool {
        if self.protocol.is_known_and(|p| p == "all") {
            return true;
        }
        if !self.protocol.is_known_and(|p| p == "tcp" || p == "udp") {
            return false;
        }
        match (self.from.known(), self.to.known()) {
            (Some(&f), Some(&t)) => f <= port && port <= t,
            _ => false,
        }
    }

    /// `22`, `0-65535`, `all traffic`, for messages.
    pub fn describe(&self) -> String {
        if self.protocol.is_known_and(|p| p == "all") {
            return "all traffic".into();
        }
        let proto = self.protocol.known().cloned().unwrap_or_else(|| "?".into());
        match (self.from.known(), self.to.known()) {
            (Some(f), Some(t)) if f == t => format!("{proto} port {f}"),
            (Some(f), Some(t)) => format!("{proto} ports {f}-{t}"),
            _ => format!("{proto} (ports unknown)"),
        }
    }
}

/// Normalises protocol names and numbers as AWS accepts them.
pub fn normalise_protocol(p: &str) -> String {
    match p.trim().to_ascii_lowercase().as_str() {
        "-1" | "all" => "all".into(),
        "6" | "tcp" => "tcp".into(),
        "17" | "udp" => "udp".into(),
        "1" | "icmp" => "icmp".into(),
        "58" | "icmpv6" => "icmpv6".into(),
        other => other.to_string(),
    }
}

/// Whether a CIDR means "anywhere": any block of prefix length 0, however
/// it is written (see [`crate::net::is_world`]).
pub fn is_anywhere(cidr: &str) -> bool {
    crate::net::is_world(cidr)
}
