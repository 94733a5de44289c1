//! Elastic Load Balancing: application, network and gateway load balancers.

use super::{Meta, Val};

#[derive(Debug, Default)]
pub struct Elb {
    pub load_balancers: Vec<LoadBalancer>,
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
