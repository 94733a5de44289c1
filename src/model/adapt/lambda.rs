//! Lambda permissions and function URLs, read the same way from both
//! formats: a permission becomes the policy statement Lambda writes for it.

use crate::model::adapt::{string_field, string_val, Variant};
use crate::model::iam::{Condition, Principal, Statement};
use crate::model::lambda::{FunctionUrl, Permission};
use crate::model::Val;

/// A format's names for a permission's fields.
pub(crate) struct PermissionKeys {
    pub action: &'static str,
    pub principal: &'static str,
    /// The condition each field adds to the statement: (field, operator,
    /// condition key).
    pub conditions: [(&'static str, &'static str, &'static str); 4],
}

pub(crate) fn permission(v: &Variant, keys: &PermissionKeys) -> Permission {
    let (b, at) = (&v.body, v.res.range);
    let conditions = keys
        .conditions
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
    Permission {
        meta: v.meta.clone(),
        statement: Statement {
            range: at,
            effect: Val::Known("Allow".into(), at),
            actions: vec![string_field(b, keys.action).unwrap_or(Val::Unknown(at))],
            not_actions: None,
            resources: Vec::new(),
            principals: vec![Principal {
                kind: "*".into(),
                value: string_field(b, keys.principal).unwrap_or(Val::Unknown(at)),
            }],
            not_principals: None,
            conditions: Val::Known(conditions, at),
        },
    }
}

/// A function URL; `auth_key` names its authorization type field.
pub(crate) fn function_url(v: &Variant, auth_key: &str) -> FunctionUrl {
    FunctionUrl {
        meta: v.meta.clone(),
        auth_type: string_field(&v.body, auth_key)
            .unwrap_or(Val::Unknown(v.res.range))
            .map(|t| t.to_ascii_uppercase()),
    }
}
