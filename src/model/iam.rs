//! IAM: policy documents and where they are attached.

use super::{Meta, Val};
use crate::source::Range;

#[derive(Debug, Default)]
pub struct Iam {
    /// Identity-based policies (attached to users, groups or roles, or
    /// standalone managed policies). Trust and resource policies are not here.
    pub policies: Vec<IdentityPolicy>,
}

#[derive(Clone, Debug)]
pub struct IdentityPolicy {
    pub meta: Meta,
    pub document: PolicyDocument,
    /// The users, groups and roles it is attached to, as far as the module or
    /// template says (addresses, logical ids or literal names).
    pub attached_to: Vec<String>,
}

impl IdentityPolicy {
    /// `aws_iam_policy.p` or `aws_iam_policy.p (attached to aws_iam_role.r)`.
    pub fn describe(&self) -> String {
        if self.attached_to.is_empty() {
            self.meta.name()
        } else {
            format!(
                "{} (attached to {})",
                self.meta.name(),
                self.attached_to.join(", ")
            )
        }
    }
}

#[derive(Clone, Debug, Default)]
pub struct PolicyDocument {
    pub statements: Vec<Statement>,
}

#[derive(Clone, Debug)]
pub struct Statement {
    pub range: Range,
    /// `Allow` or `Deny`. In an `aws_iam_policy_document` statement the
    /// default is `Allow`; the JSON grammar requires it (unknown when absent).
    pub effect: Val<String>,
    pub actions: Vec<Val<String>>,
    /// Present when the statement uses `NotAction`: the range of its key.
    pub not_actions: Option<Range>,
    pub resources: Vec<Val<String>>,
    /// Principals as written: `*`, or the values under `AWS`, `Service`, ...
    /// (`{"AWS": "*"}` gives `*`).
    pub principals: Vec<Val<String>>,
    /// Whether the statement has a `Condition` (unknown when it cannot be told).
    pub has_condition: Val<bool>,
}

impl Statement {
    pub fn is_allow(&self) -> bool {
        self.effect
            .is_known_and(|e| e.eq_ignore_ascii_case("allow"))
    }
}
