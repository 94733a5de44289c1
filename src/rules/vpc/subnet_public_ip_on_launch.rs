//! AWS-VPC-004 vpc-subnet-public-ip-on-launch: subnets that give every
//! instance launched in them a public IPv4 address.

use crate::model::Model;
use crate::rules::Emitter;

pub(crate) fn check(model: &Model, e: &mut Emitter) {
    for s in &model.vpc.subnets {
        if let Some((true, range)) = s.map_public_ip_on_launch.get() {
            e.report(
                &s.meta,
                range,
                format!(
                    "{} assigns a public IPv4 address to every network interface launched in it",
                    s.meta.name()
                ),
            );
        }
    }
}
