//! AWS-IAM-005 iam-policy-pass-role-any: identity policies that allow
//! `iam:PassRole` on every role (`Resource: "*"`).

use crate::model::Model;
use crate::rules::Emitter;

pub(crate) fn check(model: &Model, e: &mut Emitter) {
    for policy in &model.iam.policies {
        for st in policy.document.statements.iter().filter(|s| s.is_allow()) {
            if !st.resources.iter().any(|r| r.is_known_and(|r| r == "*")) {
                continue;
            }
            // `*`, `*:*` and `iam:*` are reported by iam-policy-wildcard-action.
            let action = st.actions.iter().find(|a| {
                a.is_known_and(|p| {
                    !matches!(p.to_ascii_lowercase().as_str(), "*" | "*:*" | "iam:*")
                        && crate::model::iam::action_matches(p, "iam:PassRole")
                })
            });
            let Some(action) = action else { continue };
            let pattern = action.known().map(String::as_str).unwrap_or_default();
            e.report(
                &policy.meta,
                action.range(),
                format!(
                    "{} allows `{pattern}` on every role (`Resource: \"*\"`), so its holder can hand any role to a service",
                    policy.describe()
                ),
            );
        }
    }
}
