//! Lambda: `aws_lambda_permission`, `aws_lambda_function_url`.

use super::{Cx, Handler};
use crate::model::adapt::lambda::{self, PermissionKeys};
use crate::model::adapt::Variant;

pub(super) const KINDS: &[(&str, Handler)] = &[
    ("aws_lambda_permission", permission),
    ("aws_lambda_function_url", function_url),
];

const KEYS: PermissionKeys = PermissionKeys {
    action: "action",
    principal: "principal",
    conditions: [
        ("source_arn", "ArnLike", "AWS:SourceArn"),
        ("source_account", "StringEquals", "AWS:SourceAccount"),
        ("principal_org_id", "StringEquals", "aws:PrincipalOrgID"),
        (
            "function_url_auth_type",
            "StringEquals",
            "lambda:FunctionUrlAuthType",
        ),
    ],
};

fn permission(cx: &mut Cx, v: &Variant) {
    cx.m.lambda.permissions.push(lambda::permission(v, &KEYS));
}

fn function_url(cx: &mut Cx, v: &Variant) {
    cx.m.lambda
        .function_urls
        .push(lambda::function_url(v, "authorization_type"));
}
