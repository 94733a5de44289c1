//! S3: `AWS::S3::Bucket` (its ACL and public access block are properties)
//! and `AWS::S3::BucketPolicy`.

use super::{Cx, Handler};
use crate::eval::value::Kind;
use crate::model::adapt::access_logs::{mark, mark_by_policies};
use crate::model::adapt::link::{target, Target};
use crate::model::adapt::{bool_field, policy_document, string_field, Variant};
use crate::model::iam::PolicyDocument;
use crate::model::s3::{AclSetting, Bucket, BucketPolicy, PabState, Protection, PublicAccessBlock};
use crate::model::Val;
use crate::source::Range;

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
    /// Where buckets deliver their access logs
    /// (`LoggingConfiguration.DestinationBucketName`), with the value's range.
    log_destinations: Vec<(Target, Range)>,
}

fn bucket(cx: &mut Cx, v: &Variant) {
    let b = &v.body;
    let pab = b.field("PublicAccessBlockConfiguration");
    let mut protection = Protection::none(v.meta.range);
    let logging = match b.field("LoggingConfiguration") {
        None => Val::Default(false, v.meta.range),
        Some(f) if f.value.is_unknown() => {
            cx.s3
                .log_destinations
                .push((Target::Unresolved, f.key_range));
            Val::Unknown(f.key_range)
        }
        Some(f) => {
            // Without a destination, S3 delivers the logs to the bucket itself.
            if let Some(d) = f.value.get("DestinationBucketName") {
                cx.s3.log_destinations.push((target(Some(d)), d.range));
            }
            Val::Known(true, f.key_range)
        }
    };
    let access_log_target = match b.get("AccessControl") {
        None => Val::Default(false, v.meta.range),
        Some(acl) => match acl.as_str() {
            Some(a) if a.eq_ignore_ascii_case("LogDeliveryWrite") => Val::Known(true, acl.range),
            Some(_) => Val::Default(false, v.meta.range),
            None => Val::Unknown(acl.range),
        },
    };
    let versioning = match (
        b.get("ObjectLockEnabled"),
        b.field("VersioningConfiguration"),
    ) {
        (Some(lock), _) if lock.as_bool() == Some(true) => Val::Known(true, lock.range),
        (_, None) => Val::Default(false, v.meta.range),
        (_, Some(f)) => match f.value.get("Status") {
            None => Val::Unknown(f.key_range),
            Some(s) => match s.as_str() {
                Some(text) => Val::Known(text.eq_ignore_ascii_case("Enabled"), s.range),
                None => Val::Unknown(s.range),
            },
        },
    };
    cx.m.s3.buckets.push(Bucket {
        meta: v.meta.clone(),
        public_access_block: match pab {
            Some(_) => PabState::Linked,
            None => PabState::Missing,
        },
        policies: Val::Known(Vec::new(), v.meta.range),
        logging,
        access_log_target,
        versioning,
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
    link_log_targets(cx, &links);
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

/// Marks the buckets that receive access logs: named as another bucket's
/// destination (by `!Ref` or `BucketName`), or allowing S3's logging
/// service in a policy. A destination that cannot be resolved may be any
/// bucket of the template.
fn link_log_targets(cx: &mut Cx, links: &Links) {
    let mut targets: Vec<Val<bool>> =
        cx.m.s3
            .buckets
            .iter()
            .map(|b| b.access_log_target.clone())
            .collect();
    let mut any_target = false;
    for (t, at) in &links.log_destinations {
        match resolve(links, t) {
            Some(found) => found
                .into_iter()
                .for_each(|i| mark(&mut targets[i], Val::Known(true, *at))),
            None => any_target |= matches!(t, Target::Unresolved),
        }
    }
    for (bucket, target) in cx.m.s3.buckets.iter_mut().zip(targets) {
        mark_by_policies(bucket, target);
        if any_target && bucket.access_log_target.is_default() {
            bucket.access_log_target = Val::Unknown(bucket.meta.range);
        }
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
