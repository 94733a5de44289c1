//! Terraform resources (AWS provider) to the model.

use std::collections::{HashMap, HashSet};

use super::{
    bool_field, int_val, is_set, owners, policy_document, same_resource, string_field, strings,
    target, variants_related, without_key, Target, Variant,
};
use crate::eval::terraform::Related;
use crate::eval::value::{Kind, Value};
use crate::eval::Unit;
use crate::model::cloudtrail::Trail;
use crate::model::ec2::{BlockDevice, Volume};
use crate::model::efs::FileSystem;
use crate::model::iam::{IdentityPolicy, PolicyDocument, Statement};
use crate::model::rds::Database;
use crate::model::s3::{AclSetting, Bucket, BucketPolicy, PabState, PublicAccessBlock};
use crate::model::vpc::{normalise_protocol, NaclRule, PortRange, SecurityGroupRule, VpcNetwork};
use crate::model::{Model, Val};

pub fn adapt(unit: &Unit, related: &Related) -> Model {
    let variants_of = |r| variants_related(r, related);
    let mut m = Model::default();
    // Policy documents from `aws_iam_policy_document` data sources, by address.
    let mut documents: HashMap<&str, Vec<(crate::model::Meta, PolicyDocument)>> = HashMap::new();
    for r in unit
        .resources
        .iter()
        .filter(|r| r.kind == "aws_iam_policy_document")
    {
        for v in variants_of(r) {
            documents
                .entry(&r.address)
                .or_default()
                .push((v.meta.clone(), hcl_document(&v.body)));
        }
    }

    let mut bucket_names: Vec<(String, Option<String>)> = Vec::new();
    let mut pab_targets: Vec<Target> = Vec::new();
    let mut account_block = false;
    let mut vpcs: Vec<crate::model::Meta> = Vec::new();
    let mut flow_targets: Vec<Target> = Vec::new();
    // (policy, principal) pairs from attachment resources.
    let mut attachments: Vec<(String, String)> = Vec::new();

    for r in unit.resources.iter().filter(|r| !r.data_source) {
        for v in variants_of(r) {
            let b = &v.body;
            match r.kind.as_str() {
                "aws_iam_policy" => {
                    if let Some(p) = b.get("policy") {
                        identity_policy(&mut m, &v, p, &documents, Vec::new());
                    }
                }
                "aws_iam_role_policy" | "aws_iam_user_policy" | "aws_iam_group_policy" => {
                    let key = r
                        .kind
                        .trim_start_matches("aws_iam_")
                        .trim_end_matches("_policy");
                    if let Some(p) = b.get("policy") {
                        identity_policy(&mut m, &v, p, &documents, owners(b.get(key)));
                    }
                }
                "aws_iam_role" | "aws_iam_user" | "aws_iam_group" => {
                    for ip in b.blocks("inline_policy") {
                        if let Some(p) = ip.get("policy") {
                            identity_policy(&mut m, &v, p, &documents, vec![r.address.clone()]);
                        }
                    }
                    for arn in owners(b.get("managed_policy_arns")) {
                        attachments.push((arn, r.address.clone()));
                    }
                }
                "aws_iam_role_policy_attachment"
                | "aws_iam_user_policy_attachment"
                | "aws_iam_group_policy_attachment"
                | "aws_iam_policy_attachment" => {
                    let mut to: Vec<String> = Vec::new();
                    for key in ["role", "user", "group", "roles", "users", "groups"] {
                        to.extend(owners(b.get(key)));
                    }
                    for policy in owners(b.get("policy_arn")) {
                        for t in &to {
                            attachments.push((policy.clone(), t.clone()));
                        }
                    }
                }
                "aws_s3_bucket" => {
                    bucket_names.push((
                        r.address.clone(),
                        b.get("bucket").and_then(|n| n.as_str()).map(String::from),
                    ));
                    m.s3.buckets.push(Bucket {
                        meta: v.meta.clone(),
                        public_access_block: PabState::Missing,
                    });
                    if let Some(acl) = string_field(b, "acl") {
                        m.s3.acls.push(AclSetting {
                            meta: v.meta.clone(),
                            canned_acl: Some(acl),
                            grantee_uris: Vec::new(),
                        });
                    }
                    if let Some(doc) = b.get("policy").and_then(policy_document) {
                        m.s3.policies.push(BucketPolicy {
                            meta: v.meta.clone(),
                            document: doc,
                        });
                    }
                }
                "aws_s3_bucket_acl" => {
                    let grantee_uris = b
                        .blocks("access_control_policy")
                        .into_iter()
                        .flat_map(|p| p.blocks("grant"))
                        .flat_map(|g| g.blocks("grantee"))
                        .filter_map(|g| string_field(g, "uri"))
                        .collect();
                    m.s3.acls.push(AclSetting {
                        meta: v.meta.clone(),
                        canned_acl: string_field(b, "acl"),
                        grantee_uris,
                    });
                }
                "aws_s3_bucket_public_access_block" | "aws_s3_account_public_access_block" => {
                    let pab = public_access_block(&v);
                    if r.kind == "aws_s3_account_public_access_block" {
                        account_block |= pab.flags().iter().all(|(_, f)| f.is_known_and(|b| *b));
                    } else {
                        pab_targets.push(target(b.get("bucket")));
                    }
                    m.s3.public_access_blocks.push(pab);
                }
                "aws_s3_bucket_policy" => {
                    if let Some(doc) = b
                        .get("policy")
                        .and_then(|p| resolve_document(p, &documents))
                    {
                        for (meta, document) in doc {
                            m.s3.policies.push(BucketPolicy {
                                meta: meta.unwrap_or_else(|| v.meta.clone()),
                                document,
                            });
                        }
                    }
                }
                "aws_ebs_volume" => m.ec2.volumes.push(Volume {
                    meta: v.meta.clone(),
                    encrypted: if is_set(b, "snapshot_id") {
                        Val::Unknown(r.range)
                    } else {
                        bool_field(b, "encrypted", false, r.range)
                    },
                }),
                "aws_instance" | "aws_launch_configuration" => {
                    for (name, blocks) in [
                        ("root_block_device", b.blocks("root_block_device")),
                        ("ebs_block_device", b.blocks("ebs_block_device")),
                    ] {
                        for d in blocks {
                            block_device(&mut m, &v, d, name);
                        }
                    }
                }
                "aws_launch_template" => {
                    for mapping in b.blocks("block_device_mappings") {
                        for ebs in mapping.blocks("ebs") {
                            block_device(&mut m, &v, ebs, "block_device_mappings.ebs");
                        }
                    }
                }
                "aws_db_instance" => m.rds.instances.push(Database {
                    meta: v.meta.clone(),
                    storage_encrypted: if is_set(b, "replicate_source_db")
                        || is_set(b, "snapshot_identifier")
                    {
                        Val::Unknown(r.range)
                    } else {
                        bool_field(b, "storage_encrypted", false, r.range)
                    },
                }),
                "aws_rds_cluster" => m.rds.clusters.push(Database {
                    meta: v.meta.clone(),
                    storage_encrypted: if is_set(b, "replication_source_identifier")
                        || is_set(b, "snapshot_identifier")
                        || b.get("engine_mode").and_then(|e| e.as_str()) == Some("serverless")
                    {
                        Val::Unknown(r.range)
                    } else {
                        bool_field(b, "storage_encrypted", false, r.range)
                    },
                }),
                "aws_efs_file_system" => m.efs.file_systems.push(FileSystem {
                    meta: v.meta.clone(),
                    encrypted: bool_field(b, "encrypted", false, r.range),
                }),
                "aws_cloudtrail" => m.cloudtrail.trails.push(Trail {
                    meta: v.meta.clone(),
                    log_file_validation: bool_field(
                        b,
                        "enable_log_file_validation",
                        false,
                        r.range,
                    ),
                }),
                "aws_vpc" => vpcs.push(v.meta.clone()),
                "aws_flow_log" => {
                    if b.get("vpc_id").is_some() {
                        flow_targets.push(target(b.get("vpc_id")));
                    } else if !is_set(b, "subnet_id")
                        && !is_set(b, "eni_id")
                        && !is_set(b, "transit_gateway_id")
                        && !is_set(b, "transit_gateway_attachment_id")
                    {
                        flow_targets.push(Target::Unresolved);
                    }
                }
                "aws_security_group" | "aws_default_security_group" => {
                    for (ingress, key) in [(true, "ingress"), (false, "egress")] {
                        for rule in b.blocks(key) {
                            if matches!(rule.kind, Kind::Map(_)) {
                                sg_rule(&mut m, &v, rule, ingress);
                            }
                        }
                    }
                }
                "aws_security_group_rule" => {
                    if let Some(ty) = b.get("type").and_then(|t| t.as_str()) {
                        sg_rule(&mut m, &v, b, ty == "ingress");
                    }
                }
                "aws_vpc_security_group_ingress_rule" | "aws_vpc_security_group_egress_rule" => {
                    let ingress = r.kind.ends_with("ingress_rule");
                    let mut cidrs = strings(b.get("cidr_ipv4"));
                    cidrs.extend(strings(b.get("cidr_ipv6")));
                    let ports = ports(b, "ip_protocol", r.range);
                    m.vpc.security_group_rules.push(SecurityGroupRule {
                        meta: v.meta.clone(),
                        ingress,
                        cidrs,
                        ports,
                    });
                }
                "aws_network_acl" | "aws_default_network_acl" => {
                    for (ingress, key) in [(true, "ingress"), (false, "egress")] {
                        for rule in b.blocks(key) {
                            if matches!(rule.kind, Kind::Map(_)) {
                                nacl_rule(&mut m, &v, rule, ingress, "action");
                            }
                        }
                    }
                }
                "aws_network_acl_rule" => match bool_field(b, "egress", false, r.range) {
                    Val::Known(egress, _) => nacl_rule(&mut m, &v, b, !egress, "rule_action"),
                    Val::Unknown(_) => {}
                },
                _ => {}
            }
        }
    }

    // Attach managed policies to their principals.
    for p in &mut m.iam.policies {
        for (policy, principal) in &attachments {
            // The policy itself, or a policy document it uses.
            let matches = same_resource(policy, &p.meta.address) || p.attached_to.contains(policy);
            if matches && !p.attached_to.contains(principal) {
                p.attached_to.push(principal.clone());
            }
        }
    }

    // Link public access blocks to buckets, and flow logs to VPCs. Sets,
    // not scans of lists: a module can hold many thousands of buckets. A
    // reference matches an address as `same_resource` says: the same, or
    // one of them with an instance key the other lacks.
    // A bucket's first variant names it (as before: variants may differ).
    let mut names: HashMap<&str, Option<&str>> = HashMap::new();
    for (a, n) in &bucket_names {
        names.entry(a.as_str()).or_insert(n.as_deref());
    }
    let bucket_bases: HashSet<&str> = names.keys().filter_map(|a| without_key(a)).collect();
    let bucket_name_set: HashSet<&str> = bucket_names
        .iter()
        .filter_map(|(_, n)| n.as_deref())
        .collect();
    let mut pab_refs = RefSet::default();
    let mut pab_names: HashSet<&str> = HashSet::new();
    let mut any_unresolved = account_block;
    for t in &pab_targets {
        match t {
            Target::Unresolved => any_unresolved = true,
            Target::Refs(refs) => {
                let mut found = false;
                for r in refs {
                    pab_refs.insert(r);
                    found |= names.contains_key(&**r)
                        || bucket_bases.contains(&**r)
                        || without_key(r).is_some_and(|b| names.contains_key(b));
                }
                any_unresolved |= !found;
            }
            Target::Name(n) => {
                pab_names.insert(n.as_str());
                any_unresolved |= !bucket_name_set.contains(n.as_str());
            }
        }
    }
    for bucket in &mut m.s3.buckets {
        let address = bucket.meta.address.as_str();
        let name = names.get(address).copied().flatten();
        bucket.public_access_block =
            if pab_refs.matches(address) || name.is_some_and(|n| pab_names.contains(n)) {
                PabState::Linked
            } else if any_unresolved {
                PabState::Unresolved
            } else {
                PabState::Missing
            };
    }

    let unresolved_flow = flow_targets.iter().any(|t| !matches!(t, Target::Refs(_)));
    let mut flow_refs = RefSet::default();
    for t in &flow_targets {
        if let Target::Refs(refs) = t {
            refs.iter().for_each(|r| flow_refs.insert(r));
        }
    }
    for meta in vpcs {
        let has_flow_log = if flow_refs.matches(&meta.address) {
            Val::Known(true, meta.range)
        } else if unresolved_flow {
            Val::Unknown(meta.range)
        } else {
            Val::Known(false, meta.range)
        };
        m.vpc.vpcs.push(VpcNetwork { meta, has_flow_log });
    }
    m
}

/// References, for asking whether one of them is the same resource as an
/// address in the sense of `same_resource`, in constant time.
#[derive(Default)]
struct RefSet<'a> {
    refs: HashSet<&'a str>,
    /// The references that carry an instance key, without it.
    bases: HashSet<&'a str>,
}

impl<'a> RefSet<'a> {
    fn insert(&mut self, r: &'a str) {
        self.refs.insert(r);
        if let Some(base) = without_key(r) {
            self.bases.insert(base);
        }
    }

    fn matches(&self, address: &str) -> bool {
        self.refs.contains(address)
            || self.bases.contains(address)
            || without_key(address).is_some_and(|b| self.refs.contains(b))
    }
}

type Documents<'a> = HashMap<&'a str, Vec<(crate::model::Meta, PolicyDocument)>>;

/// A policy attribute: a JSON string, `jsonencode(...)`, or a reference to an
/// `aws_iam_policy_document` data source. Returns the documents with the meta
/// of the data source when they came from one.
fn resolve_document(
    p: &Value,
    documents: &Documents,
) -> Option<Vec<(Option<crate::model::Meta>, PolicyDocument)>> {
    if let Some(doc) = policy_document(p) {
        return Some(vec![(None, doc)]);
    }
    if let Kind::Unknown(refs) = &p.kind {
        let mut matching: Vec<(&&str, _)> = documents
            .iter()
            .filter(|(a, _)| refs.iter().any(|r| same_resource(r, a)))
            .collect();
        matching.sort_by_key(|(a, _)| **a);
        let found: Vec<_> = matching
            .into_iter()
            .flat_map(|(_, docs)| docs)
            .map(|(meta, doc)| (Some(meta.clone()), doc.clone()))
            .collect();
        if !found.is_empty() {
            return Some(found);
        }
    }
    None
}

fn identity_policy(
    m: &mut Model,
    v: &Variant,
    p: &Value,
    documents: &Documents,
    mut attached_to: Vec<String>,
) {
    for (meta, document) in resolve_document(p, documents).unwrap_or_default() {
        // A document from a data source is reported as used by this policy.
        if meta.is_some() && !attached_to.contains(&v.meta.address) {
            attached_to.insert(0, v.meta.address.clone());
        }
        m.iam.policies.push(IdentityPolicy {
            meta: meta.unwrap_or_else(|| v.meta.clone()),
            document,
            attached_to: attached_to.clone(),
        });
    }
}

/// An `aws_iam_policy_document` data source's `statement` blocks.
fn hcl_document(body: &Value) -> PolicyDocument {
    let statements = body
        .blocks("statement")
        .into_iter()
        .filter(|s| matches!(s.kind, Kind::Map(_)))
        .map(|s| Statement {
            range: s.range,
            effect: string_field(s, "effect").unwrap_or(Val::Known("Allow".into(), s.range)),
            actions: strings(s.get("actions")),
            not_actions: s.field("not_actions").map(|f| f.key_range),
            resources: strings(s.get("resources")),
            principals: s
                .blocks("principals")
                .into_iter()
                .flat_map(|p| strings(p.get("identifiers")))
                .collect(),
            has_condition: if s.blocks("condition").is_empty() {
                Val::Known(false, s.range)
            } else {
                Val::Known(true, s.range)
            },
        })
        .collect();
    PolicyDocument { statements }
}

fn public_access_block(v: &Variant) -> PublicAccessBlock {
    let (b, r) = (&v.body, v.res.range);
    PublicAccessBlock {
        meta: v.meta.clone(),
        range: r,
        block_public_acls: bool_field(b, "block_public_acls", false, r),
        block_public_policy: bool_field(b, "block_public_policy", false, r),
        ignore_public_acls: bool_field(b, "ignore_public_acls", false, r),
        restrict_public_buckets: bool_field(b, "restrict_public_buckets", false, r),
    }
}

fn block_device(m: &mut Model, v: &Variant, d: &Value, name: &str) {
    if !matches!(d.kind, Kind::Map(_)) {
        return;
    }
    m.ec2.block_devices.push(BlockDevice {
        meta: v.meta.clone(),
        range: d.range,
        name: name.to_string(),
        encrypted: if is_set(d, "snapshot_id") {
            Val::Unknown(d.range)
        } else {
            bool_field(d, "encrypted", false, d.range)
        },
    });
}

fn ports(b: &Value, protocol_key: &str, missing: crate::source::Range) -> PortRange {
    let protocol = match string_field(b, protocol_key) {
        Some(Val::Known(p, r)) => Val::Known(normalise_protocol(&p), r),
        Some(u) => u,
        None => Val::Unknown(missing),
    };
    PortRange {
        protocol,
        from: int_val(b.get("from_port"), missing),
        to: int_val(b.get("to_port"), missing),
    }
}

fn sg_rule(m: &mut Model, v: &Variant, rule: &Value, ingress: bool) {
    let mut cidrs = strings(rule.get("cidr_blocks"));
    cidrs.extend(strings(rule.get("ipv6_cidr_blocks")));
    m.vpc.security_group_rules.push(SecurityGroupRule {
        meta: v.meta.clone(),
        ingress,
        cidrs,
        ports: ports(rule, "protocol", rule.range),
    });
}

fn nacl_rule(m: &mut Model, v: &Variant, rule: &Value, ingress: bool, action_key: &str) {
    let mut cidrs = strings(rule.get("cidr_block"));
    cidrs.extend(strings(rule.get("ipv6_cidr_block")));
    m.vpc.nacl_rules.push(NaclRule {
        meta: v.meta.clone(),
        ingress,
        action: string_field(rule, action_key).unwrap_or(Val::Unknown(rule.range)),
        cidrs,
        ports: ports(rule, "protocol", rule.range),
    });
}
