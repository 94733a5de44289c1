//! Lambda: `AWS::Lambda::Permission`, `AWS::Lambda::Url`.

use super::{Cx, Handler};
use crate::model::adapt::lambda::{self, PermissionKeys};
use crate::model::adapt::Variant;

pub(super) const KINDS: &[(&str, Handler)] = &[
    ("AWS::Lambda::Permission", permission),
    ("AWS::Lambda::Url", function_url),
];

const KEYS: PermissionKeys = PermissionKeys {
    action: "Action",
    principal: "Principal",
    conditions: [
        ("SourceArn", "ArnLike", "AWS:SourceArn"),
        ("SourceAccount", "StringEquals", "AWS:SourceAccount"),
        ("PrincipalOrgID", "StringEquals", "aws:PrincipalOrgID"),
        (
            "FunctionUrlAuthType",
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
        .push(lambda::function_url(v, "AuthType"));
}
