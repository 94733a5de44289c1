//! AWS-EC-002 elasticache-in-transit-unencrypted: replication groups
//! without TLS.

use crate::model::Model;
use crate::rules::Emitter;

pub(crate) fn check(model: &Model, e: &mut Emitter) {
    for group in &model.elasticache.replication_groups {
        if let Some((false, range)) = group.in_transit.get() {
            let how = if group.in_transit.is_default() {
                "does not enable encryption in transit"
            } else {
                "sets encryption in transit to false"
            };
            e.report(
                &group.meta,
                range,
                format!(
                    "ElastiCache replication group {} {how}: clients and replicas talk in plaintext",
                    group.meta.name()
                ),
            );
        }
    }
}
