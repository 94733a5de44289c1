//! Suppressions as written: the directives of comments and of
//! CloudFormation `Metadata`, before they are resolved against the rules.

use crate::finding::SuppressionKind;
use crate::parse::{Node, NodeKind};
use crate::source::Span;

/// Where a directive points, relative to its comment.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Placement {
    /// Palisade, tfsec, Trivy: the next block, attribute or line (own line),
    /// or what starts on the comment's line (end of line).
    Standard,
    /// Checkov: the enclosing top-level block or resource, else `Standard`.
    Enclosing,
    /// KICS `ignore-line`: the next line.
    NextLine,
    /// KICS `ignore-block`: the next block, else the next line.
    NextBlock,
}

/// Which rules a directive names.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum Names {
    /// Palisade rule ids or names, as written.
    Rules(Vec<String>),
    /// Another scanner's ids.
    Ids(Vec<String>),
    /// Every rule.
    All,
}

/// One suppression as written, before it is resolved.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Directive {
    pub(super) kind: SuppressionKind,
    pub(super) names: Names,
    pub(super) reason: Option<String>,
    /// As written, when given.
    pub(super) expires: Option<String>,
    pub(super) placement: Placement,
    /// A problem found while parsing (Palisade syntax only).
    pub(super) problem: Option<String>,
}

/// The text of a comment without its markers.
fn comment_body(text: &str) -> &str {
    let t = text.trim();
    if let Some(rest) = t.strip_prefix("/*") {
        rest.strip_suffix("*/").unwrap_or(rest)
    } else if let Some(rest) = t.strip_prefix("//") {
        rest
    } else {
        t.trim_start_matches('#')
    }
}

pub(super) fn strip_prefix_ci<'a>(token: &'a str, prefix: &str) -> Option<&'a str> {
    let head = token.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| &token[prefix.len()..])
}

const PALISADE: &str = "palisade:ignore";
const TFSEC: &str = "tfsec:ignore:";
const TRIVY: &str = "trivy:ignore:";
const CHECKOV: [&str; 2] = ["checkov:skip=", "bridgecrew:skip="];
pub(super) const KICS: &str = "kics-scan";

fn starts_directive(token: &str) -> bool {
    [PALISADE, TFSEC, TRIVY, KICS]
        .iter()
        .chain(CHECKOV.iter())
        .any(|p| strip_prefix_ci(token, p).is_some())
}

/// The directives of one comment (a comment may hold several, as in
/// `#tfsec:ignore:a tfsec:ignore:b`).
pub(super) fn parse_comment(text: &str) -> Vec<Directive> {
    let body = comment_body(text);
    let tokens: Vec<&str> = body.split_whitespace().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        let token = tokens[i];
        i += 1;
        if let Some(rest) = strip_prefix_ci(token, PALISADE) {
            let (d, next) = palisade_comment(rest, &tokens, i);
            out.extend(d);
            i = next;
        } else if let Some((kind, rest)) = strip_prefix_ci(token, TFSEC)
            .map(|r| (SuppressionKind::Tfsec, r))
            .or_else(|| strip_prefix_ci(token, TRIVY).map(|r| (SuppressionKind::Trivy, r)))
        {
            out.extend(aqua_directive(kind, rest));
        } else if let Some(rest) = CHECKOV.iter().find_map(|p| strip_prefix_ci(token, p)) {
            let (id, reason) = match rest.split_once(':') {
                Some((id, r)) => (id, r.to_string()),
                None => (rest, String::new()),
            };
            let mut reason = vec![reason];
            while i < tokens.len() && !starts_directive(tokens[i]) {
                reason.push(tokens[i].to_string());
                i += 1;
            }
            if !id.is_empty() {
                out.push(Directive {
                    kind: SuppressionKind::Checkov,
                    names: Names::Ids(vec![id.to_string()]),
                    reason: nonempty(&reason.join(" ")),
                    expires: None,
                    placement: Placement::Enclosing,
                    problem: None,
                });
            }
        } else if token.eq_ignore_ascii_case(KICS) && i < tokens.len() {
            let placement = match tokens[i].to_ascii_lowercase().as_str() {
                "ignore-line" => Some(Placement::NextLine),
                "ignore-block" => Some(Placement::NextBlock),
                _ => None,
            };
            if let Some(placement) = placement {
                i += 1;
                out.push(Directive {
                    kind: SuppressionKind::Kics,
                    names: Names::All,
                    reason: None,
                    expires: None,
                    placement,
                    problem: None,
                });
            }
        }
    }
    out
}

/// `palisade:ignore` followed by `rest` (`:RULE,RULE...`), then reason
/// words and an optional `exp:DATE` up to the next directive.
fn palisade_comment(rest: &str, tokens: &[&str], mut i: usize) -> (Option<Directive>, usize) {
    let mut list = rest.strip_prefix(':').unwrap_or(rest).to_string();
    let mut problem = None;
    if !rest.is_empty() && !rest.starts_with(':') {
        // `palisade:ignored...`: not ours.
        return (None, i);
    }
    // `RULE, RULE` with spaces after the commas.
    while list.ends_with(',') && i < tokens.len() && !starts_directive(tokens[i]) {
        list.push_str(tokens[i]);
        i += 1;
    }
    let mut expires = None;
    // Trivy-style `RULE:exp:DATE` attached to the list.
    if let Some(at) = list.to_ascii_lowercase().find(":exp:") {
        expires = Some(list[at + 5..].to_string());
        list.truncate(at);
    }
    let mut reason = Vec::new();
    while i < tokens.len() && !starts_directive(tokens[i]) {
        match strip_prefix_ci(tokens[i], "exp:") {
            Some(date) if expires.is_none() => expires = Some(date.to_string()),
            _ => reason.push(tokens[i]),
        }
        i += 1;
    }
    let rules: Vec<String> = list
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(String::from)
        .collect();
    if rules.is_empty() {
        problem = Some(
            "suppression names no rule: write `palisade:ignore:RULE reason` with a rule id or name"
                .to_string(),
        );
    }
    let d = Directive {
        kind: SuppressionKind::Palisade,
        names: Names::Rules(rules),
        reason: nonempty(&reason.join(" ")),
        expires,
        placement: Placement::Standard,
        problem,
    };
    (Some(d), i)
}

/// tfsec and Trivy: `ID[,ID...][:exp:DATE]`; `*` is every rule. An id
/// with Trivy's `[attr=value]` filter is not honoured (we cannot evaluate
/// the filter, and silencing more than asked is worse than less).
fn aqua_directive(kind: SuppressionKind, rest: &str) -> Option<Directive> {
    let (ids, expires) = match rest.to_ascii_lowercase().find(":exp:") {
        Some(at) => (&rest[..at], Some(rest[at + 5..].to_string())),
        None => (rest, None),
    };
    if ids.contains('[') {
        return None;
    }
    let ids: Vec<String> = ids
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(String::from)
        .collect();
    if ids.is_empty() {
        return None;
    }
    let names = if ids.iter().any(|i| i == "*") {
        Names::All
    } else {
        Names::Ids(ids)
    };
    Some(Directive {
        kind,
        names,
        reason: None,
        expires,
        placement: Placement::Standard,
        problem: None,
    })
}

/// Whether a reason only holds a place for one: it starts with `TODO`,
/// `FIXME`, `TBD`, `XXX` (as a word, any case) or `...`, whatever follows
/// (`TODO: say why`).
pub fn is_placeholder(reason: &str) -> bool {
    let reason = reason.trim_start();
    if reason.starts_with("...") || reason.starts_with('…') {
        return true;
    }
    let word_end = reason
        .find(|c: char| !c.is_alphanumeric())
        .unwrap_or(reason.len());
    ["TODO", "FIXME", "TBD", "XXX"]
        .iter()
        .any(|p| reason[..word_end].eq_ignore_ascii_case(p))
}

pub(super) fn nonempty(s: &str) -> Option<String> {
    let s = s.trim();
    s.chars().any(char::is_alphanumeric).then(|| s.to_string())
}

/// The suppressions of a resource's `Metadata`, each with the span of its
/// entry.
pub(super) fn parse_metadata(md: &Node) -> Vec<(Directive, Span)> {
    let mut out = Vec::new();
    let text = |n: &Node, key: &str| -> Option<String> {
        let v = n.get(key)?;
        match &v.kind {
            NodeKind::String(s) | NodeKind::Number(s) => Some(s.clone()),
            NodeKind::Bool(b) => Some(b.to_string()),
            _ => None,
        }
    };
    for item in items(md.get("palisade").and_then(|p| p.get("ignore"))) {
        let (rules, reason, expires, mut problem) = match &item.kind {
            NodeKind::String(s) => (s.clone(), None, None, None),
            NodeKind::Map(_) => {
                let rules = match item.get("rule").map(|r| &r.kind) {
                    Some(NodeKind::Seq(rs)) => rs
                        .iter()
                        .filter_map(|r| r.as_str())
                        .collect::<Vec<_>>()
                        .join(","),
                    _ => text(&item, "rule").unwrap_or_default(),
                };
                (
                    rules,
                    text(&item, "reason").as_deref().and_then(nonempty),
                    text(&item, "expires"),
                    None,
                )
            }
            _ => (
                String::new(),
                None,
                None,
                Some("a `palisade: ignore:` entry must be a map with `rule` and `reason`".into()),
            ),
        };
        let rules: Vec<String> = rules
            .split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(String::from)
            .collect();
        if rules.is_empty() && problem.is_none() {
            problem = Some("a `palisade: ignore:` entry has no `rule`".into());
        }
        out.push((
            Directive {
                kind: SuppressionKind::Palisade,
                names: Names::Rules(rules),
                reason,
                expires,
                placement: Placement::Standard,
                problem,
            },
            item.span,
        ));
    }
    let foreign = [
        (
            SuppressionKind::CfnNag,
            "cfn_nag",
            "rules_to_suppress",
            "reason",
        ),
        (SuppressionKind::Checkov, "checkov", "skip", "comment"),
    ];
    for (kind, tool, list, why) in foreign {
        for item in items(md.get(tool).and_then(|t| t.get(list))) {
            let Some(id) = text(&item, "id") else {
                continue;
            };
            out.push((
                Directive {
                    kind,
                    names: Names::Ids(vec![id]),
                    reason: text(&item, why).as_deref().and_then(nonempty),
                    expires: None,
                    placement: Placement::Standard,
                    problem: None,
                },
                item.span,
            ));
        }
    }
    let guard = items(md.get("guard").and_then(|g| g.get("SuppressedRules")));
    out.extend(foreign_names(SuppressionKind::CfnGuard, guard));
    out.extend(cfn_lint_ignores(md));
    out
}

/// cfn-lint's `cfn-lint: config: ignore_checks:` of a resource's or the
/// template's `Metadata`.
pub(super) fn cfn_lint_ignores(md: &Node) -> Vec<(Directive, Span)> {
    let checks = md
        .get("cfn-lint")
        .and_then(|c| c.get("config"))
        .and_then(|c| c.get("ignore_checks"));
    foreign_names(SuppressionKind::CfnLint, items(checks))
}

/// A directive per id of a list of plain ids (`[W3005, W1001]`), each at its
/// item.
fn foreign_names(kind: SuppressionKind, list: Vec<Node>) -> Vec<(Directive, Span)> {
    list.iter()
        .filter_map(|item| {
            let id = item.as_str()?.trim();
            (!id.is_empty()).then(|| {
                let d = Directive {
                    kind,
                    names: Names::Ids(vec![id.to_string()]),
                    reason: None,
                    expires: None,
                    placement: Placement::Standard,
                    problem: None,
                };
                (d, item.span)
            })
        })
        .collect()
}

/// The items of a list, or the one value written where a list was expected.
fn items(n: Option<&Node>) -> Vec<Node> {
    match n {
        Some(n) => match &n.kind {
            NodeKind::Seq(items) => items.clone(),
            NodeKind::Null => Vec::new(),
            _ => vec![n.clone()],
        },
        None => Vec::new(),
    }
}
