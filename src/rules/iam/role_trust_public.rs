//! AWS-IAM-002 iam-role-trust-public: role trust policies that let anyone
//! assume the role: an `Allow` of `sts:AssumeRole` to the wildcard principal
//! (or with `NotPrincipal`) that no condition limits to fixed values of a
//! restricting key (the same definition of public as for bucket policies).

use crate::model::iam::Exposure;
use crate::model::Model;
use crate::rules::Emitter;

pub(crate) fn check(model: &Model, e: &mut Emitter) {
    for role in &model.iam.roles {
        for st in role.trust.iter().flat_map(|d| &d.statements) {
            let Exposure::Public { at, unrestricted } = st.exposure() else {
                continue;
            };
            if st.grants("sts:AssumeRole") != Some(true) {
                continue;
            }
            let name = role.meta.name();
            let message = if st.not_principals == Some(at) {
                format!("role {name} can be assumed by every principal except those under `NotPrincipal`")
            } else if unrestricted.is_empty() {
                format!("role {name} can be assumed by any AWS principal (`*`), with no condition")
            } else {
                let keys: Vec<String> = unrestricted.iter().map(|k| format!("`{k}`")).collect();
                format!(
                    "role {name} can be assumed by any AWS principal (`*`); its conditions on {} do not limit who",
                    keys.join(", ")
                )
            };
            e.report(&role.meta, at, message);
        }
    }
}
