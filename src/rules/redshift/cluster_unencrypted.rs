//! AWS-RS-001 redshift-cluster-unencrypted: clusters created unencrypted.

use crate::model::Model;
use crate::rules::Emitter;

pub(crate) fn check(model: &Model, e: &mut Emitter) {
    for cluster in &model.redshift.clusters {
        if let Some((false, range)) = cluster.encrypted.get() {
            e.report(
                &cluster.meta,
                range,
                format!(
                    "Redshift cluster {} sets encryption to false: its data and snapshots are not encrypted at rest",
                    cluster.meta.name()
                ),
            );
        }
    }
}
