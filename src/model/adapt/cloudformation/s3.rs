//! S3: `AWS::S3::Bucket` (its ACL and public access block are properties)
//! and `AWS::S3::BucketPolicy`.

use super::{Cx, Handler};
use crate::eval::value::Kind;
use crate::model::adapt::link::{target, Target};
use crate::model::adapt::{bool_field, policy_document, string_field, Variant};
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
    if let Some(doc) = v.body.get("PolicyDocument").and_then(policy_document) {
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
