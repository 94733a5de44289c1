//! VPC networking: VPCs and their flow logs, security groups and their
//! rules, network ACL entries.

use std::collections::HashMap;

use super::{Cx, Handler};
use crate::eval::value::{Kind, Value};
use crate::model::adapt::link::{target, Target};
use crate::model::adapt::{bool_field, int_val, string_field, string_val, strings, Variant};
use crate::model::vpc::{
    normalise_protocol, DefaultSgRule, NaclRule, PortRange, SecurityGroupRule, Subnet, VpcNetwork,
};
use crate::model::{Meta, Val};
use crate::source::Range;

pub(super) const KINDS: &[(&str, Handler)] = &[
    ("AWS::EC2::VPC", vpc),
    ("AWS::EC2::Subnet", subnet),
    ("AWS::EC2::FlowLog", flow_log),
    ("AWS::EC2::SecurityGroup", security_group),
    ("AWS::EC2::SecurityGroupIngress", ingress),
    ("AWS::EC2::SecurityGroupEgress", egress),
    ("AWS::EC2::NetworkAcl", network_acl),
    ("AWS::EC2::NetworkAclEntry", nacl_entry),
];

#[derive(Default)]
pub(super) struct Links {
    /// Network ACLs by logical id, with their resource's range.
    acls: Vec<(String, Range)>,
    /// ACL entries (their index in the model) and the ACL they name.
    acl_entries: Vec<(usize, Target)>,
    vpcs: Vec<Meta>,
    flow_targets: Vec<Target>,
    /// Separate ingress and egress rules, with the group they name.
    group_rules: Vec<(Meta, bool, Target)>,
}

fn vpc(cx: &mut Cx, v: &Variant) {
    cx.vpc.vpcs.push(v.meta.clone());
}

fn subnet(cx: &mut Cx, v: &Variant) {
    cx.m.vpc.subnets.push(Subnet {
        meta: v.meta.clone(),
        map_public_ip_on_launch: bool_field(&v.body, "MapPublicIpOnLaunch", false, v.res.range),
    });
}

fn flow_log(cx: &mut Cx, v: &Variant) {
    let b = &v.body;
    match b.get("ResourceType").and_then(|t| t.as_str()) {
        Some("VPC") => cx.vpc.flow_targets.push(target(b.get("ResourceId"))),
        Some(_) => {}
        None => cx.vpc.flow_targets.push(Target::Unresolved),
    }
}

fn security_group(cx: &mut Cx, v: &Variant) {
    for (ingress, key) in [
        (true, "SecurityGroupIngress"),
        (false, "SecurityGroupEgress"),
    ] {
        for rule in v.body.get(key).map(|l| l.items()).unwrap_or_default() {
            if matches!(rule.kind, Kind::Map(_)) {
                sg_rule(cx, v, rule, ingress);
            }
        }
    }
}

fn ingress(cx: &mut Cx, v: &Variant) {
    sg_rule(cx, v, &v.body, true);
    group_rule(cx, v, true);
}

fn egress(cx: &mut Cx, v: &Variant) {
    sg_rule(cx, v, &v.body, false);
    group_rule(cx, v, false);
}

fn group_rule(cx: &mut Cx, v: &Variant, ingress: bool) {
    let group = target(v.body.get("GroupId"));
    cx.vpc.group_rules.push((v.meta.clone(), ingress, group));
}

fn network_acl(cx: &mut Cx, v: &Variant) {
    cx.vpc.acls.push((v.res.address.clone(), v.res.range));
}

fn nacl_entry(cx: &mut Cx, v: &Variant) {
    let (b, at) = (&v.body, v.res.range);
    let Some((&egress, _)) = bool_field(b, "Egress", false, at).get() else {
        return;
    };
    let mut cidrs = strings(b.get("CidrBlock"));
    cidrs.extend(strings(b.get("Ipv6CidrBlock")));
    let range = b.get("PortRange");
    let protocol = match b.get("Protocol") {
        Some(p) => string_val(p).map(|s| normalise_protocol(&s)),
        None => Val::Unknown(at),
    };
    cx.m.vpc.nacl_rules.push(NaclRule {
        meta: v.meta.clone(),
        ingress: !egress,
        action: string_field(b, "RuleAction").unwrap_or(Val::Unknown(at)),
        cidrs,
        ports: PortRange {
            protocol,
            from: int_val(range.and_then(|p| p.get("From")), at),
            to: int_val(range.and_then(|p| p.get("To")), at),
        },
        number: int_val(b.get("RuleNumber"), at),
        acl: None,
    });
    let index = cx.m.vpc.nacl_rules.len() - 1;
    cx.vpc
        .acl_entries
        .push((index, target(b.get("NetworkAclId"))));
}

fn sg_rule(cx: &mut Cx, v: &Variant, rule: &Value, ingress: bool) {
    let mut cidrs = strings(rule.get("CidrIp"));
    cidrs.extend(strings(rule.get("CidrIpv6")));
    let protocol = match string_field(rule, "IpProtocol") {
        Some(p) => p.map(|p| normalise_protocol(&p)),
        None => Val::Unknown(rule.range),
    };
    cx.m.vpc.security_group_rules.push(SecurityGroupRule {
        meta: v.meta.clone(),
        ingress,
        cidrs,
        ports: PortRange {
            protocol,
            from: int_val(rule.get("FromPort"), rule.range),
            to: int_val(rule.get("ToPort"), rule.range),
        },
    });
}

/// Links flow logs to VPCs (`ResourceId: !Ref Vpc`).
pub(super) fn link(cx: &mut Cx) {
    let links = std::mem::take(&mut cx.vpc);
    let mut literal: HashMap<&str, Range> = HashMap::new();
    for (index, t) in &links.acl_entries {
        let rule = &mut cx.m.vpc.nacl_rules[*index];
        rule.acl = match t {
            Target::Refs(refs) => links
                .acls
                .iter()
                .find(|(id, _)| refs.iter().any(|r| **r == **id))
                .map(|(_, range)| *range),
            Target::Name(n) => Some(*literal.entry(n.as_str()).or_insert(rule.meta.range)),
            Target::Unresolved => None,
        };
    }
    let unresolved_flow = links
        .flow_targets
        .iter()
        .any(|t| !matches!(t, Target::Refs(_)));
    // A rule whose GroupId refers to a VPC (`!GetAtt Vpc.DefaultSecurityGroup`,
    // the only security group a VPC has) opens the VPC's default group.
    for (meta, ingress, group) in &links.group_rules {
        let Target::Refs(refs) = group else { continue };
        if let Some(vpc) = links
            .vpcs
            .iter()
            .find(|vpc| refs.iter().any(|r| **r == *vpc.address))
        {
            cx.m.vpc.default_sg_rules.push(DefaultSgRule {
                meta: meta.clone(),
                range: meta.range,
                ingress: *ingress,
                group: vpc.name(),
            });
        }
    }
    for meta in links.vpcs {
        let linked = links
            .flow_targets
            .iter()
            .any(|t| matches!(t, Target::Refs(refs) if refs.iter().any(|r| **r == *meta.address)));
        let has_flow_log = if linked {
            Val::Known(true, meta.range)
        } else if unresolved_flow {
            Val::Unknown(meta.range)
        } else {
            Val::Known(false, meta.range)
        };
        cx.m.vpc.vpcs.push(VpcNetwork { meta, has_flow_log });
    }
}
