//! IAM: policy documents and where they are attached.

use super::{Meta, Val};
use crate::source::Range;

#[derive(Debug, Default)]
pub struct Iam {
    /// Identity-based policies (attached to users, groups or roles, or
    /// standalone managed policies). Trust and resource policies are not here.
    pub policies: Vec<IdentityPolicy>,
    /// Roles with their trust policies.
    pub roles: Vec<Role>,
    /// Policies granted to IAM users directly rather than through a group
    /// or a role.
    pub user_policies: Vec<UserPolicy>,
}

merge_lists!(Iam {
    policies,
    roles,
    user_policies
});

/// A policy attached directly to IAM users, by the resource that attaches
/// it: `aws_iam_user_policy` (`user`), `aws_iam_user_policy_attachment`
/// (`user`), `aws_iam_policy_attachment` (`users`); `AWS::IAM::User`
/// (`Policies`, `ManagedPolicyArns`), `AWS::IAM::Policy` and
/// `AWS::IAM::ManagedPolicy` (`Users`).
#[derive(Clone, Debug)]
pub struct UserPolicy {
    pub meta: Meta,
    /// The attribute or key that names the users or the policies.
    pub at: Range,
    /// An inline policy (embedded in the user) rather than a managed one.
    pub inline: bool,
}

/// An IAM role: `aws_iam_role`, `AWS::IAM::Role`.
#[derive(Clone, Debug)]
pub struct Role {
    pub meta: Meta,
    /// The trust policy: `assume_role_policy` / `AssumeRolePolicyDocument`
    /// (a JSON string, a structure, or an `aws_iam_policy_document` data
    /// source, whose configurations each give one document). Empty when it
    /// cannot be read.
    pub trust: Vec<PolicyDocument>,
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
            // Quoted as the policy's own name is: logical ids and literal
            // names of a template.
            let cfn = self.meta.kind.contains("::");
            let names: Vec<String> = self
                .attached_to
                .iter()
                .map(|a| if cfn { format!("`{a}`") } else { a.clone() })
                .collect();
            format!("{} (attached to {})", self.meta.name(), names.join(", "))
        }
    }
}

#[derive(Clone, Debug, Default)]
pub struct PolicyDocument {
    pub statements: Vec<Statement>,
    /// An `aws_iam_policy_document` that merges other documents into its
    /// own statements (`source_policy_documents`,
    /// `override_policy_documents`, `source_json`, `override_json`): those
    /// statements are not in `statements`, so what the document lacks
    /// cannot be told.
    pub merges_others: bool,
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
    /// Principals as written: `"*"`, or each value under `AWS`, `Service`,
    /// `Federated`, `CanonicalUser` (`{"AWS": "*"}` gives `*` of type `AWS`).
    pub principals: Vec<Principal>,
    /// Present when the statement uses `NotPrincipal`: the range of its key.
    pub not_principals: Option<Range>,
    /// The `Condition` block, one entry per operator and key; unknown when
    /// its shape cannot be told.
    pub conditions: Val<Vec<Condition>>,
}

#[derive(Clone, Debug)]
pub struct Principal {
    /// `*` for a bare `"*"`, otherwise the type: `AWS`, `Service`,
    /// `Federated`, `CanonicalUser`.
    pub kind: String,
    pub value: Val<String>,
}

/// One condition: an operator, a key, and the values it is compared with
/// (`"StringEquals": {"aws:SourceVpce": ["vpce-1a2b"]}`).
#[derive(Clone, Debug)]
pub struct Condition {
    /// As written, with any `ForAnyValue:`/`ForAllValues:` prefix and
    /// `IfExists` suffix.
    pub operator: String,
    pub key: String,
    pub values: Vec<Val<String>>,
    /// The operator entry (JSON) or the `condition` block (HCL).
    pub range: Range,
}

/// Condition keys whose fixed values make a statement with a wildcard
/// principal non-public, as S3 Block Public Access defines it ("The meaning
/// of public", Amazon S3 User Guide), lower-cased. The `aws:Principal*` keys
/// pin the principal itself.
const RESTRICTING_KEYS: &[&str] = &[
    "aws:sourceip",
    "aws:sourcearn",
    "aws:sourcevpc",
    "aws:sourcevpce",
    "aws:sourceowner",
    "aws:sourceaccount",
    "aws:userid",
    "s3:x-amz-server-side-encryption-aws-kms-key-id",
    "s3:dataaccesspointarn",
    "s3:dataaccesspointaccount",
    "aws:principalarn",
    "aws:principalaccount",
    "aws:principalorgid",
];

/// Operators that require the key to match the listed values (without a
/// wildcard in the value, `StringLike` and `ArnLike` compare exactly).
const RESTRICTING_OPERATORS: &[&str] = &[
    "stringequals",
    "stringequalsignorecase",
    "stringlike",
    "arnequals",
    "arnlike",
];

impl Condition {
    /// Whether this condition limits the statement to fixed values of a key
    /// S3 accepts as restricting: `Some(true)` when it does, `Some(false)`
    /// when it does not (another key, a negated or `IfExists` operator, a
    /// wildcard, a policy variable, a world CIDR), `None` when a value it
    /// depends on is unknown.
    pub fn restricts(&self) -> Option<bool> {
        self.restricts_with(&[])
    }

    /// [`Condition::restricts`], with more keys that pin the caller for one
    /// service (`kms:calleraccount` for key policies), lower-cased.
    pub fn restricts_with(&self, extra_keys: &[&str]) -> Option<bool> {
        let key = self.key.to_ascii_lowercase();
        if !RESTRICTING_KEYS.contains(&key.as_str()) && !extra_keys.contains(&key.as_str()) {
            return Some(false);
        }
        let op = self.operator.to_ascii_lowercase();
        // `ForAllValues:` is true when the key has no value at all, and
        // `...IfExists` when the key is absent: neither pins a value.
        if op.starts_with("forallvalues:") || op.ends_with("ifexists") {
            return Some(false);
        }
        let op = op.strip_prefix("foranyvalue:").unwrap_or(&op);
        let ip = key == "aws:sourceip";
        let restricting_op = if ip {
            op == "ipaddress"
        } else {
            RESTRICTING_OPERATORS.contains(&op)
        };
        if !restricting_op || self.values.is_empty() {
            return Some(false);
        }
        let mut unknown = false;
        for v in &self.values {
            match v.known() {
                None => unknown = true,
                Some(v) => {
                    let fixed = if ip {
                        crate::net::parse_cidr(v).is_some_and(|n| n.prefix_len() > 0)
                    } else {
                        !v.contains('*') && !v.contains('?') && !v.contains("${") && !v.is_empty()
                    };
                    if !fixed {
                        return Some(false);
                    }
                }
            }
        }
        if unknown {
            None
        } else {
            Some(true)
        }
    }
}

/// Whether a statement grants access to everyone.
#[derive(Clone, Debug, PartialEq)]
pub enum Exposure {
    /// Everyone, through this principal value (or the `NotPrincipal` key);
    /// with the keys of the conditions that do not restrict it.
    Public {
        at: Range,
        unrestricted: Vec<String>,
    },
    NotPublic,
    /// An unknown value decides.
    Unknown,
}

impl Statement {
    pub fn is_allow(&self) -> bool {
        self.effect
            .is_known_and(|e| e.eq_ignore_ascii_case("allow"))
    }

    /// Whether this statement makes a resource policy public, by S3's own
    /// definition: an `Allow` to the wildcard principal (`"*"`, `{"AWS":
    /// "*"}`) or with `NotPrincipal`, unless a condition limits it to fixed
    /// values of a restricting key (see [`Condition::restricts`]).
    pub fn exposure(&self) -> Exposure {
        self.exposure_with(&[])
    }

    /// [`Statement::exposure`], with more condition keys that restrict the
    /// caller (see [`Condition::restricts_with`]).
    pub fn exposure_with(&self, extra_keys: &[&str]) -> Exposure {
        if !self.is_allow() {
            return if self.effect.known().is_some() {
                Exposure::NotPublic
            } else {
                Exposure::Unknown
            };
        }
        let wildcard = self.principals.iter().find(|p| {
            (p.kind == "*" || p.kind.eq_ignore_ascii_case("aws"))
                && p.value.is_known_and(|v| v == "*")
        });
        let at = match (wildcard, self.not_principals) {
            (Some(p), _) => p.value.range(),
            (None, Some(at)) => at,
            (None, None) => {
                return if self.principals.iter().any(|p| p.value.known().is_none()) {
                    Exposure::Unknown
                } else {
                    Exposure::NotPublic
                };
            }
        };
        let Some(conditions) = self.conditions.known() else {
            return Exposure::Unknown;
        };
        let mut unknown = false;
        for c in conditions {
            match c.restricts_with(extra_keys) {
                Some(true) => return Exposure::NotPublic,
                Some(false) => {}
                None => unknown = true,
            }
        }
        if unknown {
            return Exposure::Unknown;
        }
        Exposure::Public {
            at,
            unrestricted: conditions.iter().map(|c| c.key.clone()).collect(),
        }
    }
}

impl Statement {
    /// Whether the statement's `Action` list covers `action` (as IAM matches
    /// it: case-insensitively, with `*` and `?` wildcards in the pattern):
    /// `Some(true)` when a known entry matches, `None` when an unknown entry
    /// or `NotAction` (whose list is not kept) leaves it open, `Some(false)`
    /// otherwise.
    pub fn grants(&self, action: &str) -> Option<bool> {
        if self.not_actions.is_some() {
            return None;
        }
        let mut unknown = false;
        for a in &self.actions {
            match a.known() {
                Some(p) if action_matches(p, action) => return Some(true),
                Some(_) => {}
                None => unknown = true,
            }
        }
        (!unknown).then_some(false)
    }
}

/// Whether an IAM action pattern (`sts:Assume*`, `*`) matches an action
/// name, case-insensitively.
pub fn action_matches(pattern: &str, action: &str) -> bool {
    let p: Vec<char> = pattern.to_ascii_lowercase().chars().collect();
    let a: Vec<char> = action.to_ascii_lowercase().chars().collect();
    // Iterative wildcard matching with backtracking to the last `*`.
    let (mut i, mut j) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while j < a.len() {
        if i < p.len() && (p[i] == '?' || p[i] == a[j]) {
            i += 1;
            j += 1;
        } else if i < p.len() && p[i] == '*' {
            star = Some((i, j));
            i += 1;
        } else if let Some((si, sj)) = star {
            i = si + 1;
            j = sj + 1;
            star = Some((si, sj + 1));
        } else {
            return false;
        }
    }
    p[i..].iter().all(|&c| c == '*')
}

impl Statement {
    /// Whether this statement denies every request that does not use TLS:
    /// a `Deny` to the wildcard principal of every S3 action (`s3:*` or
    /// `*`), on the objects (a resource with a wildcard), when
    /// `aws:SecureTransport` is `false` (`Bool` or `BoolIfExists`). Other
    /// conditions only narrow it, and it is still counted. `None` when an
    /// unknown value decides.
    ///
    /// A `Deny` when `s3:TlsVersion` is below a version does not count: a
    /// plain HTTP request has no TLS version, and a condition on a key the
    /// request lacks is false, so such a statement lets HTTP through.
    pub fn denies_insecure_transport(&self) -> Option<bool> {
        let effect = self.effect.known()?;
        if !effect.eq_ignore_ascii_case("deny") {
            return Some(false);
        }
        let conditions = self.conditions.known()?;
        let transport = any_of(conditions.iter().map(|c| {
            let op = c.operator.to_ascii_lowercase();
            if !c.key.eq_ignore_ascii_case("aws:securetransport")
                || !(op == "bool" || op == "boolifexists")
            {
                return Some(false);
            }
            any_of(
                c.values
                    .iter()
                    .map(|v| v.known().map(|v| v.eq_ignore_ascii_case("false"))),
            )
        }));
        if transport != Some(true) {
            return transport;
        }
        if self.not_principals.is_some() {
            return Some(false);
        }
        let everyone = any_of(self.principals.iter().map(|p| {
            if p.kind == "*" || p.kind.eq_ignore_ascii_case("aws") {
                p.value.known().map(|v| v == "*")
            } else {
                Some(false)
            }
        }));
        if everyone != Some(true) {
            return everyone;
        }
        if self.not_actions.is_some() {
            return None;
        }
        let all_actions = any_of(self.actions.iter().map(|a| {
            a.known()
                .map(|a| a == "*" || a.eq_ignore_ascii_case("s3:*"))
        }));
        if all_actions != Some(true) {
            return all_actions;
        }
        // Resources are usually computed (`"${aws_s3_bucket.b.arn}/*"`);
        // only a list of known ARNs without a wildcard misses the objects.
        any_of(
            self.resources
                .iter()
                .map(|r| r.known().map(|r| r.contains('*'))),
        )
    }
}

impl PolicyDocument {
    /// Whether a statement allows an AWS service principal
    /// (`logging.s3.amazonaws.com`), compared case-insensitively: `None`
    /// when an unknown effect or principal leaves it open.
    pub fn allows_service(&self, service: &str) -> Option<bool> {
        any_of(self.statements.iter().map(|st| {
            let names = any_of(st.principals.iter().map(|p| {
                if !p.kind.eq_ignore_ascii_case("service") {
                    return Some(false);
                }
                p.value.known().map(|v| v.eq_ignore_ascii_case(service))
            }));
            match (st.effect.known(), names) {
                (_, Some(false)) => Some(false),
                (Some(e), names) if e.eq_ignore_ascii_case("allow") => names,
                (Some(_), _) => Some(false),
                (None, _) => None,
            }
        }))
    }
}

/// `Some(true)` when one item is `Some(true)`; otherwise `None` when one
/// is unknown; otherwise `Some(false)` (also for no items).
fn any_of(items: impl Iterator<Item = Option<bool>>) -> Option<bool> {
    let mut unknown = false;
    for item in items {
        match item {
            Some(true) => return Some(true),
            None => unknown = true,
            Some(false) => {}
        }
    }
    if unknown {
        None
    } else {
        Some(false)
    }
}

#[cfg(test)]
mod tests {
    use super::action_matches;

    #[test]
    fn action_patterns_match_like_iam() {
        assert!(action_matches("sts:AssumeRole", "sts:assumerole"));
        assert!(action_matches("*", "sts:AssumeRole"));
        assert!(action_matches("sts:*", "sts:AssumeRole"));
        assert!(action_matches("sts:Assume*", "sts:AssumeRole"));
        assert!(action_matches("sts:Assume?ole", "sts:AssumeRole"));
        assert!(action_matches("iam:*Role", "iam:PassRole"));
        assert!(!action_matches("sts:AssumeRoleWith*", "sts:AssumeRole"));
        assert!(!action_matches("sts:TagSession", "sts:AssumeRole"));
        assert!(!action_matches("sts:AssumeRole", "sts:AssumeRoleWithSAML"));
    }
}
