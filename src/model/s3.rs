//! S3: buckets and the settings that may live in separate resources.

use super::iam::PolicyDocument;
use super::{Meta, Val};
use crate::source::Range;

#[derive(Debug, Default)]
pub struct S3 {
    pub buckets: Vec<Bucket>,
    /// Canned ACLs and grants: inline on a bucket or in their own resource.
    pub acls: Vec<AclSetting>,
    pub public_access_blocks: Vec<PublicAccessBlock>,
    pub policies: Vec<BucketPolicy>,
}

merge_lists!(S3 {
    buckets,
    acls,
    public_access_blocks,
    policies
});

#[derive(Clone, Debug)]
pub struct Bucket {
    pub meta: Meta,
    pub public_access_block: PabState,
    /// The documents of the bucket policies attached to this bucket: the
    /// inline `policy` of `aws_s3_bucket`, `aws_s3_bucket_policy`,
    /// `AWS::S3::BucketPolicy` (linked by reference or literal name, within
    /// one module or template). Known empty when none is, at the bucket's
    /// range; unknown when a policy's document is unknown, or a policy in the
    /// module or template names a bucket that cannot be resolved.
    pub policies: Val<Vec<PolicyDocument>>,
    /// Server access logging: the inline `logging` block of `aws_s3_bucket`,
    /// an `aws_s3_bucket_logging` linked to the bucket (by reference or
    /// literal name, within one module), CloudFormation's
    /// `LoggingConfiguration`. `Known(true)` where it is configured; AWS
    /// default `false`, at the bucket's range; unknown when a logging
    /// resource of the module names a bucket that cannot be resolved.
    pub logging: Val<bool>,
    /// Whether the bucket receives other buckets' server access logs: its
    /// canned ACL is `log-delivery-write` (`LogDeliveryWrite`) or grants the
    /// S3 log delivery group, one of its policies allows the
    /// `logging.s3.amazonaws.com` service, or a bucket of the same module or
    /// template names it as its logging destination. `Default(false)` at the
    /// bucket's range when none of these holds; unknown when a value that
    /// decides is unknown (a destination, an ACL or a policy that cannot be
    /// resolved).
    pub access_log_target: Val<bool>,
    /// Versioning: `versioning_configuration.status` of an
    /// `aws_s3_bucket_versioning` linked to the bucket (`Enabled` is true,
    /// `Suspended` or `Disabled` false), the inline `versioning.enabled` of
    /// `aws_s3_bucket`, CloudFormation's `VersioningConfiguration.Status`.
    /// `Known(true)` with Object Lock (`object_lock_enabled`,
    /// `ObjectLockEnabled`), which turns versioning on for good. AWS default
    /// `false` (unversioned), at the bucket's range; unknown when a
    /// versioning resource of the module names a bucket that cannot be
    /// resolved.
    pub versioning: Val<bool>,
}

/// Whether a bucket is covered by a public access block.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PabState {
    /// A block is linked to this bucket (its flags are checked separately).
    Linked,
    /// No block for this bucket in the module or template.
    Missing,
    /// Cannot tell: a block points at a bucket we could not resolve, or an
    /// account-wide block covers every bucket.
    Unresolved,
}

#[derive(Clone, Debug)]
pub struct AclSetting {
    /// The bucket, or the ACL resource.
    pub meta: Meta,
    pub canned_acl: Option<Val<String>>,
    /// Grantee group URIs of explicit grants.
    pub grantee_uris: Vec<Val<String>>,
    /// The public access block of the bucket the ACL is set on.
    pub protection: Protection,
}

/// The bucket-level public access block settings that apply to one bucket:
/// the flags of the block linked to it; `Default(false)` each when no block
/// in the module or template is linked to it; unknown when a block's target
/// or the bucket cannot be resolved. A flag an account-level block of the
/// same Terraform configuration turns on (`aws_s3_account_public_access_block`)
/// is on for every bucket, at the account block's range.
#[derive(Clone, Debug)]
pub struct Protection {
    pub block_public_acls: Val<bool>,
    pub ignore_public_acls: Val<bool>,
    pub block_public_policy: Val<bool>,
    pub restrict_public_buckets: Val<bool>,
}

impl Protection {
    /// No block applies: every flag is AWS's default, `false`, at `at`.
    pub fn none(at: Range) -> Protection {
        Protection {
            block_public_acls: Val::Default(false, at),
            ignore_public_acls: Val::Default(false, at),
            block_public_policy: Val::Default(false, at),
            restrict_public_buckets: Val::Default(false, at),
        }
    }

    /// Cannot tell which block applies.
    pub fn unknown(at: Range) -> Protection {
        Protection {
            block_public_acls: Val::Unknown(at),
            ignore_public_acls: Val::Unknown(at),
            block_public_policy: Val::Unknown(at),
            restrict_public_buckets: Val::Unknown(at),
        }
    }

    /// Turns on each flag the account-level `block` turns on.
    pub fn with_account(mut self, block: &PublicAccessBlock) -> Protection {
        for (mine, account) in [
            (&mut self.block_public_acls, &block.block_public_acls),
            (&mut self.ignore_public_acls, &block.ignore_public_acls),
            (&mut self.block_public_policy, &block.block_public_policy),
            (
                &mut self.restrict_public_buckets,
                &block.restrict_public_buckets,
            ),
        ] {
            if account.is_known_and(|b| *b) && !mine.is_known_and(|b| *b) {
                *mine = account.clone();
            }
        }
        self
    }

    /// The flags of a linked block.
    pub fn of(block: &PublicAccessBlock) -> Protection {
        Protection {
            block_public_acls: block.block_public_acls.clone(),
            ignore_public_acls: block.ignore_public_acls.clone(),
            block_public_policy: block.block_public_policy.clone(),
            restrict_public_buckets: block.restrict_public_buckets.clone(),
        }
    }
}

#[derive(Clone, Debug)]
pub struct PublicAccessBlock {
    pub meta: Meta,
    /// An account-level block (`aws_s3_account_public_access_block`): it
    /// applies to every bucket of the account.
    pub account: bool,
    /// The block itself (the resource, or the inline configuration key).
    pub range: Range,
    /// Each flag's AWS default is `false` (at the block's range).
    pub block_public_acls: Val<bool>,
    pub block_public_policy: Val<bool>,
    pub ignore_public_acls: Val<bool>,
    pub restrict_public_buckets: Val<bool>,
}

impl PublicAccessBlock {
    /// The four flags with their Terraform-style names.
    pub fn flags(&self) -> [(&'static str, &Val<bool>); 4] {
        [
            ("block_public_acls", &self.block_public_acls),
            ("block_public_policy", &self.block_public_policy),
            ("ignore_public_acls", &self.ignore_public_acls),
            ("restrict_public_buckets", &self.restrict_public_buckets),
        ]
    }
}

#[derive(Clone, Debug)]
pub struct BucketPolicy {
    pub meta: Meta,
    pub document: PolicyDocument,
    /// The public access block of the bucket the policy is attached to.
    pub protection: Protection,
}
