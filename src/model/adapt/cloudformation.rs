//! CloudFormation resources to the model.

use super::{
    bool_field, int_val, is_set, owners, policy_document, string_field, string_val, strings,
    target, variants_of, Target, Variant,
};
use crate::eval::cloudformation::Labels;
use crate::eval::value::{Kind, Value};
use crate::eval::Unit;
use crate::model::cloudtrail::Trail;
use crate::model::ec2::{BlockDevice, Volume};
use crate::model::efs::FileSystem;
use crate::model::iam::IdentityPolicy;
use crate::model::rds::Database;
use crate::model::s3::{AclSetting, Bucket, BucketPolicy, PabState, PublicAccessBlock};
use crate::model::vpc::{normalise_protocol, NaclRule, PortRange, SecurityGroupRule, VpcNetwork};
use crate::model::{Model, Val};

pub fn adapt(unit: &Unit, labels: &Labels) -> Model {
    let mut m = Model::default();
    let mut vpcs = Vec::new();
    let mut flow_targets: Vec<Target> = Vec::new();
    for r in &unit.resources {
        for mut v in variants_of(r) {
            v.meta.label = labels.get(&r.address).cloned();
            let b = &v.body;
            match r.kind.as_str() {
                "AWS::IAM::Policy" | "AWS::IAM::ManagedPolicy" => {
                    if let Some(doc) = b.get("PolicyDocument").and_then(policy_document) {
                        let mut attached_to = Vec::new();
                        for key in ["Roles", "Users", "Groups"] {
                            attached_to.extend(owners(b.get(key)));
                        }
                        m.iam.policies.push(IdentityPolicy {
                            meta: v.meta.clone(),
                            document: doc,
                            attached_to,
                        });
                    }
                }
                "AWS::IAM::Role" | "AWS::IAM::User" | "AWS::IAM::Group" => {
                    for p in b.get("Policies").map(|p| p.items()).unwrap_or_default() {
                        if let Some(doc) = p.get("PolicyDocument").and_then(policy_document) {
                            m.iam.policies.push(IdentityPolicy {
                                meta: v.meta.clone(),
                                document: doc,
                                attached_to: Vec::new(),
                            });
                        }
                    }
                }
                // AWS SAM: inline policy documents under `Policies` become
                // policies of the role SAM creates (`<LogicalId>Role`). Managed
                // policy names or ARNs and SAM policy templates are not
                // documents; with `Role` set, SAM ignores `Policies`.
                "AWS::Serverless::Function" | "AWS::Serverless::StateMachine"
                    if !is_set(b, "Role") =>
                {
                    let role = format!("{}Role", r.address);
                    for p in b.get("Policies").map(|p| p.items()).unwrap_or_default() {
                        if p.field("Statement").is_none() {
                            continue;
                        }
                        if let Some(doc) = policy_document(p) {
                            m.iam.policies.push(IdentityPolicy {
                                meta: v.meta.clone(),
                                document: doc,
                                attached_to: vec![role.clone()],
                            });
                        }
                    }
                }
                "AWS::S3::Bucket" => {
                    let pab = b.field("PublicAccessBlockConfiguration");
                    m.s3.buckets.push(Bucket {
                        meta: v.meta.clone(),
                        public_access_block: match pab {
                            Some(_) => PabState::Linked,
                            None => PabState::Missing,
                        },
                    });
                    if let Some(f) = pab {
                        let (c, at) = (&f.value, f.key_range);
                        m.s3.public_access_blocks.push(PublicAccessBlock {
                            meta: v.meta.clone(),
                            range: at,
                            block_public_acls: bool_field(c, "BlockPublicAcls", false, at),
                            block_public_policy: bool_field(c, "BlockPublicPolicy", false, at),
                            ignore_public_acls: bool_field(c, "IgnorePublicAcls", false, at),
                            restrict_public_buckets: bool_field(
                                c,
                                "RestrictPublicBuckets",
                                false,
                                at,
                            ),
                        });
                    }
                    if let Some(acl) = string_field(b, "AccessControl") {
                        m.s3.acls.push(AclSetting {
                            meta: v.meta.clone(),
                            canned_acl: Some(canned_acl(acl)),
                            grantee_uris: Vec::new(),
                        });
                    }
                }
                "AWS::S3::BucketPolicy" => {
                    if let Some(doc) = b.get("PolicyDocument").and_then(policy_document) {
                        m.s3.policies.push(BucketPolicy {
                            meta: v.meta.clone(),
                            document: doc,
                        });
                    }
                }
                "AWS::EC2::Volume" => m.ec2.volumes.push(Volume {
                    meta: v.meta.clone(),
                    encrypted: if is_set(b, "SnapshotId") {
                        Val::Unknown(r.range)
                    } else {
                        bool_field(b, "Encrypted", false, r.range)
                    },
                }),
                "AWS::EC2::Instance" | "AWS::AutoScaling::LaunchConfiguration" => {
                    mappings(&mut m, &v, b.get("BlockDeviceMappings"));
                }
                "AWS::EC2::LaunchTemplate" => {
                    let data = b.get("LaunchTemplateData");
                    mappings(&mut m, &v, data.and_then(|d| d.get("BlockDeviceMappings")));
                }
                "AWS::RDS::DBInstance" => m.rds.instances.push(Database {
                    meta: v.meta.clone(),
                    storage_encrypted: if [
                        "DBClusterIdentifier",
                        "SourceDBInstanceIdentifier",
                        "DBSnapshotIdentifier",
                        "SourceDBClusterIdentifier",
                    ]
                    .iter()
                    .any(|k| is_set(b, k))
                    {
                        Val::Unknown(r.range)
                    } else {
                        bool_field(b, "StorageEncrypted", false, r.range)
                    },
                }),
                "AWS::RDS::DBCluster" => m.rds.clusters.push(Database {
                    meta: v.meta.clone(),
                    storage_encrypted: if [
                        "SnapshotIdentifier",
                        "SourceDBClusterIdentifier",
                        "ReplicationSourceIdentifier",
                    ]
                    .iter()
                    .any(|k| is_set(b, k))
                        || b.get("EngineMode").and_then(|e| e.as_str()) == Some("serverless")
                    {
                        Val::Unknown(r.range)
                    } else {
                        bool_field(b, "StorageEncrypted", false, r.range)
                    },
                }),
                "AWS::EFS::FileSystem" => m.efs.file_systems.push(FileSystem {
                    meta: v.meta.clone(),
                    encrypted: bool_field(b, "Encrypted", false, r.range),
                }),
                "AWS::CloudTrail::Trail" => m.cloudtrail.trails.push(Trail {
                    meta: v.meta.clone(),
                    log_file_validation: bool_field(b, "EnableLogFileValidation", false, r.range),
                }),
                "AWS::EC2::VPC" => vpcs.push(v.meta.clone()),
                "AWS::EC2::FlowLog" => match b.get("ResourceType").and_then(|t| t.as_str()) {
                    Some("VPC") => flow_targets.push(target(b.get("ResourceId"))),
                    Some(_) => {}
                    None => flow_targets.push(Target::Unresolved),
                },
                "AWS::EC2::SecurityGroup" => {
                    for (ingress, key) in [
                        (true, "SecurityGroupIngress"),
                        (false, "SecurityGroupEgress"),
                    ] {
                        for rule in b.get(key).map(|l| l.items()).unwrap_or_default() {
                            if matches!(rule.kind, Kind::Map(_)) {
                                sg_rule(&mut m, &v, rule, ingress);
                            }
                        }
                    }
                }
                "AWS::EC2::SecurityGroupIngress" => sg_rule(&mut m, &v, b, true),
                "AWS::EC2::SecurityGroupEgress" => sg_rule(&mut m, &v, b, false),
                "AWS::EC2::NetworkAclEntry" => {
                    if let Val::Known(egress, _) = bool_field(b, "Egress", false, r.range) {
                        let mut cidrs = strings(b.get("CidrBlock"));
                        cidrs.extend(strings(b.get("Ipv6CidrBlock")));
                        let range = b.get("PortRange");
                        let protocol = match b.get("Protocol") {
                            Some(p) => match string_val(p) {
                                Val::Known(s, r) => Val::Known(normalise_protocol(&s), r),
                                u => u,
                            },
                            None => Val::Unknown(r.range),
                        };
                        m.vpc.nacl_rules.push(NaclRule {
                            meta: v.meta.clone(),
                            ingress: !egress,
                            action: string_field(b, "RuleAction").unwrap_or(Val::Unknown(r.range)),
                            cidrs,
                            ports: PortRange {
                                protocol,
                                from: int_val(range.and_then(|p| p.get("From")), r.range),
                                to: int_val(range.and_then(|p| p.get("To")), r.range),
                            },
                        });
                    }
                }
                _ => {}
            }
        }
    }
    // Managed policies listed on roles, users and groups.
    for r in &unit.resources {
        if matches!(
            r.kind.as_str(),
            "AWS::IAM::Role" | "AWS::IAM::User" | "AWS::IAM::Group"
        ) {
            for arn in owners(r.body.get("ManagedPolicyArns")) {
                for p in m.iam.policies.iter_mut().filter(|p| p.meta.address == arn) {
                    if !p.attached_to.contains(&r.address) {
                        p.attached_to.push(r.address.clone());
                    }
                }
            }
        }
    }
    // Principals are named like resources: with their CDK path when known.
    for p in &mut m.iam.policies {
        for a in &mut p.attached_to {
            if let Some(label) = labels.get(a.as_str()) {
                *a = format!("{label} ({a})");
            }
        }
    }
    let unresolved_flow = flow_targets.iter().any(|t| !matches!(t, Target::Refs(_)));
    for meta in vpcs {
        let linked = flow_targets
            .iter()
            .any(|t| matches!(t, Target::Refs(refs) if refs.iter().any(|r| **r == *meta.address)));
        let has_flow_log = if linked {
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

/// CloudFormation's ACL names to the canned ACL names S3 uses.
fn canned_acl(v: Val<String>) -> Val<String> {
    match v {
        Val::Known(s, r) => {
            let canned = match s.as_str() {
                "Private" => "private",
                "PublicRead" => "public-read",
                "PublicReadWrite" => "public-read-write",
                "AuthenticatedRead" => "authenticated-read",
                "LogDeliveryWrite" => "log-delivery-write",
                "BucketOwnerRead" => "bucket-owner-read",
                "BucketOwnerFullControl" => "bucket-owner-full-control",
                "AwsExecRead" => "aws-exec-read",
                other => other,
            };
            Val::Known(canned.to_string(), r)
        }
        u => u,
    }
}

fn mappings(m: &mut Model, v: &Variant, list: Option<&Value>) {
    for mapping in list.map(|l| l.items()).unwrap_or_default() {
        let Some(ebs) = mapping.get("Ebs") else {
            continue;
        };
        if !matches!(ebs.kind, Kind::Map(_)) {
            continue;
        }
        m.ec2.block_devices.push(BlockDevice {
            meta: v.meta.clone(),
            range: ebs.range,
            name: mapping
                .get("DeviceName")
                .and_then(|d| d.as_str())
                .unwrap_or("Ebs")
                .to_string(),
            encrypted: if is_set(ebs, "SnapshotId") {
                Val::Unknown(ebs.range)
            } else {
                bool_field(ebs, "Encrypted", false, ebs.range)
            },
        });
    }
}

fn sg_rule(m: &mut Model, v: &Variant, rule: &Value, ingress: bool) {
    let mut cidrs = strings(rule.get("CidrIp"));
    cidrs.extend(strings(rule.get("CidrIpv6")));
    let protocol = match string_field(rule, "IpProtocol") {
        Some(Val::Known(p, r)) => Val::Known(normalise_protocol(&p), r),
        Some(u) => u,
        None => Val::Unknown(rule.range),
    };
    m.vpc.security_group_rules.push(SecurityGroupRule {
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
