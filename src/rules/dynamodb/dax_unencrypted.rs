//! AWS-DDB-002 dax-cluster-unencrypted: DAX clusters without encryption at
//! rest.

use crate::model::Model;
use crate::rules::Emitter;

pub(crate) fn check(model: &Model, e: &mut Emitter) {
    for cluster in &model.dynamodb.dax_clusters {
        if let Some((false, range)) = cluster.encrypted.get() {
            let how = if cluster.encrypted.is_default() {
                "does not enable encryption at rest"
            } else {
                "sets encryption at rest to false"
            };
            e.report(
                &cluster.meta,
                range,
                format!("DAX cluster {} {how}", cluster.meta.name()),
            );
        }
    }
}
