//! AWS-IAM-003 iam-oidc-trust-without-subject: role trust policies that let
//! GitHub Actions or GitLab CI/CD tokens assume the role without pinning the
//! `sub` claim to a repository owner (GitHub) or group (GitLab), so that a
//! pipeline in anyone's repository can assume it.

use crate::model::iam::{Condition, Statement};
use crate::model::{Model, Val};
use crate::rules::Emitter;
use crate::source::Range;

#[derive(Clone, Copy, PartialEq)]
enum Ci {
    GitHub,
    GitLab,
}

impl Ci {
    fn name(self) -> &'static str {
        match self {
            Ci::GitHub => "GitHub Actions",
            Ci::GitLab => "GitLab CI/CD",
        }
    }

    /// The issuer of an OIDC provider ARN or URL, when it is one of ours:
    /// `token.actions.githubusercontent.com` (or its per-enterprise
    /// `/<slug>` form), `gitlab.com` or a self-hosted `gitlab.<domain>`.
    fn of_issuer(issuer: &str) -> Option<Ci> {
        let issuer = issuer.to_ascii_lowercase();
        let host = issuer.split('/').next().unwrap_or_default();
        if host == "token.actions.githubusercontent.com" {
            Some(Ci::GitHub)
        } else if host == "gitlab.com" || host.starts_with("gitlab.") {
            Some(Ci::GitLab)
        } else {
            None
        }
    }
}

/// The issuer named by a `Federated` principal value
/// (`arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com`).
fn issuer_of(principal: &str) -> Option<&str> {
    principal
        .split_once(":oidc-provider/")
        .map(|(_, issuer)| issuer)
        .filter(|i| !i.is_empty())
}

/// GitHub claims that say nothing about whose repository ran the workflow:
/// any repository can set a custom subject that starts with them.
const UNPINNED_GITHUB_CLAIMS: &[&str] = &[
    "workflow",
    "environment",
    "ref",
    "context",
    "head_ref",
    "base_ref",
];

pub(crate) fn check(model: &Model, e: &mut Emitter) {
    for role in &model.iam.roles {
        for st in role.trust.iter().flat_map(|d| &d.statements) {
            if !st.is_allow() || st.grants("sts:AssumeRoleWithWebIdentity") != Some(true) {
                continue;
            }
            let Some(conditions) = st.conditions.known() else {
                continue;
            };
            let Some((ci, issuer, at)) = trusted_ci(st, conditions) else {
                continue;
            };
            let sub_key = format!("{issuer}:sub");
            let subs: Vec<&Condition> = conditions
                .iter()
                .filter(|c| c.key.eq_ignore_ascii_case(&sub_key) && requires_match(&c.operator))
                .collect();
            let mut unknown = false;
            let mut loose: Option<(&str, Range)> = None;
            let mut pinned = false;
            for c in &subs {
                match pins(ci, c) {
                    Pin::Yes => pinned = true,
                    Pin::Unknown => unknown = true,
                    Pin::No(v, r) => {
                        loose.get_or_insert((v, r));
                    }
                }
            }
            if pinned || unknown {
                continue;
            }
            let name = role.meta.name();
            let ci_name = ci.name();
            match loose {
                Some((value, range)) => e.report(
                    &role.meta,
                    range,
                    format!(
                        "role {name} trusts {ci_name} tokens whose `{sub_key}` matches `{value}`, which does not pin {}: a pipeline in another account's repository can assume it",
                        owner_word(ci)
                    ),
                ),
                None => e.report(
                    &role.meta,
                    at,
                    format!(
                        "role {name} trusts {ci_name} tokens (`{issuer}`) with no condition on `{sub_key}`: a pipeline in any repository can assume it"
                    ),
                ),
            }
        }
    }
}

fn owner_word(ci: Ci) -> &'static str {
    match ci {
        Ci::GitHub => "a repository owner",
        Ci::GitLab => "a group",
    }
}

/// The CI provider a statement trusts, its issuer as condition keys spell
/// it, and where to report a missing condition. A `Federated` principal
/// whose value is unknown is identified by the issuer of its condition keys.
fn trusted_ci<'a>(st: &'a Statement, conditions: &'a [Condition]) -> Option<(Ci, &'a str, Range)> {
    let federated = st
        .principals
        .iter()
        .filter(|p| p.kind.eq_ignore_ascii_case("federated"));
    let mut unknown_at = None;
    for p in federated {
        match p.value.known() {
            Some(v) => {
                if let Some(issuer) = issuer_of(v) {
                    if let Some(ci) = Ci::of_issuer(issuer) {
                        return Some((ci, issuer, p.value.range()));
                    }
                }
            }
            None => {
                unknown_at.get_or_insert(p.value.range());
            }
        }
    }
    let at = unknown_at?;
    conditions.iter().find_map(|c| {
        let (issuer, claim) = c.key.rsplit_once(':')?;
        let ci = Ci::of_issuer(issuer)?;
        matches!(claim, "aud" | "sub").then_some((ci, issuer, at))
    })
}

/// Operators under which a condition requires the claim to match its
/// values. Negated operators (`StringNotLike`) pin nothing.
fn requires_match(operator: &str) -> bool {
    let op = operator.to_ascii_lowercase();
    let op = op
        .strip_prefix("foranyvalue:")
        .or_else(|| op.strip_prefix("forallvalues:"))
        .unwrap_or(&op);
    let op = op.strip_suffix("ifexists").unwrap_or(op);
    matches!(op, "stringequals" | "stringequalsignorecase" | "stringlike")
}

enum Pin<'a> {
    Yes,
    No(&'a str, Range),
    Unknown,
}

/// Whether every value of a `sub` condition pins a repository owner
/// (GitHub) or a group (GitLab). The values are alternatives, so one loose
/// value is enough to let anyone in.
fn pins(ci: Ci, c: &Condition) -> Pin<'_> {
    let like = c.operator.to_ascii_lowercase().contains("like");
    let mut unknown = false;
    for v in &c.values {
        match v {
            Val::Known(s, r) | Val::Default(s, r) => {
                if !value_pins(ci, s, like) {
                    return Pin::No(s, *r);
                }
            }
            Val::Unknown(_) => unknown = true,
        }
    }
    if unknown || c.values.is_empty() {
        Pin::Unknown
    } else {
        Pin::Yes
    }
}

/// `repo:octo-org/octo-repo:ref:refs/heads/main` and `repo:octo-org/*` pin
/// the owner; `*`, `repo:*`, `repo:octo*` and `environment:prod` do not.
/// GitLab's `project_path:group/project:...` likewise pins the group.
fn value_pins(ci: Ci, value: &str, like: bool) -> bool {
    let wild = |s: &str| like && (s.contains('*') || s.contains('?'));
    let (claim, rest) = match value.split_once(':') {
        Some(split) => split,
        None => return !wild(value),
    };
    if wild(claim) {
        return false;
    }
    let claim = claim.to_ascii_lowercase();
    match ci {
        Ci::GitHub if UNPINNED_GITHUB_CLAIMS.iter().any(|c| claim.starts_with(c)) => false,
        Ci::GitHub if claim == "repo" => owner_pinned(rest, like),
        Ci::GitLab if claim == "project_path" => owner_pinned(rest, like),
        _ => true,
    }
}

/// `owner/repo...`: the owner is fixed (the part before the first `/`).
fn owner_pinned(rest: &str, like: bool) -> bool {
    if !like {
        return true;
    }
    match rest.split_once('/') {
        Some((owner, _)) => !owner.is_empty() && !owner.contains('*') && !owner.contains('?'),
        None => !rest.contains('*') && !rest.contains('?'),
    }
}

#[cfg(test)]
mod tests {
    use super::{value_pins, Ci};

    #[test]
    fn subjects_pin_an_owner_or_not() {
        for v in [
            "repo:octo-org/octo-repo:ref:refs/heads/main",
            "repo:octo-org/*",
            "repo:octo-org/octo-repo:*",
            "repository_owner_id:123456:environment:prod",
        ] {
            assert!(value_pins(Ci::GitHub, v, true), "{v}");
        }
        for v in [
            "*",
            "repo:*",
            "repo:*/octo-repo:*",
            "repo:octo*",
            "environment:prod",
            "workflow:deploy",
            "ref:refs/heads/main",
            "*:ref:refs/heads/main",
        ] {
            assert!(!value_pins(Ci::GitHub, v, true), "{v}");
        }
        // Under StringEquals a `*` is a literal character.
        assert!(value_pins(Ci::GitHub, "repo:*", false));
        assert!(value_pins(Ci::GitLab, "project_path:group/*", true));
        assert!(!value_pins(Ci::GitLab, "project_path:*", true));
    }
}
