//! AWS-VPC-003 vpc-flow-logs-disabled.

use crate::model::Model;
use crate::rules::Emitter;

pub(crate) fn check(model: &Model, e: &mut Emitter) {
    for vpc in &model.vpc.vpcs {
        if let Some((false, range)) = vpc.has_flow_log.get() {
            e.report(
                &vpc.meta,
                range,
                format!(
                    "VPC {} has no flow log in this module or template",
                    vpc.meta.name()
                ),
            );
        }
    }
}
