//! AWS-IAM-004 iam-user-has-policies: policies attached to IAM users
//! directly, rather than through a group or a role.

use crate::model::Model;
use crate::rules::Emitter;

pub(crate) fn check(model: &Model, e: &mut Emitter) {
    for p in &model.iam.user_policies {
        let name = p.meta.name();
        let message = match (p.meta.kind.as_str(), p.inline) {
            ("AWS::IAM::User", true) => {
                format!("IAM user {name} has inline policies (`Policies`)")
            }
            ("AWS::IAM::User", false) => {
                format!("IAM user {name} has managed policies attached (`ManagedPolicyArns`)")
            }
            (_, true) => format!("{name} embeds an inline policy in an IAM user"),
            (_, false) => format!("{name} attaches a policy directly to IAM users"),
        };
        e.report(&p.meta, p.at, message);
    }
}
