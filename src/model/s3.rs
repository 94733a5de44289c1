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

#[derive(Clone, Debug)]
pub struct Bucket {
    pub meta: Meta,
    pub public_access_block: PabState,
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
}

#[derive(Clone, Debug)]
pub struct PublicAccessBlock {
    pub meta: Meta,
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
}
