//! AWS-RS-002 redshift-publicly-accessible: clusters with a public endpoint.

use crate::model::Model;
use crate::rules::Emitter;

pub(crate) fn check(model: &Model, e: &mut Emitter) {
    for cluster in &model.redshift.clusters {
        if let Some((true, range)) = cluster.publicly_accessible.get() {
            e.report(
                &cluster.meta,
                range,
                format!(
                    "Redshift cluster {} is publicly accessible: its endpoint resolves to a public IP address",
                    cluster.meta.name()
                ),
            );
        }
    }
}
