//! VPC networking: VPCs and their flow logs, security groups and their
//! rules, network ACLs and their rules.

use super::{Cx, Handler};
use crate::eval::value::{Kind, Value};
use std::collections::HashMap;

use crate::model::adapt::link::{same_resource, target, RefSet, Target};
use crate::model::adapt::{bool_field, int_val, is_set, string_field, strings, Variant};
use crate::model::vpc::{
    normalise_protocol, DefaultSgRule, NaclRule, PortRange, SecurityGroupRule, Subnet, VpcNetwork,
};
use crate::model::{Meta, Val};
use crate::source::Range;

pub(super) const KINDS: &[(&str, Handler)] = &[
    ("aws_vpc", vpc),
    ("aws_subnet", subnet),
    ("aws_flow_log", flow_log),
    ("aws_security_group", security_group),
    ("aws_default_security_group", default_security_group),
    ("aws_security_group_rule", security_group_rule),
    (
        "aws_vpc_security_group_ingress_rule",
        vpc_security_group_rule,
    ),
    (
        "aws_vpc_security_group_egress_rule",
        vpc_security_group_rule,
    ),
    ("aws_network_acl", network_acl),
    ("aws_default_network_acl", network_acl),
    ("aws_network_acl_rule", network_acl_rule),
];

#[derive(Default)]
pub(super) struct Links {
    /// Network ACLs by address, with their resource's range.
    acls: Vec<(String, Range)>,
    /// Separate ACL entries (their index in the model) and the ACL they name.
    acl_entries: Vec<(usize, Target)>,
    vpcs: Vec<Meta>,
    /// What each flow log attached to a VPC (or to something unresolved)
    /// points at.
    flow_targets: Vec<Target>,
}

fn vpc(cx: &mut Cx, v: &Variant) {
    cx.vpc.vpcs.push(v.meta.clone());
}

fn subnet(cx: &mut Cx, v: &Variant) {
    cx.m.vpc.subnets.push(Subnet {
        meta: v.meta.clone(),
        map_public_ip_on_launch: bool_field(&v.body, "map_public_ip_on_launch", false, v.res.range),
    });
}

fn flow_log(cx: &mut Cx, v: &Variant) {
    let b = &v.body;
    if b.get("vpc_id").is_some() {
        cx.vpc.flow_targets.push(target(b.get("vpc_id")));
    } else if !is_set(b, "subnet_id")
        && !is_set(b, "eni_id")
        && !is_set(b, "transit_gateway_id")
        && !is_set(b, "transit_gateway_attachment_id")
    {
        cx.vpc.flow_targets.push(Target::Unresolved);
    }
}

fn security_group(cx: &mut Cx, v: &Variant) {
    for (ingress, key) in [(true, "ingress"), (false, "egress")] {
        for rule in v.body.blocks(key) {
            if matches!(rule.kind, Kind::Map(_)) {
                sg_rule(cx, v, rule, ingress);
            }
        }
    }
}

/// The default group's rules count for `sg-public-ingress` as any group's,
/// and each one opens the group that should stay closed. A block with an
/// unknown value may be the one block a `dynamic` block over an unknown
/// (possibly empty) collection stands for: not counted.
fn default_security_group(cx: &mut Cx, v: &Variant) {
    security_group(cx, v);
    for (ingress, key) in [(true, "ingress"), (false, "egress")] {
        for rule in v.body.blocks(key) {
            if matches!(rule.kind, Kind::Map(_)) && rule.is_wholly_known() {
                cx.m.vpc.default_sg_rules.push(DefaultSgRule {
                    meta: v.meta.clone(),
                    range: rule.range,
                    ingress,
                    group: v.meta.name(),
                });
            }
        }
    }
}

fn security_group_rule(cx: &mut Cx, v: &Variant) {
    if let Some(ty) = v.body.get("type").and_then(|t| t.as_str()) {
        sg_rule(cx, v, &v.body, ty == "ingress");
        default_group_rule(cx, v, ty == "ingress");
    }
}

/// A separate rule whose `security_group_id` refers to a default security
/// group, or to a VPC (whose only security group id is
/// `default_security_group_id`).
fn default_group_rule(cx: &mut Cx, v: &Variant, ingress: bool) {
    let Target::Refs(refs) = target(v.body.get("security_group_id")) else {
        return;
    };
    // The resource type: the second-to-last part of `module.m.aws_vpc.main`.
    let kind = |r: &str| r.rsplit('.').nth(1).map(str::to_string);
    if let Some(group) = refs.iter().find(|r| {
        matches!(
            kind(r).as_deref(),
            Some("aws_default_security_group" | "aws_vpc")
        )
    }) {
        cx.m.vpc.default_sg_rules.push(DefaultSgRule {
            meta: v.meta.clone(),
            range: v.res.range,
            ingress,
            group: group.to_string(),
        });
    }
}

/// `aws_vpc_security_group_ingress_rule` / `_egress_rule`: one CIDR each.
fn vpc_security_group_rule(cx: &mut Cx, v: &Variant) {
    let b = &v.body;
    let mut cidrs = strings(b.get("cidr_ipv4"));
    cidrs.extend(strings(b.get("cidr_ipv6")));
    let ingress = v.res.kind.ends_with("ingress_rule");
    cx.m.vpc.security_group_rules.push(SecurityGroupRule {
        meta: v.meta.clone(),
        ingress,
        cidrs,
        ports: ports(b, "ip_protocol", v.res.range),
    });
    default_group_rule(cx, v, ingress);
}

fn network_acl(cx: &mut Cx, v: &Variant) {
    cx.vpc.acls.push((v.res.address.clone(), v.res.range));
    for (ingress, key) in [(true, "ingress"), (false, "egress")] {
        for rule in v.body.blocks(key) {
            if matches!(rule.kind, Kind::Map(_)) {
                nacl_rule(cx, v, rule, ingress, "action", "rule_no");
                cx.m.vpc.nacl_rules.last_mut().expect("just pushed").acl = Some(v.res.range);
            }
        }
    }
}

fn network_acl_rule(cx: &mut Cx, v: &Variant) {
    if let Some((&egress, _)) = bool_field(&v.body, "egress", false, v.res.range).get() {
        nacl_rule(cx, v, &v.body, !egress, "rule_action", "rule_number");
        let index = cx.m.vpc.nacl_rules.len() - 1;
        cx.vpc
            .acl_entries
            .push((index, target(v.body.get("network_acl_id"))));
    }
}

fn ports(b: &Value, protocol_key: &str, missing: Range) -> PortRange {
    let protocol = match string_field(b, protocol_key) {
        Some(p) => p.map(|p| normalise_protocol(&p)),
        None => Val::Unknown(missing),
    };
    PortRange {
        protocol,
        from: int_val(b.get("from_port"), missing),
        to: int_val(b.get("to_port"), missing),
    }
}

fn sg_rule(cx: &mut Cx, v: &Variant, rule: &Value, ingress: bool) {
    let mut cidrs = strings(rule.get("cidr_blocks"));
    cidrs.extend(strings(rule.get("ipv6_cidr_blocks")));
    cx.m.vpc.security_group_rules.push(SecurityGroupRule {
        meta: v.meta.clone(),
        ingress,
        cidrs,
        ports: ports(rule, "protocol", rule.range),
    });
}

fn nacl_rule(
    cx: &mut Cx,
    v: &Variant,
    rule: &Value,
    ingress: bool,
    action_key: &str,
    number_key: &str,
) {
    let mut cidrs = strings(rule.get("cidr_block"));
    cidrs.extend(strings(rule.get("ipv6_cidr_block")));
    cx.m.vpc.nacl_rules.push(NaclRule {
        meta: v.meta.clone(),
        ingress,
        action: string_field(rule, action_key).unwrap_or(Val::Unknown(rule.range)),
        cidrs,
        ports: ports(rule, "protocol", rule.range),
        number: int_val(rule.get(number_key), rule.range),
        acl: None,
    });
}

/// Links flow logs to VPCs: a VPC has one when a flow log refers to it, and
/// it is unknown when some flow log's target could not be resolved.
pub(super) fn link(cx: &mut Cx) {
    let links = std::mem::take(&mut cx.vpc);
    link_acl_entries(&mut cx.m.vpc.nacl_rules, &links.acls, &links.acl_entries);
    let unresolved_flow = links
        .flow_targets
        .iter()
        .any(|t| !matches!(t, Target::Refs(_)));
    let mut flow_refs = RefSet::default();
    for t in &links.flow_targets {
        if let Target::Refs(refs) = t {
            refs.iter().for_each(|r| flow_refs.insert(r));
        }
    }
    for meta in links.vpcs {
        let has_flow_log = if flow_refs.matches(&meta.address) {
            Val::Known(true, meta.range)
        } else if unresolved_flow {
            Val::Unknown(meta.range)
        } else {
            Val::Known(false, meta.range)
        };
        cx.m.vpc.vpcs.push(VpcNetwork { meta, has_flow_log });
    }
}

/// Gives each separate ACL entry the key of the network ACL it names: the
/// ACL resource it refers to, or, for a literal ACL id, the first entry
/// naming that id.
fn link_acl_entries(rules: &mut [NaclRule], acls: &[(String, Range)], entries: &[(usize, Target)]) {
    let mut literal: HashMap<&str, Range> = HashMap::new();
    for (index, t) in entries {
        let own = rules[*index].meta.range;
        rules[*index].acl = match t {
            Target::Refs(refs) => acls
                .iter()
                .find(|(address, _)| refs.iter().any(|r| same_resource(r, address)))
                .map(|(_, range)| *range),
            Target::Name(n) => Some(*literal.entry(n.as_str()).or_insert(own)),
            Target::Unresolved => None,
        };
    }
}
