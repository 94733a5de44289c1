//! AWS-ELB-001 alb-drop-invalid-headers-disabled: application load
//! balancers that pass malformed HTTP headers on to their targets.

use crate::model::Model;
use crate::rules::Emitter;

pub(crate) fn check(model: &Model, e: &mut Emitter) {
    for lb in &model.elb.load_balancers {
        if !lb.lb_type.is_known_and(|t| t == "application") {
            continue;
        }
        if let Some((false, range)) = lb.drop_invalid_header_fields.get() {
            let how = if lb.drop_invalid_header_fields.is_default() {
                "does not drop invalid HTTP header fields"
            } else {
                "sets dropping invalid HTTP header fields to false"
            };
            e.report(
                &lb.meta,
                range,
                format!("application load balancer {} {how}", lb.meta.name()),
            );
        }
    }
}
