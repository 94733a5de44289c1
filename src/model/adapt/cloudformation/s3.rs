//! S3: `AWS::S3::Bucket` (its ACL and public access block are properties)
//! and `AWS::S3::BucketPolicy`.

use super::{Cx, Handler};
use crate::eval::value::Kind;
use crate::model::adapt::link::{target, Target};
use crate::model::adapt::{bool_field, policy_document, string_field, Variant};
use crate::model::iam::PolicyDocument;
use crate::model::s3::{AclSetting, Bucket, BucketPolicy, PabState, Protection, PublicAccessBlock};
use crate::model::Val;

pub(super) const KINDS: &[(&str, Handler)] = &[
    ("AWS::S3::Bucket", bucket),
    ("AWS::S3::BucketPolicy", bucket_policy),
];

/// Buckets by logical id with their `BucketName` and block, and the bucket
/// each policy (by index) names.
#[derive(Default)]
pub(super) struct Links {
    buckets: Vec<(String, Option<String>, Protection)>,
    policy_buckets: Vec<(usize, Target)>,
    /// Every bucket policy with the bucket it names: its document, or
    /// `None` when the document is unknown.
    bucket_policies: Vec<(Target, Option<PolicyDocument>)>,
}

fn bucket(cx: &mut Cx, v: &Variant) {
    let b = &v.body;
    let pab = b.field("PublicAccessBlockConfiguration");
    let mut protection = Protection::none(v.meta.range);
    cx.m.s3.buckets.push(Bucket {
        meta: v.meta.clone(),
        public_access_block: match pab {
            Some(_) => PabState::Linked,
            None => PabState::Missing,
        },
        policies: Val::Known(Vec::new(), v.meta.range),
    });
    if let Some(f) = pab {
        let (c, at) = (&f.value, f.key_range);
        let block = PublicAccessBlock {
            meta: v.meta.clone(),
            account: false,
            range: at,
            block_public_acls: bool_field(c, "BlockPublicAcls", false, at),
            block_public_policy: bool_field(c, "BlockPublicPolicy", false, at),
            ignore_public_acls: bool_field(c, "IgnorePublicAcls", false, at),
            restrict_public_buckets: bool_field(c, "RestrictPublicBuckets", false, at),
        };
        protection = if matches!(c.kind, Kind::Unknown(_)) {
            Protection::unknown(at)
        } else {
            Protection::of(&block)
        };
        cx.m.s3.public_access_blocks.push(block);
    }
    if let Some(acl) = string_field(b, "AccessControl") {
        cx.m.s3.acls.push(AclSetting {
            meta: v.meta.clone(),
            canned_acl: Some(canned_acl(acl)),
            grantee_uris: Vec::new(),
            protection: protection.clone(),
        });
    }
    cx.s3.buckets.push((
        v.res.address.clone(),
        b.get("BucketName")
            .and_then(|n| n.as_str())
            .map(String::from),
        protection,
    ));
}

fn bucket_policy(cx: &mut Cx, v: &Variant) {
    let doc = v.body.get("PolicyDocument").and_then(policy_document);
    cx.s3
        .bucket_policies
        .push((target(v.body.get("Bucket")), doc.clone()));
    if let Some(doc) = doc {
        cx.s3
            .policy_buckets
            .push((cx.m.s3.policies.len(), target(v.body.get("Bucket"))));
        cx.m.s3.policies.push(BucketPolicy {
            meta: v.meta.clone(),
            document: doc,
            protection: Protection::none(v.meta.range),
        });
    }
}

/// Gives each bucket policy the block of the bucket it names (`!Ref
/// Bucket`, or the bucket's literal name). A bucket outside the template
/// has no block we can see.
pub(super) fn link(cx: &mut Cx) {
    let links = std::mem::take(&mut cx.s3);
    link_policies(cx, &links);
    for (i, t) in links.policy_buckets {
        let at = cx.m.s3.policies[i].meta.range;
        let found = match &t {
            Target::Refs(refs) => links
                .buckets
                .iter()
                .find(|(id, _, _)| refs.iter().any(|r| **r == **id)),
            Target::Name(n) => links
                .buckets
                .iter()
                .find(|(_, name, _)| name.as_deref() == Some(n.as_str())),
            Target::Unresolved => None,
        };
        cx.m.s3.policies[i].protection = match (found, &t) {
            (Some((_, _, p)), _) => p.clone(),
            (None, Target::Unresolved) => Protection::unknown(at),
            (None, _) => Protection::none(at),
        };
    }
}

/// The buckets (by index in the model) a target names: by logical id or
/// by `BucketName`; `None` when it names none of the template's buckets.
fn resolve(links: &Links, t: &Target) -> Option<Vec<usize>> {
    let found: Vec<usize> = links
        .buckets
        .iter()
        .enumerate()
        .filter(|(_, (id, name, _))| match t {
            Target::Refs(refs) => refs.iter().any(|r| **r == **id),
            Target::Name(n) => name.as_deref() == Some(n.as_str()),
            Target::Unresolved => false,
        })
        .map(|(i, _)| i)
        .collect();
    (!found.is_empty()).then_some(found)
}

/// Gives each bucket the documents of the policies that name it: unknown
/// when one of them is unknown, and for every bucket when a policy names a
/// bucket that is not in the template (it may be any of them).
fn link_policies(cx: &mut Cx, links: &Links) {
    let mut per: Vec<Option<Vec<PolicyDocument>>> = vec![Some(Vec::new()); cx.m.s3.buckets.len()];
    let mut unresolved = false;
    for (t, doc) in &links.bucket_policies {
        let Some(buckets) = resolve(links, t) else {
            unresolved = true;
            continue;
        };
        for i in buckets {
            match (&mut per[i], doc) {
                (Some(docs), Some(d)) => docs.push(d.clone()),
                (slot, _) => *slot = None,
            }
        }
    }
    for (bucket, docs) in cx.m.s3.buckets.iter_mut().zip(per) {
        let at = bucket.meta.range;
        bucket.policies = match docs {
            Some(docs) if !unresolved => Val::Known(docs, at),
            _ => Val::Unknown(at),
        };
    }
}

/// CloudFormation's ACL names to the canned ACL names S3 uses.
fn canned_acl(v: Val<String>) -> Val<String> {
    v.map(|s| {
        match s.as_str() {
            "Private" => "private",
            "PublicRead" => "public-read",
            "PublicReadWrite" => "public-read-write",
            "AuthenticatedRead" => "authenticated-read",
            "LogDeliveryWrite" => "log-delivery-write",
            "BucketOwnerRead" => "bucket-owner-read",
            "BucketOwnerFullControl" => "bucket-owner-full-control",
            "AwsExecRead" => "aws-exec-read",
            other => other,
        }
        .to_string()
    })
}
