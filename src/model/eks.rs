//! EKS: clusters and their API server endpoint.

use super::{Meta, Val};
use crate::source::Range;

#[derive(Debug, Default)]
pub struct Eks {
    pub clusters: Vec<Cluster>,
}

/// An EKS cluster (`aws_eks_cluster`, `AWS::EKS::Cluster`).
#[derive(Clone, Debug)]
pub struct Cluster {
    pub meta: Meta,
    /// The `vpc_config` block / `ResourcesVpcConfig`, or the resource when
    /// it is left out: where endpoint settings left out are reported.
    pub vpc_config: Range,
    /// `vpc_config.endpoint_public_access` /
    /// `ResourcesVpcConfig.EndpointPublicAccess`; AWS default `true`.
    pub endpoint_public_access: Val<bool>,
    /// `vpc_config.public_access_cidrs` /
    /// `ResourcesVpcConfig.PublicAccessCidrs`: the blocks the public
    /// endpoint answers; AWS default (also for an empty list) `0.0.0.0/0`.
    pub public_access_cidrs: Val<Vec<Val<String>>>,
}
