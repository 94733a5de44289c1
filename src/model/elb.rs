//! Elastic Load Balancing: application, network and gateway load balancers
//! and their listeners.

use super::{Meta, Val};
use crate::source::Range;

#[derive(Debug, Default)]
pub struct Elb {
    pub load_balancers: Vec<LoadBalancer>,
    pub listeners: Vec<Listener>,
    pub classic_listeners: Vec<ClassicListener>,
}

merge_lists!(Elb {
    load_balancers,
    listeners,
    classic_listeners
});

/// A listener of a Classic Load Balancer: a `listener` block of `aws_elb`,
/// an entry of `Listeners` of `AWS::ElasticLoadBalancing::LoadBalancer`.
#[derive(Clone, Debug)]
pub struct ClassicListener {
    /// The load balancer.
    pub meta: Meta,
    /// `lb_protocol` / `Protocol` (required), upper-cased: the front-end
    /// protocol, `HTTP`, `HTTPS`, `TCP` or `SSL`.
    pub protocol: Val<String>,
    /// `lb_port` / `LoadBalancerPort`, for messages.
    pub port: Val<i64>,
}

/// An Elastic Load Balancing v2 load balancer (`aws_lb`, `aws_alb`,
/// `AWS::ElasticLoadBalancingV2::LoadBalancer`).
#[derive(Clone, Debug)]
pub struct LoadBalancer {
    pub meta: Meta,
    /// `load_balancer_type` / `Type`: `application` (AWS default),
    /// `network` or `gateway`.
    pub lb_type: Val<String>,
    /// `drop_invalid_header_fields` / the `LoadBalancerAttributes` entry
    /// `routing.http.drop_invalid_header_fields.enabled`; AWS default
    /// `false`. Application load balancers only.
    pub drop_invalid_header_fields: Val<bool>,
}

/// A listener of a v2 load balancer (`aws_lb_listener`, `aws_alb_listener`,
/// `AWS::ElasticLoadBalancingV2::Listener`).
#[derive(Clone, Debug)]
pub struct Listener {
    pub meta: Meta,
    /// `protocol` / `Protocol`, upper-cased: `HTTP`, `HTTPS` (application
    /// load balancers), `TCP`, `TLS`, `UDP`, `TCP_UDP` (network), none
    /// (gateway). Left out, it is `HTTP` when the listener's load balancer
    /// is in the same module or template and known to be an application
    /// load balancer (AWS's default there), and unknown otherwise.
    pub protocol: Val<String>,
    /// `ssl_policy` / `SslPolicy`, for HTTPS and TLS listeners. Left out,
    /// AWS applies `ELBSecurityPolicy-2016-08` to listeners created through
    /// the API, CloudFormation or Terraform (the console picks a newer one).
    pub ssl_policy: Val<String>,
    /// The `default_action` blocks / `DefaultActions`; unknown when the
    /// list cannot be read.
    pub default_actions: Val<Vec<ListenerAction>>,
}

/// One default action of a listener.
#[derive(Clone, Debug)]
pub struct ListenerAction {
    /// The action's block or list entry.
    pub range: Range,
    /// `type` / `Type`, lower-cased: `forward`, `redirect`,
    /// `fixed-response`, `authenticate-oidc`, `authenticate-cognito`.
    pub kind: Val<String>,
    /// For a redirect, `redirect.protocol` / `RedirectConfig.Protocol`,
    /// upper-cased; AWS default `#{protocol}` (the request's own protocol).
    pub redirect_protocol: Val<String>,
}

/// The default security policy of HTTPS and TLS listeners created through
/// the API (and so CloudFormation and Terraform).
pub const DEFAULT_SSL_POLICY: &str = "ELBSecurityPolicy-2016-08";

/// Predefined ELB security policies that accept TLS versions older than
/// 1.2, with the oldest one each accepts ("Security policies for your
/// Application Load Balancer" and "... Network Load Balancer", Elastic Load
/// Balancing User Guide: the TLS, FIPS, FS and post-quantum tables).
/// Policy names are compared exactly, as ELB does.
const OUTDATED_SSL_POLICIES: &[(&str, &str)] = &[
    ("ELBSecurityPolicy-2016-08", "TLS 1.0"),
    ("ELBSecurityPolicy-2015-05", "TLS 1.0"),
    ("ELBSecurityPolicy-TLS-1-0-2015-04", "TLS 1.0"),
    ("ELBSecurityPolicy-FS-2018-06", "TLS 1.0"),
    ("ELBSecurityPolicy-TLS13-1-0-2021-06", "TLS 1.0"),
    ("ELBSecurityPolicy-TLS13-1-0-FIPS-2023-04", "TLS 1.0"),
    ("ELBSecurityPolicy-TLS13-1-0-PQ-2025-09", "TLS 1.0"),
    ("ELBSecurityPolicy-TLS13-1-0-FIPS-PQ-2025-09", "TLS 1.0"),
    ("ELBSecurityPolicy-TLS-1-1-2017-01", "TLS 1.1"),
    ("ELBSecurityPolicy-FS-1-1-2019-08", "TLS 1.1"),
    ("ELBSecurityPolicy-TLS13-1-1-2021-06", "TLS 1.1"),
    ("ELBSecurityPolicy-TLS13-1-1-FIPS-2023-04", "TLS 1.1"),
];

/// The oldest TLS version a predefined policy accepts, when it is older
/// than TLS 1.2; `None` for other policies (and names ELB does not define).
pub fn outdated_tls(policy: &str) -> Option<&'static str> {
    OUTDATED_SSL_POLICIES
        .iter()
        .find(|(name, _)| *name == policy)
        .map(|(_, oldest)| *oldest)
}
