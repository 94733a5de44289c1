//! AWS-OS-001 opensearch-at-rest-unencrypted: domains without encryption at rest.

use crate::model::Model;
use crate::rules::Emitter;

pub(crate) fn check(model: &Model, e: &mut Emitter) {
    for domain in &model.opensearch.domains {
        if let Some((false, range)) = domain.at_rest.get() {
            let how = if domain.at_rest.is_default() {
                "does not enable encryption at rest"
            } else {
                "sets encryption at rest to false"
            };
            e.report(
                &domain.meta,
                range,
                format!("OpenSearch domain {} {how}", domain.meta.name()),
            );
        }
    }
}
