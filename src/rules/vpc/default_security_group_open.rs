//! AWS-VPC-005 vpc-default-security-group-open: rules on a VPC's default
//! security group.

use crate::model::Model;
use crate::rules::Emitter;

pub(crate) fn check(model: &Model, e: &mut Emitter) {
    for r in &model.vpc.default_sg_rules {
        let direction = if r.ingress { "inbound" } else { "outbound" };
        let message = if r.meta.name() == r.group {
            format!(
                "{} allows {direction} traffic on the VPC's default security group",
                r.group
            )
        } else {
            format!(
                "{} adds an {direction} rule to the default security group of {}",
                r.meta.name(),
                r.group
            )
        };
        e.report(&r.meta, r.range, message);
    }
}
