//! AWS-S3-003 s3-bucket-policy-public: bucket policies that allow anyone
//! (`Principal: "*"`) without a condition restricting who.

use crate::model::Model;
use crate::rules::Emitter;

pub(crate) fn check(model: &Model, e: &mut Emitter) {
    for policy in &model.s3.policies {
        for st in policy.document.statements.iter().filter(|s| s.is_allow()) {
            if !st.has_condition.is_known_and(|c| !c) {
                continue;
            }
            for p in &st.principals {
                if p.is_known_and(|p| p == "*") {
                    e.report(
                        &policy.meta,
                        p.range(),
                        format!(
                            "{} allows any principal (`*`) with no condition",
                            policy.meta.name()
                        ),
                    );
                }
            }
        }
    }
}
