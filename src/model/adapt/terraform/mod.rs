//! Terraform resources (AWS provider) to the model: one file per service,
//! each listing the resource types it reads. Split resources (bucket
//! settings, flow logs, policy attachments) are collected while reading and
//! linked to their parents once every resource has been read.

mod cloudfront;
mod cloudtrail;
mod cloudwatch;
mod config;
mod dynamodb;
mod ec2;
mod ecr;
mod efs;
mod eks;
mod elasticache;
mod elb;
mod guardduty;
mod iam;
mod kms;
mod lambda;
mod opensearch;
mod rds;
mod redshift;
mod s3;
mod sns;
mod sqs;
mod vpc;

use std::collections::HashMap;
use std::sync::OnceLock;

use super::{variants_related, Variant};
use crate::eval::terraform::Related;
use crate::eval::Unit;
use crate::model::Model;

/// What adapting one unit builds: the model, and what each service links
/// at the end.
struct Cx<'u> {
    m: Model,
    iam: iam::Links<'u>,
    s3: s3::Links,
    vpc: vpc::Links,
    elb: elb::Links,
}

/// Reads one configuration of a resource into the model.
type Handler = fn(&mut Cx, &Variant);

/// Every service's resource types and handlers. A type belongs to one
/// service: a second registration would silently replace the first, so a
/// test checks there is none.
const SERVICES: &[&[(&str, Handler)]] = &[
    iam::KINDS,
    s3::KINDS,
    ec2::KINDS,
    rds::KINDS,
    efs::KINDS,
    cloudtrail::KINDS,
    vpc::KINDS,
    elb::KINDS,
    kms::KINDS,
    ecr::KINDS,
    guardduty::KINDS,
    cloudwatch::KINDS,
    redshift::KINDS,
    opensearch::KINDS,
    elasticache::KINDS,
    dynamodb::KINDS,
    sqs::KINDS,
    sns::KINDS,
    cloudfront::KINDS,
    eks::KINDS,
    lambda::KINDS,
    config::KINDS,
];

/// Every resource type the adapter reads, with its service's handler.
fn handlers() -> &'static HashMap<&'static str, Handler> {
    static HANDLERS: OnceLock<HashMap<&'static str, Handler>> = OnceLock::new();
    HANDLERS.get_or_init(|| {
        SERVICES
            .iter()
            .flat_map(|kinds| kinds.iter().copied())
            .collect()
    })
}

pub fn adapt(unit: &Unit, related: &Related) -> Model {
    let mut cx = Cx {
        m: Model::default(),
        iam: iam::Links::new(unit, related),
        s3: s3::Links::default(),
        vpc: vpc::Links::default(),
        elb: elb::Links::default(),
    };
    for r in unit.resources.iter().filter(|r| !r.data_source) {
        let Some(handler) = handlers().get(r.kind.as_str()) else {
            continue;
        };
        for v in variants_related(r, related) {
            handler(&mut cx, &v);
        }
    }
    iam::link(&mut cx);
    s3::link(&mut cx);
    vpc::link(&mut cx);
    cx.m.ecr.link();
    cx.m.ec2.link();
    elb::link(&mut cx);
    cx.m
}

#[cfg(test)]
mod handler_tests {
    #[test]
    fn each_resource_type_has_one_handler() {
        let mut seen = std::collections::HashSet::new();
        for (kind, _) in super::SERVICES.iter().flat_map(|k| k.iter()) {
            assert!(seen.insert(*kind), "{kind} is registered by two services");
        }
    }
}
