//! Lambda: `AWS::Lambda::Permission`, `AWS::Lambda::Url`.

use super::{Cx, Handler};
use crate::model::adapt::{string_field, string_val, Variant};
use crate::model::iam::{Condition, Principal, Statement};
use crate::model::lambda::{FunctionUrl, Permission};
use crate::model::Val;

pub(super) const KINDS: &[(&str, Handler)] = &[
    ("AWS::Lambda::Permission", permission),
    ("AWS::Lambda::Url", function_url),
];

/// The condition each field of a permission adds to its statement.
const CONDITIONS: &[(&str, &str, &str)] = &[
    ("SourceArn", "ArnLike", "AWS:SourceArn"),
    ("SourceAccount", "StringEquals", "AWS:SourceAccount"),
    ("PrincipalOrgID", "StringEquals", "aws:PrincipalOrgID"),
    (
        "FunctionUrlAuthType",
        "StringEquals",
        "lambda:FunctionUrlAuthType",
    ),
];

fn permission(cx: &mut Cx, v: &Variant) {
    let (b, at) = (&v.body, v.res.range);
    let conditions = CONDITIONS
        .iter()
        .filter_map(|(key, operator, condition)| {
            b.field(key).map(|f| Condition {
                operator: operator.to_string(),
                key: condition.to_string(),
                values: vec![string_val(&f.value)],
                range: f.key_range,
            })
        })
        .collect();
    cx.m.lambda.permissions.push(Permission {
        meta: v.meta.clone(),
        statement: Statement {
            range: at,
            effect: Val::Known("Allow".into(), at),
            actions: vec![string_field(b, "Action").unwrap_or(Val::Unknown(at))],
            not_actions: None,
            resources: Vec::new(),
            principals: vec![Principal {
                kind: "*".into(),
                value: string_field(b, "Principal").unwrap_or(Val::Unknown(at)),
            }],
            not_principals: None,
            conditions: Val::Known(conditions, at),
        },
    });
}

fn function_url(cx: &mut Cx, v: &Variant) {
    cx.m.lambda.function_urls.push(FunctionUrl {
        meta: v.meta.clone(),
        auth_type: string_field(&v.body, "AuthType")
            .unwrap_or(Val::Unknown(v.res.range))
            .map(|t| t.to_ascii_uppercase()),
    });
}
