//! AWS-S3-004 s3-bucket-tls-not-enforced: buckets none of whose policies
//! denies requests made without TLS.

use crate::model::Model;
use crate::rules::Emitter;

pub(crate) fn check(model: &Model, e: &mut Emitter) {
    for bucket in &model.s3.buckets {
        let Some((docs, at)) = bucket.policies.get() else {
            continue;
        };
        // Statements merged in from documents not read may enforce it.
        if docs.iter().any(|d| d.merges_others) {
            continue;
        }
        let verdicts: Vec<Option<bool>> = docs
            .iter()
            .flat_map(|d| &d.statements)
            .map(|st| st.denies_insecure_transport())
            .collect();
        // Enforced by one statement, or possibly by one with an unknown value.
        if verdicts.iter().any(|v| *v != Some(false)) {
            continue;
        }
        let name = bucket.meta.name();
        let message = if docs.is_empty() {
            format!(
                "S3 bucket {name} has no bucket policy, so requests over plain HTTP are allowed"
            )
        } else {
            format!("no statement in the policies of S3 bucket {name} denies requests with `aws:SecureTransport` = false, so requests over plain HTTP are allowed")
        };
        e.report(&bucket.meta, at, message);
    }
}
