//! AWS-OS-003 opensearch-https-not-enforced: domains that accept plain HTTP.

use crate::model::Model;
use crate::rules::Emitter;

pub(crate) fn check(model: &Model, e: &mut Emitter) {
    for domain in &model.opensearch.domains {
        if let Some((false, range)) = domain.enforce_https.get() {
            let how = if domain.enforce_https.is_default() {
                "does not require HTTPS: its endpoint also accepts plain HTTP"
            } else {
                "sets enforce HTTPS to false: its endpoint also accepts plain HTTP"
            };
            e.report(
                &domain.meta,
                range,
                format!("OpenSearch domain {} {how}", domain.meta.name()),
            );
        }
    }
}
