//! AWS-KMS-002 kms-key-policy-public: key policies that allow everyone
//! (`"*"`, `{"AWS": "*"}` or `NotPrincipal`) without a condition that pins
//! the caller.

use crate::model::iam::Exposure;
use crate::model::Model;
use crate::rules::Emitter;

/// Besides the keys that make any resource policy non-public, a key policy
/// can pin the calling account with `kms:CallerAccount`.
const KMS_RESTRICTING_KEYS: &[&str] = &["kms:calleraccount"];

pub(crate) fn check(model: &Model, e: &mut Emitter) {
    for policy in &model.kms.policies {
        for st in &policy.document.statements {
            let Exposure::Public { at, unrestricted } = st.exposure_with(KMS_RESTRICTING_KEYS)
            else {
                continue;
            };
            let name = policy.meta.name();
            let who = if st.not_principals == Some(at) {
                "every principal except those under `NotPrincipal`".to_string()
            } else {
                "any AWS principal (`*`)".to_string()
            };
            let message = if unrestricted.is_empty() {
                format!("the key policy of {name} allows {who}, with no condition")
            } else {
                let keys: Vec<String> = unrestricted.iter().map(|k| format!("`{k}`")).collect();
                format!(
                    "the key policy of {name} allows {who}; its conditions on {} do not limit who",
                    keys.join(", ")
                )
            };
            e.report(&policy.meta, at, message);
        }
    }
}
