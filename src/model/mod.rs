//! The typed AWS resource model both formats are adapted into.

use crate::source::Range;

/// Identity and position of a modelled resource.
#[derive(Clone, Debug)]
pub struct Meta {
    /// `aws_s3_bucket.logs` for Terraform, the logical id for CloudFormation.
    pub address: String,
    /// The resource type as written (`aws_s3_bucket`, `AWS::S3::Bucket`).
    pub kind: String,
    /// The resource: the Terraform block, or the CloudFormation logical id.
    pub range: Range,
    /// When only some condition branches produce this resource's configuration.
    pub when: Option<String>,
}

#[derive(Debug, Default)]
pub struct Model {}
