//! S3: buckets, and the ACL, public access block and policy resources that
//! configure them, linked to their bucket by reference or by name.

use std::collections::{HashMap, HashSet};

use super::iam::resolve_document;
use super::{Cx, Handler};
use crate::model::adapt::link::{target, without_key, RefSet, Target};
use crate::model::adapt::{bool_field, policy_document, string_field, Variant};
use crate::model::s3::{AclSetting, Bucket, BucketPolicy, PabState, PublicAccessBlock};

pub(super) const KINDS: &[(&str, Handler)] = &[
    ("aws_s3_bucket", bucket),
    ("aws_s3_bucket_acl", acl),
    ("aws_s3_bucket_public_access_block", public_access_block),
    ("aws_s3_account_public_access_block", public_access_block),
    ("aws_s3_bucket_policy", bucket_policy),
];

#[derive(Default)]
pub(super) struct Links {
    /// Each bucket's address and literal name.
    bucket_names: Vec<(String, Option<String>)>,
    /// What each bucket-level public access block points at.
    pab_targets: Vec<Target>,
    /// An account-level block with all four protections on.
    account_block: bool,
}

fn bucket(cx: &mut Cx, v: &Variant) {
    let b = &v.body;
    cx.s3.bucket_names.push((
        v.res.address.clone(),
        b.get("bucket").and_then(|n| n.as_str()).map(String::from),
    ));
    cx.m.s3.buckets.push(Bucket {
        meta: v.meta.clone(),
        public_access_block: PabState::Missing,
    });
    if let Some(acl) = string_field(b, "acl") {
        cx.m.s3.acls.push(AclSetting {
            meta: v.meta.clone(),
            canned_acl: Some(acl),
            grantee_uris: Vec::new(),
        });
    }
    if let Some(doc) = b.get("policy").and_then(policy_document) {
        cx.m.s3.policies.push(BucketPolicy {
            meta: v.meta.clone(),
            document: doc,
        });
    }
}

fn acl(cx: &mut Cx, v: &Variant) {
    let b = &v.body;
    let grantee_uris = b
        .blocks("access_control_policy")
        .into_iter()
        .flat_map(|p| p.blocks("grant"))
        .flat_map(|g| g.blocks("grantee"))
        .filter_map(|g| string_field(g, "uri"))
        .collect();
    cx.m.s3.acls.push(AclSetting {
        meta: v.meta.clone(),
        canned_acl: string_field(b, "acl"),
        grantee_uris,
    });
}

fn public_access_block(cx: &mut Cx, v: &Variant) {
    let (b, r) = (&v.body, v.res.range);
    let pab = PublicAccessBlock {
        meta: v.meta.clone(),
        range: r,
        block_public_acls: bool_field(b, "block_public_acls", false, r),
        block_public_policy: bool_field(b, "block_public_policy", false, r),
        ignore_public_acls: bool_field(b, "ignore_public_acls", false, r),
        restrict_public_buckets: bool_field(b, "restrict_public_buckets", false, r),
    };
    if v.res.kind == "aws_s3_account_public_access_block" {
        cx.s3.account_block |= pab.flags().iter().all(|(_, f)| f.is_known_and(|b| *b));
    } else {
        cx.s3.pab_targets.push(target(b.get("bucket")));
    }
    cx.m.s3.public_access_blocks.push(pab);
}

fn bucket_policy(cx: &mut Cx, v: &Variant) {
    let Some(docs) = v
        .body
        .get("policy")
        .and_then(|p| resolve_document(p, &cx.iam.documents))
    else {
        return;
    };
    for (meta, document) in docs {
        cx.m.s3.policies.push(BucketPolicy {
            meta: meta.unwrap_or_else(|| v.meta.clone()),
            document,
        });
    }
}

/// Links public access blocks to buckets. Sets, not scans of lists: a
/// module can hold many thousands of buckets. A reference matches an
/// address as `same_resource` says: the same, or one of them with an
/// instance key the other lacks.
pub(super) fn link(cx: &mut Cx) {
    let links = &cx.s3;
    // A bucket's first variant names it (as before: variants may differ).
    let mut names: HashMap<&str, Option<&str>> = HashMap::new();
    for (a, n) in &links.bucket_names {
        names.entry(a.as_str()).or_insert(n.as_deref());
    }
    let bucket_bases: HashSet<&str> = names.keys().filter_map(|a| without_key(a)).collect();
    let bucket_name_set: HashSet<&str> = links
        .bucket_names
        .iter()
        .filter_map(|(_, n)| n.as_deref())
        .collect();
    let mut pab_refs = RefSet::default();
    let mut pab_names: HashSet<&str> = HashSet::new();
    let mut any_unresolved = links.account_block;
    for t in &links.pab_targets {
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
    for bucket in &mut cx.m.s3.buckets {
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
}
