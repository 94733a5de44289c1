//! AWS-OS-004 opensearch-tls-policy-outdated: domains whose endpoint
//! accepts TLS older than 1.2.

use crate::model::Model;
use crate::rules::Emitter;

/// Whether a TLS security policy requires TLS 1.2 or later
/// (`Policy-Min-TLS-1-2-2019-07`, `Policy-Min-TLS-1-2-PFS-2023-10`, and the
/// TLS 1.3 policies).
fn is_modern(policy: &str) -> bool {
    ["Policy-Min-TLS-1-2-", "Policy-Min-TLS-1-3-"]
        .iter()
        .any(|p| policy.starts_with(p))
}

pub(crate) fn check(model: &Model, e: &mut Emitter) {
    for domain in &model.opensearch.domains {
        if let Some((policy, range)) = domain.tls_policy.get() {
            if !policy.is_empty() && !is_modern(policy) {
                e.report(
                    &domain.meta,
                    range,
                    format!(
                        "OpenSearch domain {} uses TLS security policy `{policy}`, which accepts TLS versions older than 1.2",
                        domain.meta.name()
                    ),
                );
            }
        }
    }
}
