//! AWS-LMB-001 lambda-function-public-access: functions anyone may
//! invoke, through a permission to every principal or an unauthenticated
//! function URL.

use crate::model::iam::Exposure;
use crate::model::Model;
use crate::rules::Emitter;

pub(crate) fn check(model: &Model, e: &mut Emitter) {
    for p in &model.lambda.permissions {
        if let Exposure::Public { at, .. } = p.statement.exposure() {
            let action = p
                .statement
                .actions
                .first()
                .and_then(|a| a.known())
                .map(String::as_str)
                .unwrap_or("?");
            e.report(
                &p.meta,
                at,
                format!(
                    "permission {} grants {action} to every principal (\"*\") without a source ARN, source account or organization condition",
                    p.meta.name()
                ),
            );
        }
    }
    for u in &model.lambda.function_urls {
        if let Some((auth, range)) = u.auth_type.get() {
            if auth == "NONE" {
                e.report(
                    &u.meta,
                    range,
                    format!(
                        "function URL {} has authorization type NONE: anyone who has the URL can invoke the function without signing the request",
                        u.meta.name()
                    ),
                );
            }
        }
    }
}
