//! EKS: clusters and their API server endpoint.

use super::{Meta, Val};
use crate::source::Range;

#[derive(Debug, Default)]
pub struct Eks {
    pub clusters: Vec<Cluster>,
}

merge_lists!(Eks { clusters });

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
    /// The control plane log types sent to CloudWatch Logs:
    /// `enabled_cluster_log_types` / the `Type` of each entry of
    /// `Logging.ClusterLogging.EnabledTypes` (`api`, `audit`,
    /// `authenticator`, `controllerManager`, `scheduler`); AWS default none.
    pub log_types: Val<Vec<Val<String>>>,
}
