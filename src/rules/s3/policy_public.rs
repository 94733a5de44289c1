//! AWS-S3-003 s3-bucket-policy-public: bucket policies that S3 itself would
//! call public: an `Allow` to the wildcard principal (or with
//! `NotPrincipal`) that no condition limits to fixed values of a restricting
//! key. A bucket whose public access block restricts public buckets is not
//! reported.

use crate::model::iam::Exposure;
use crate::model::Model;
use crate::rules::Emitter;

pub(crate) fn check(model: &Model, e: &mut Emitter) {
    for policy in &model.s3.policies {
        if policy
            .protection
            .restrict_public_buckets
            .is_known_and(|b| *b)
        {
            continue;
        }
        for st in &policy.document.statements {
            let Exposure::Public { at, unrestricted } = st.exposure() else {
                continue;
            };
            let name = policy.meta.name();
            let message = if st.not_principals.is_some() && at == st.not_principals.unwrap() {
                format!("{name} allows every principal except those under `NotPrincipal`")
            } else if unrestricted.is_empty() {
                format!("{name} allows any principal (`*`) with no condition")
            } else {
                let keys: Vec<String> = unrestricted.iter().map(|k| format!("`{k}`")).collect();
                format!(
                    "{name} allows any principal (`*`); its conditions on {} do not limit who can use it",
                    keys.join(", ")
                )
            };
            e.report(&policy.meta, at, message);
        }
    }
}
