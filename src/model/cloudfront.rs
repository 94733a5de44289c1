//! CloudFront: distributions, their cache behaviors and origins.

use super::{Meta, Val};
use crate::source::Range;

#[derive(Debug, Default)]
pub struct CloudFront {
    pub distributions: Vec<Distribution>,
}

merge_lists!(CloudFront { distributions });

/// A web distribution (`aws_cloudfront_distribution`,
/// `AWS::CloudFront::Distribution`).
#[derive(Clone, Debug)]
pub struct Distribution {
    pub meta: Meta,
    /// The default cache behavior first (`default_cache_behavior` /
    /// `DefaultCacheBehavior`), then the ordered ones
    /// (`ordered_cache_behavior` / `CacheBehaviors`); unknown when a list
    /// cannot be read.
    pub behaviors: Val<Vec<CacheBehavior>>,
    /// `origin` blocks / `Origins`; unknown when the list cannot be read.
    pub origins: Val<Vec<Origin>>,
}

#[derive(Clone, Debug)]
pub struct CacheBehavior {
    /// The behavior's block or entry.
    pub range: Range,
    /// `path_pattern` / `PathPattern`; `None` for the default behavior.
    pub path_pattern: Option<Val<String>>,
    /// `viewer_protocol_policy` / `ViewerProtocolPolicy` (required):
    /// `allow-all`, `https-only` or `redirect-to-https`.
    pub viewer_protocol_policy: Val<String>,
    /// `target_origin_id` / `TargetOriginId`: the origin it sends requests to.
    pub target_origin_id: Val<String>,
}

#[derive(Clone, Debug)]
pub struct Origin {
    /// The origin's block or entry.
    pub range: Range,
    /// `origin_id` / `Id`.
    pub id: Val<String>,
    /// `custom_origin_config` / `CustomOriginConfig`; `None` for an S3
    /// origin (or another one CloudFront reaches over HTTPS on its own).
    pub custom: Option<CustomOrigin>,
}

#[derive(Clone, Debug)]
pub struct CustomOrigin {
    /// `origin_protocol_policy` / `OriginProtocolPolicy` (required):
    /// `http-only`, `https-only` or `match-viewer`.
    pub protocol_policy: Val<String>,
    /// `origin_ssl_protocols` / `OriginSSLProtocols`: the protocols
    /// CloudFront may use over HTTPS (`SSLv3`, `TLSv1`, `TLSv1.1`,
    /// `TLSv1.2`); unknown when left out (required in Terraform).
    pub ssl_protocols: Val<Vec<Val<String>>>,
}
