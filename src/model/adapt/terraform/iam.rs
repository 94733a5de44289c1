//! IAM: identity policies (standalone, inline, and inline blocks of roles,
//! users and groups), `aws_iam_policy_document` data sources, and the
//! attachments that link policies to principals.

use std::collections::{HashMap, HashSet};

use super::{Cx, Handler};
use crate::eval::terraform::Related;
use crate::eval::value::{Kind, Value};
use crate::eval::Unit;
use crate::model::adapt::link::{owners, same_resource, without_key};
use crate::model::adapt::{policy_document, string_field, strings, variants_related, Variant};
use crate::model::iam::{
    Condition, IdentityPolicy, PolicyDocument, Principal, Role, Statement, UserPolicy,
};
use crate::model::{Meta, Val};

pub(super) const KINDS: &[(&str, Handler)] = &[
    ("aws_iam_policy", policy),
    ("aws_iam_role_policy", inline_policy),
    ("aws_iam_user_policy", inline_policy),
    ("aws_iam_group_policy", inline_policy),
    ("aws_iam_role", principal),
    ("aws_iam_user", principal),
    ("aws_iam_group", principal),
    ("aws_iam_role_policy_attachment", attachment),
    ("aws_iam_user_policy_attachment", attachment),
    ("aws_iam_group_policy_attachment", attachment),
    ("aws_iam_policy_attachment", attachment),
    (
        "aws_ssoadmin_permission_set_inline_policy",
        permission_set_policy,
    ),
];

/// Policy documents from `aws_iam_policy_document` data sources, by address.
pub(super) type Documents<'u> = HashMap<&'u str, Vec<(Meta, PolicyDocument)>>;

pub(super) struct Links<'u> {
    pub(super) documents: Documents<'u>,
    /// Every address a resource, data source or unreadable module call of
    /// the unit refers to (also without its instance key), to tell the
    /// documents nothing uses.
    referenced: HashSet<String>,
    /// (policy, principal) pairs from attachment resources and
    /// `managed_policy_arns`.
    attachments: Vec<(String, String)>,
}

impl<'u> Links<'u> {
    pub(super) fn new(unit: &'u Unit, related: &Related) -> Self {
        let mut documents: Documents = HashMap::new();
        for r in unit
            .resources
            .iter()
            .filter(|r| r.kind == "aws_iam_policy_document")
        {
            for v in variants_related(r, related) {
                documents
                    .entry(&r.address)
                    .or_default()
                    .push((v.meta.clone(), hcl_document(&v.body)));
            }
        }
        let mut referenced = HashSet::new();
        let mut add = |a: &str| {
            if let Some(base) = without_key(a) {
                referenced.insert(base.to_string());
            }
            referenced.insert(a.to_string());
        };
        for r in &unit.resources {
            for a in r.body.refs() {
                if *a != *r.address {
                    add(&a);
                }
            }
        }
        unit.opaque_refs.iter().for_each(|a| add(a));
        Links {
            documents,
            referenced,
            attachments: Vec::new(),
        }
    }
}

fn policy(cx: &mut Cx, v: &Variant) {
    if let Some(p) = v.body.get("policy") {
        identity_policy(cx, v, p, Vec::new());
    }
}

/// `aws_iam_role_policy` and its user and group siblings.
fn inline_policy(cx: &mut Cx, v: &Variant) {
    let b = &v.body;
    let key = v
        .res
        .kind
        .trim_start_matches("aws_iam_")
        .trim_end_matches("_policy");
    if let Some(p) = b.get("policy") {
        identity_policy(cx, v, p, owners(b.get(key)));
    }
    if key == "user" {
        user_policy(cx, v, "user", true);
    }
}

/// A policy granted to users directly: at the `user` attribute (or the
/// resource when it is missing), or at a `users` list that names at least
/// one user. An unknown list says nothing.
fn user_policy(cx: &mut Cx, v: &Variant, key: &str, inline: bool) {
    let at = match v.body.get(key) {
        None if key == "user" => v.res.range,
        None => return,
        Some(users) if key == "users" => {
            if matches!(users.kind, Kind::Unknown(_)) || users.items().is_empty() {
                return;
            }
            users.range
        }
        Some(user) => user.range,
    };
    cx.m.iam.user_policies.push(UserPolicy {
        meta: v.meta.clone(),
        at,
        inline,
    });
}

/// A role, user or group: its `inline_policy` blocks and the managed
/// policies it lists.
fn principal(cx: &mut Cx, v: &Variant) {
    let b = &v.body;
    for ip in b.blocks("inline_policy") {
        if let Some(p) = ip.get("policy") {
            identity_policy(cx, v, p, vec![v.res.address.clone()]);
        }
    }
    for arn in owners(b.get("managed_policy_arns")) {
        cx.iam.attachments.push((arn, v.res.address.clone()));
    }
    if v.res.kind == "aws_iam_role" {
        let trust = b
            .get("assume_role_policy")
            .and_then(|p| resolve_document(p, &cx.iam.documents))
            .unwrap_or_default()
            .into_iter()
            .map(|(_, doc)| doc)
            .collect();
        cx.m.iam.roles.push(Role {
            meta: v.meta.clone(),
            trust,
        });
    }
}

/// An IAM Identity Center permission set's inline policy: an identity
/// policy of every role the permission set provisions.
fn permission_set_policy(cx: &mut Cx, v: &Variant) {
    let b = &v.body;
    if let Some(p) = b.get("inline_policy") {
        identity_policy(cx, v, p, owners(b.get("permission_set_arn")));
    }
}

fn attachment(cx: &mut Cx, v: &Variant) {
    let b = &v.body;
    match v.res.kind.as_str() {
        "aws_iam_user_policy_attachment" => user_policy(cx, v, "user", false),
        "aws_iam_policy_attachment" => user_policy(cx, v, "users", false),
        _ => {}
    }
    let mut to: Vec<String> = Vec::new();
    for key in ["role", "user", "group", "roles", "users", "groups"] {
        to.extend(owners(b.get(key)));
    }
    for policy in owners(b.get("policy_arn")) {
        for t in &to {
            cx.iam.attachments.push((policy.clone(), t.clone()));
        }
    }
}

/// Attaches managed policies to their principals.
pub(super) fn link(cx: &mut Cx) {
    unused_documents(cx);
    for p in &mut cx.m.iam.policies {
        for (policy, principal) in &cx.iam.attachments {
            // The policy itself, or a policy document it uses.
            let matches = same_resource(policy, &p.meta.address) || p.attached_to.contains(policy);
            if matches && !p.attached_to.contains(principal) {
                p.attached_to.push(principal.clone());
            }
        }
    }
}

/// Checks as identity policies the `aws_iam_policy_document`s nothing in the
/// configuration uses, or only its outputs: that is how modules hand out
/// policies for their callers to attach. A document used as a trust,
/// bucket, key, queue or topic policy is referred to by that resource (or
/// by a module call whose code cannot be read, which may use it so), and a
/// document with principals is a resource-based or trust policy whatever
/// uses it.
fn unused_documents(cx: &mut Cx) {
    let used = |a: &str| {
        cx.iam.referenced.contains(a)
            || without_key(a).is_some_and(|b| cx.iam.referenced.contains(b))
    };
    let mut unused: Vec<(&str, &(Meta, PolicyDocument))> = cx
        .iam
        .documents
        .iter()
        .filter(|(address, _)| !used(address))
        .flat_map(|(address, docs)| docs.iter().map(move |d| (*address, d)))
        .filter(|(_, (_, doc))| {
            doc.statements
                .iter()
                .all(|s| s.principals.is_empty() && s.not_principals.is_none())
        })
        .collect();
    unused.sort_by_key(|(address, _)| *address);
    for (_, (meta, document)) in unused {
        cx.m.iam.policies.push(IdentityPolicy {
            meta: meta.clone(),
            document: document.clone(),
            attached_to: Vec::new(),
        });
    }
}

/// A policy attribute: a JSON string, `jsonencode(...)`, or a reference to an
/// `aws_iam_policy_document` data source. Returns the documents with the meta
/// of the data source when they came from one.
pub(super) fn resolve_document(
    p: &Value,
    documents: &Documents,
) -> Option<Vec<(Option<Meta>, PolicyDocument)>> {
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

fn identity_policy(cx: &mut Cx, v: &Variant, p: &Value, mut attached_to: Vec<String>) {
    for (meta, document) in resolve_document(p, &cx.iam.documents).unwrap_or_default() {
        // A document from a data source is reported as used by this policy.
        if meta.is_some() && !attached_to.contains(&v.meta.address) {
            attached_to.insert(0, v.meta.address.clone());
        }
        cx.m.iam.policies.push(IdentityPolicy {
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
            effect: string_field(s, "effect").unwrap_or(Val::Default("Allow".into(), s.range)),
            actions: strings(s.get("actions")),
            not_actions: s.field("not_actions").map(|f| f.key_range),
            resources: strings(s.get("resources")),
            principals: s
                .blocks("principals")
                .into_iter()
                .flat_map(|p| {
                    let kind = p
                        .get("type")
                        .and_then(|t| t.as_str())
                        .unwrap_or("?")
                        .to_string();
                    strings(p.get("identifiers"))
                        .into_iter()
                        .map(move |value| Principal {
                            kind: kind.clone(),
                            value,
                        })
                })
                .collect(),
            not_principals: s.field("not_principals").map(|f| f.key_range),
            conditions: hcl_conditions(s),
        })
        .collect();
    let merges_others = [
        "source_policy_documents",
        "override_policy_documents",
        "source_json",
        "override_json",
    ]
    .iter()
    .any(|k| {
        body.get(k)
            .is_some_and(|v| v.items().iter().any(|i| i.as_str() != Some("")))
    });
    PolicyDocument {
        statements,
        merges_others,
    }
}

/// `condition { test = "StringEquals" variable = "aws:SourceVpce" values =
/// [...] }` blocks; unknown when a test or variable is unknown.
fn hcl_conditions(statement: &Value) -> Val<Vec<Condition>> {
    let mut out = Vec::new();
    for c in statement.blocks("condition") {
        let (Some(test), Some(variable)) = (
            c.get("test").and_then(|t| t.as_str()),
            c.get("variable").and_then(|v| v.as_str()),
        ) else {
            return Val::Unknown(c.range);
        };
        out.push(Condition {
            operator: test.to_string(),
            key: variable.to_string(),
            values: strings(c.get("values")),
            range: c.range,
        });
    }
    Val::Known(out, statement.range)
}
