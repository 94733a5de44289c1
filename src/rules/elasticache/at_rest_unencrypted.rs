//! AWS-EC-001 elasticache-at-rest-unencrypted: replication groups without
//! encryption at rest.

use crate::model::Model;
use crate::rules::Emitter;

pub(crate) fn check(model: &Model, e: &mut Emitter) {
    for group in &model.elasticache.replication_groups {
        if let Some((false, range)) = group.at_rest.get() {
            let how = if group.at_rest.is_default() {
                "does not enable encryption at rest (off by default for Redis OSS)"
            } else {
                "sets encryption at rest to false"
            };
            e.report(
                &group.meta,
                range,
                format!("ElastiCache replication group {} {how}", group.meta.name()),
            );
        }
    }
}
