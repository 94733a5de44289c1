//! AWS-OS-002 opensearch-node-to-node-plaintext: domains whose nodes talk in plaintext.

use crate::model::Model;
use crate::rules::Emitter;

pub(crate) fn check(model: &Model, e: &mut Emitter) {
    for domain in &model.opensearch.domains {
        if let Some((false, range)) = domain.node_to_node.get() {
            let how = if domain.node_to_node.is_default() {
                "does not enable node-to-node encryption"
            } else {
                "sets node-to-node encryption to false"
            };
            e.report(
                &domain.meta,
                range,
                format!("OpenSearch domain {} {how}", domain.meta.name()),
            );
        }
    }
}
