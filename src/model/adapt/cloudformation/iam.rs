//! IAM: identity policies of `AWS::IAM::Policy`/`ManagedPolicy`, the inline
//! `Policies` of roles, users and groups, and AWS SAM functions' and state
//! machines' inline policy documents.

use super::{Cx, Handler};
use crate::eval::cloudformation::Labels;
use crate::eval::value::Kind;
use crate::eval::Unit;
use crate::model::adapt::link::owners;
use crate::model::adapt::{is_set, policy_document, Variant};
use crate::model::iam::{IdentityPolicy, Role, UserPolicy};

pub(super) const KINDS: &[(&str, Handler)] = &[
    ("AWS::IAM::Policy", policy),
    ("AWS::IAM::ManagedPolicy", policy),
    ("AWS::IAM::Role", principal),
    ("AWS::IAM::User", principal),
    ("AWS::IAM::Group", principal),
    ("AWS::Serverless::Function", sam_policies),
    ("AWS::Serverless::StateMachine", sam_policies),
    ("AWS::SSO::PermissionSet", permission_set),
];

fn policy(cx: &mut Cx, v: &Variant) {
    let b = &v.body;
    user_policy(cx, v, "Users", false);
    if let Some(doc) = b.get("PolicyDocument").and_then(policy_document) {
        let mut attached_to = Vec::new();
        for key in ["Roles", "Users", "Groups"] {
            attached_to.extend(owners(b.get(key)));
        }
        cx.m.iam.policies.push(IdentityPolicy {
            meta: v.meta.clone(),
            document: doc,
            attached_to,
        });
    }
}

/// A policy granted to users directly: a `Users`, `Policies` or
/// `ManagedPolicyArns` list with at least one entry, reported at its key.
/// A list that is unknown as a whole says nothing.
fn user_policy(cx: &mut Cx, v: &Variant, key: &str, inline: bool) {
    let Some(f) = v.body.field(key) else { return };
    if matches!(f.value.kind, Kind::Unknown(_)) || f.value.items().is_empty() {
        return;
    }
    cx.m.iam.user_policies.push(UserPolicy {
        meta: v.meta.clone(),
        at: f.key_range,
        inline,
    });
}

fn principal(cx: &mut Cx, v: &Variant) {
    if v.res.kind == "AWS::IAM::User" {
        user_policy(cx, v, "Policies", true);
        user_policy(cx, v, "ManagedPolicyArns", false);
    }
    if v.res.kind == "AWS::IAM::Role" {
        cx.m.iam.roles.push(Role {
            meta: v.meta.clone(),
            trust: v
                .body
                .get("AssumeRolePolicyDocument")
                .and_then(policy_document)
                .into_iter()
                .collect(),
        });
    }
    for p in v
        .body
        .get("Policies")
        .map(|p| p.items())
        .unwrap_or_default()
    {
        if let Some(doc) = p.get("PolicyDocument").and_then(policy_document) {
            cx.m.iam.policies.push(IdentityPolicy {
                meta: v.meta.clone(),
                document: doc,
                attached_to: Vec::new(),
            });
        }
    }
}

/// An IAM Identity Center permission set's `InlinePolicy` (an object or a
/// JSON string): an identity policy of every role it provisions.
fn permission_set(cx: &mut Cx, v: &Variant) {
    if let Some(doc) = v.body.get("InlinePolicy").and_then(policy_document) {
        cx.m.iam.policies.push(IdentityPolicy {
            meta: v.meta.clone(),
            document: doc,
            attached_to: Vec::new(),
        });
    }
}

/// AWS SAM: inline policy documents under `Policies` become policies of the
/// role SAM creates (`<LogicalId>Role`). Managed policy names or ARNs and
/// SAM policy templates are not documents; with `Role` set, SAM ignores
/// `Policies`.
fn sam_policies(cx: &mut Cx, v: &Variant) {
    let b = &v.body;
    if is_set(b, "Role") {
        return;
    }
    let role = format!("{}Role", v.res.address);
    for p in b.get("Policies").map(|p| p.items()).unwrap_or_default() {
        if p.field("Statement").is_none() {
            continue;
        }
        if let Some(doc) = policy_document(p) {
            cx.m.iam.policies.push(IdentityPolicy {
                meta: v.meta.clone(),
                document: doc,
                attached_to: vec![role.clone()],
            });
        }
    }
}

/// Attaches managed policies listed on roles, users and groups, and names
/// principals like resources: with their CDK path when known.
pub(super) fn link(cx: &mut Cx, unit: &Unit, labels: &Labels) {
    for r in &unit.resources {
        if matches!(
            r.kind.as_str(),
            "AWS::IAM::Role" | "AWS::IAM::User" | "AWS::IAM::Group"
        ) {
            for arn in owners(r.body.get("ManagedPolicyArns")) {
                for p in
                    cx.m.iam
                        .policies
                        .iter_mut()
                        .filter(|p| p.meta.address == arn)
                {
                    if !p.attached_to.contains(&r.address) {
                        p.attached_to.push(r.address.clone());
                    }
                }
            }
        }
    }
    for p in &mut cx.m.iam.policies {
        for a in &mut p.attached_to {
            if let Some(label) = labels.get(a.as_str()) {
                *a = format!("{label} ({a})");
            }
        }
    }
}
