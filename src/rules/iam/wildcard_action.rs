//! AWS-IAM-001 iam-policy-wildcard-action: identity policies that allow every
//! action (`*`), every action of a service (`s3:*`), or everything but a list
//! (`NotAction`).

use crate::finding::Severity;
use crate::model::Model;
use crate::rules::Emitter;

pub(crate) fn check(model: &Model, e: &mut Emitter) {
    for policy in &model.iam.policies {
        for st in policy.document.statements.iter().filter(|s| s.is_allow()) {
            let all_resources = st.resources.iter().any(|r| r.is_known_and(|r| r == "*"));
            if let Some(range) = st.not_actions {
                e.report(
                    &policy.meta,
                    range,
                    format!(
                        "{} allows every action except those listed under `NotAction`",
                        policy.describe()
                    ),
                );
            }
            for action in &st.actions {
                let Some(a) = action.known() else { continue };
                if a == "*" || a == "*:*" {
                    let (severity, what) = if all_resources {
                        (Severity::Critical, "full administrator access (`*` on `*`)")
                    } else {
                        (Severity::High, "every action (`*`)")
                    };
                    e.report_with(
                        &policy.meta,
                        action.range(),
                        severity,
                        format!("{} allows {what}", policy.describe()),
                    );
                } else if let Some(service) = a.strip_suffix(":*") {
                    if !service.is_empty() && !service.contains('*') {
                        e.report(
                            &policy.meta,
                            action.range(),
                            format!(
                                "{} allows every `{service}` action (`{a}`)",
                                policy.describe()
                            ),
                        );
                    }
                }
            }
        }
    }
}
