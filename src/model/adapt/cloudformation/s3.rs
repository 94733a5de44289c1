//! S3: `AWS::S3::Bucket` (its ACL and public access block are properties)
//! and `AWS::S3::BucketPolicy`.

use super::{Cx, Handler};
use crate::model::adapt::{bool_field, policy_document, string_field, Variant};
use crate::model::s3::{AclSetting, Bucket, BucketPolicy, PabState, PublicAccessBlock};
use crate::model::Val;

pub(super) const KINDS: &[(&str, Handler)] = &[
    ("AWS::S3::Bucket", bucket),
    ("AWS::S3::BucketPolicy", bucket_policy),
];

fn bucket(cx: &mut Cx, v: &Variant) {
    let b = &v.body;
    let pab = b.field("PublicAccessBlockConfiguration");
    cx.m.s3.buckets.push(Bucket {
        meta: v.meta.clone(),
        public_access_block: match pab {
            Some(_) => PabState::Linked,
            None => PabState::Missing,
        },
    });
    if let Some(f) = pab {
        let (c, at) = (&f.value, f.key_range);
        cx.m.s3.public_access_blocks.push(PublicAccessBlock {
            meta: v.meta.clone(),
            range: at,
            block_public_acls: bool_field(c, "BlockPublicAcls", false, at),
            block_public_policy: bool_field(c, "BlockPublicPolicy", false, at),
            ignore_public_acls: bool_field(c, "IgnorePublicAcls", false, at),
            restrict_public_buckets: bool_field(c, "RestrictPublicBuckets", false, at),
        });
    }
    if let Some(acl) = string_field(b, "AccessControl") {
        cx.m.s3.acls.push(AclSetting {
            meta: v.meta.clone(),
            canned_acl: Some(canned_acl(acl)),
            grantee_uris: Vec::new(),
        });
    }
}

fn bucket_policy(cx: &mut Cx, v: &Variant) {
    if let Some(doc) = v.body.get("PolicyDocument").and_then(policy_document) {
        cx.m.s3.policies.push(BucketPolicy {
            meta: v.meta.clone(),
            document: doc,
        });
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
