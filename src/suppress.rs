//! Suppressions: comments and CloudFormation metadata that silence findings.
//!
//! Palisade's own syntax, in a Terraform (`#`, `//`, `/* */`) or YAML (`#`)
//! comment:
//!
//! ```text
//! # palisade:ignore:RULE[,RULE...] [exp:YYYY-MM-DD] reason text
//! ```
//!
//! `RULE` is a rule id or name, case-insensitive. A reason is required unless
//! [`SuppressOptions::require_reason`] is off. Placement decides what a
//! comment covers:
//!
//! * on its own line(s), directly before a block, an attribute or a YAML key
//!   (other comment lines may come between, a blank line may not): every
//!   finding that starts inside the largest block, attribute or mapping entry
//!   that starts on the next line, or else on that line;
//! * at the end of a line: the largest block, attribute or mapping entry that
//!   starts on that line, or else findings that start on that line.
//!
//! In CloudFormation, `Metadata: { palisade: { ignore: [ { rule, reason,
//! expires } ] } }` covers the whole resource.
//!
//! Other scanners' suppressions are honoured for the equivalent rules (the
//! `equivalents` of a rule's front matter) unless
//! [`SuppressOptions::foreign`] is off: `tfsec:ignore:LONG-ID`,
//! `trivy:ignore:AVD-ID` (both with an optional `:exp:YYYY-MM-DD`),
//! `checkov:skip=CKV_ID[:reason]` (also anywhere inside a top-level block or
//! resource, where Checkov reads it), `kics-scan ignore-line` (everything on
//! the next line) and `kics-scan ignore-block` (everything in the next
//! block), and CloudFormation `Metadata` for `cfn_nag` (`rules_to_suppress`),
//! `checkov` (`skip`), CloudFormation Guard (`guard: SuppressedRules`) and
//! cfn-lint (`cfn-lint: config: ignore_checks`, on a resource or, covering the
//! whole template, in the template's own `Metadata`; an id matches every
//! cfn-lint rule it is a prefix of, as in cfn-lint).
//!
//! Problems are findings of pseudo-rules ([`rules::meta_rules`]), at the
//! comment or the metadata entry: [`UNUSED`] (a Palisade suppression that
//! matched nothing), [`INVALID`] (no reason, unknown rule, bad date) and
//! [`EXPIRED`].

use std::collections::HashMap;
use std::time::{SystemTime, UNIX_EPOCH};

use crate::finding::{Finding, SuppressedFinding, SuppressionInfo, SuppressionKind, TrailRole};
use crate::parse::hcl_ast::{Block, Body};
use crate::parse::{Node, NodeKind};
use crate::rules::{self, RuleMeta};
use crate::source::{FileId, Range, SourceMap, Span};

mod directive;

use directive::{
    is_placeholder, parse_comment, parse_metadata, strip_prefix_ci, Directive, Names, Placement,
    KICS,
};

/// Pseudo-rule: a Palisade suppression that matched no finding.
pub const UNUSED: &str = "PAL-001";
/// Pseudo-rule: a suppression that cannot be applied as written.
pub const INVALID: &str = "PAL-002";
/// Pseudo-rule: a suppression past its expiry date.
pub const EXPIRED: &str = "PAL-003";

/// A calendar date: year, month (1-12), day (1-31).
pub type Date = (i32, u32, u32);

/// How suppressions are applied.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SuppressOptions {
    /// Honour suppressions at all (off: every finding is reported, no
    /// suppression is checked).
    pub enabled: bool,
    /// Honour other scanners' syntaxes (tfsec, Trivy, Checkov, KICS, cfn_nag,
    /// cfn-guard, cfn-lint).
    pub foreign: bool,
    /// A Palisade suppression without a reason is not applied, and reported.
    pub require_reason: bool,
    /// The date expiry is compared with; `None`: today's UTC date.
    pub today: Option<Date>,
}

impl Default for SuppressOptions {
    fn default() -> SuppressOptions {
        SuppressOptions {
            enabled: true,
            foreign: true,
            require_reason: true,
            today: None,
        }
    }
}

pub use crate::parse::Comment;

/// Something a comment can be placed before: an HCL block or attribute, a
/// YAML or JSON mapping entry (key start to value end), or a mapping in a
/// sequence.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Region {
    pub span: Span,
    /// For a top-level Terraform block or a CloudFormation resource: its
    /// address (`aws_s3_bucket.logs`) or logical id.
    pub top: Option<String>,
}

/// A CloudFormation resource, for `Metadata` suppressions.
#[derive(Clone, Debug, PartialEq)]
pub struct CfnResource {
    pub logical_id: String,
    pub id_span: Span,
    /// The whole entry, logical id to the end of its value.
    pub span: Span,
    pub metadata: Option<Node>,
}

/// What suppression needs to know about one reported file.
#[derive(Clone, Debug, PartialEq)]
pub struct FileSyntax {
    pub file: FileId,
    pub comments: Vec<Comment>,
    pub regions: Vec<Region>,
    pub resources: Vec<CfnResource>,
    /// A template's own `Metadata`, for cfn-lint's template-wide
    /// `ignore_checks`.
    pub template_metadata: Option<Node>,
}

impl FileSyntax {
    /// A Terraform file: its comments, and every block and attribute.
    pub fn hcl(file: FileId, body: &Body, comments: Vec<Comment>) -> FileSyntax {
        let comments = directive_comments(comments);
        let mut regions = Vec::new();
        if comments.is_empty() {
            return FileSyntax {
                file,
                comments,
                regions,
                resources: Vec::new(),
                template_metadata: None,
            };
        }
        for b in &body.blocks {
            regions.push(Region {
                span: b.span,
                top: Some(address(b)),
            });
            hcl_regions(&b.body, &mut regions);
        }
        for a in &body.attributes {
            regions.push(Region {
                span: a.span,
                top: None,
            });
        }
        FileSyntax {
            file,
            comments,
            regions,
            resources: Vec::new(),
            template_metadata: None,
        }
    }

    /// A CloudFormation template (YAML or JSON): its comments, every mapping
    /// entry, and its resources.
    pub fn template(file: FileId, root: &Node, comments: Vec<Comment>) -> FileSyntax {
        Self::templates(file, &[root], comments)
    }

    /// [`FileSyntax::template`] for a YAML file with several documents,
    /// each a template.
    pub fn templates(file: FileId, roots: &[&Node], comments: Vec<Comment>) -> FileSyntax {
        let comments = directive_comments(comments);
        let mut regions = Vec::new();
        if !comments.is_empty() {
            for root in roots {
                node_regions(root, &mut regions);
            }
        }
        let by_span: HashMap<Span, usize> = regions
            .iter()
            .enumerate()
            .map(|(i, r)| (r.span, i))
            .collect();
        let mut resources = Vec::new();
        let entries = roots
            .iter()
            .filter_map(|root| root.get("Resources").and_then(Node::as_map));
        for entries in entries {
            for e in entries {
                let span = entry_span(e);
                if let Some(&i) = by_span.get(&span) {
                    regions[i].top = Some(e.key.clone());
                }
                let Some(metadata) = e.value.get("Metadata") else {
                    continue;
                };
                resources.push(CfnResource {
                    logical_id: e.key.clone(),
                    id_span: e.key_span,
                    span,
                    metadata: Some(metadata.clone()),
                });
            }
        }
        FileSyntax {
            file,
            comments,
            regions,
            resources,
            template_metadata: roots.first().and_then(|r| r.get("Metadata")).cloned(),
        }
    }
}

/// The comments of a file that may hold a directive, all of them (other
/// comment lines may stand between a directive and its target); none when
/// no comment looks like a directive, so that a large tree keeps little.
fn directive_comments(comments: Vec<Comment>) -> Vec<Comment> {
    let any = comments.iter().any(|c| {
        let t = c.text.to_ascii_lowercase();
        [
            "palisade:",
            "tfsec:",
            "trivy:",
            "checkov:",
            "bridgecrew:",
            KICS,
        ]
        .iter()
        .any(|p| t.contains(p))
    });
    if any {
        comments
    } else {
        Vec::new()
    }
}

/// A mapping entry: its key through its value.
fn entry_span(e: &crate::parse::Entry) -> Span {
    Span {
        start: e.key_span.start,
        end: e.value.span.end.max(e.key_span.end),
    }
}

fn hcl_regions(body: &Body, out: &mut Vec<Region>) {
    let mut stack = vec![body];
    while let Some(body) = stack.pop() {
        for a in &body.attributes {
            out.push(Region {
                span: a.span,
                top: None,
            });
        }
        for b in &body.blocks {
            out.push(Region {
                span: b.span,
                top: None,
            });
            stack.push(&b.body);
        }
    }
}

/// `aws_s3_bucket.logs`, `data.aws_iam_policy_document.x`, `module.vpc`.
fn address(b: &Block) -> String {
    let labels: Vec<&str> = b.labels.iter().map(|l| l.value.as_str()).collect();
    if b.ty == "resource" && !labels.is_empty() {
        labels.join(".")
    } else {
        std::iter::once(b.ty.as_str())
            .chain(labels)
            .collect::<Vec<_>>()
            .join(".")
    }
}

fn node_regions(root: &Node, out: &mut Vec<Region>) {
    let mut stack = vec![root];
    while let Some(node) = stack.pop() {
        match &node.kind {
            NodeKind::Map(entries) => {
                for e in entries {
                    out.push(Region {
                        span: entry_span(e),
                        top: None,
                    });
                    stack.push(&e.value);
                }
            }
            NodeKind::Seq(items) => {
                for item in items {
                    if matches!(item.kind, NodeKind::Map(_)) {
                        out.push(Region {
                            span: item.span,
                            top: None,
                        });
                    }
                    stack.push(item);
                }
            }
            _ => {}
        }
    }
}

/// The result of [`apply`].
#[derive(Debug, Default)]
pub struct Outcome {
    /// Findings no suppression applies to, in input order.
    pub findings: Vec<Finding>,
    /// Findings a suppression silenced, in input order.
    pub suppressed: Vec<SuppressedFinding>,
    /// Findings of the pseudo-rules about the suppressions themselves.
    pub meta: Vec<Finding>,
}

/// Applies the suppressions written in `files` to `findings`. `ran` tells
/// which rules were run: a suppression of a rule that did not run is not
/// reported as unused.
pub fn apply(
    findings: Vec<Finding>,
    files: &[FileSyntax],
    sources: &SourceMap,
    opts: &SuppressOptions,
    ran: &dyn Fn(&RuleMeta) -> bool,
) -> Outcome {
    if !opts.enabled {
        return Outcome {
            findings,
            ..Outcome::default()
        };
    }
    let today = opts.today.unwrap_or_else(today_utc);
    let mut sups: Vec<Suppression> = Vec::new();
    let mut meta = Vec::new();
    for f in files {
        let text = &sources.get(f.file).text;
        let cx = FileCx::new(f, text);
        for c in &f.comments {
            for d in parse_comment(&c.text) {
                if d.kind.is_foreign() && !opts.foreign {
                    continue;
                }
                let target = cx.target(c, d.placement);
                sups.push(Suppression::new(d, f.file, c.span, target, &cx, c.span));
            }
        }
        for r in &f.resources {
            let Some(md) = &r.metadata else { continue };
            for (d, origin) in parse_metadata(md) {
                if d.kind.is_foreign() && !opts.foreign {
                    continue;
                }
                let target = vec![r.span];
                let mut s = Suppression::new(d, f.file, origin, target, &cx, r.id_span);
                s.resource = r.logical_id.clone();
                s.in_metadata = true;
                sups.push(s);
            }
        }
        // cfn-lint's template-wide `ignore_checks` cover the whole file.
        if let Some(md) = f.template_metadata.as_ref().filter(|_| opts.foreign) {
            for (d, origin) in directive::cfn_lint_ignores(md) {
                let target = vec![Span::new(0, text.len())];
                let mut s = Suppression::new(d, f.file, origin, target, &cx, origin);
                s.in_metadata = true;
                sups.push(s);
            }
        }
    }
    for s in &mut sups {
        s.settle(today, opts.require_reason, &mut meta);
    }

    let mut by_file: HashMap<FileId, Vec<usize>> = HashMap::new();
    for (i, s) in sups.iter().enumerate() {
        if s.active {
            by_file.entry(s.file).or_default().push(i);
        }
    }

    let mut out = Outcome {
        meta,
        ..Outcome::default()
    };
    for finding in findings {
        let mut hits: Vec<(usize, Option<usize>)> = Vec::new();
        // The finding's own place, then the `module` blocks that
        // instantiated it (a suppression on a module block covers every
        // finding of that instance), then where its value is written and
        // passed through (a suppression on a variable's default covers the
        // findings that use it).
        let trail = finding.trail.iter().filter(|t| t.role != TrailRole::Use);
        let places = std::iter::once(finding.range)
            .chain(finding.related.iter().map(|r| r.0))
            .chain(trail.map(|t| t.range));
        for at in places {
            for &i in by_file.get(&at.file).map(Vec::as_slice).unwrap_or(&[]) {
                let s = &sups[i];
                if s.covers(at.span.start) {
                    if let Some(k) = s.matches(finding.rule) {
                        hits.push((i, k));
                    }
                }
            }
        }
        for &(i, k) in &hits {
            if let Some(k) = k {
                sups[i].used[k] = true;
            }
        }
        match hits.iter().map(|h| h.0).min_by_key(|&i| sups[i].rank()) {
            None => out.findings.push(finding),
            Some(i) => {
                let s = &sups[i];
                out.suppressed.push(SuppressedFinding {
                    finding,
                    suppression: SuppressionInfo {
                        kind: s.kind,
                        reason: s.reason.clone(),
                        range: Range::new(s.file, s.origin),
                        expires: s.expires,
                    },
                });
            }
        }
    }
    for s in &sups {
        s.report_unused(&mut out.meta, ran);
    }
    out
}

/// Positions in one file: lines, comments and regions.
struct FileCx<'a> {
    text: &'a str,
    regions: &'a [Region],
    /// Start offsets of the comments, sorted.
    comment_starts: Vec<u32>,
    /// `comment_starts[i]`'s comment end.
    comment_ends: Vec<u32>,
}

impl<'a> FileCx<'a> {
    fn new(f: &'a FileSyntax, text: &'a str) -> FileCx<'a> {
        let mut cs: Vec<(u32, u32)> = f
            .comments
            .iter()
            .map(|c| (c.span.start, c.span.end))
            .collect();
        cs.sort_unstable();
        FileCx {
            text,
            regions: &f.regions,
            comment_starts: cs.iter().map(|c| c.0).collect(),
            comment_ends: cs.iter().map(|c| c.1).collect(),
        }
    }

    fn line_start(&self, at: u32) -> u32 {
        let at = (at as usize).min(self.text.len());
        self.text.as_bytes()[..at]
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |p| p as u32 + 1)
    }

    /// The offset of the line break ending the line of `at` (or the end).
    fn line_end(&self, at: u32) -> u32 {
        let at = (at as usize).min(self.text.len());
        self.text.as_bytes()[at..]
            .iter()
            .position(|&b| b == b'\n')
            .map_or(self.text.len(), |p| at + p) as u32
    }

    /// The first non-blank offset in `[from, to)`, if any.
    fn first_code(&self, from: u32, to: u32) -> Option<u32> {
        let bytes = self.text.as_bytes();
        (from..to).find(|&i| !matches!(bytes[i as usize], b' ' | b'\t' | b'\r' | b'\n'))
    }

    /// The end of the comment starting exactly at `at`.
    fn comment_at(&self, at: u32) -> Option<u32> {
        let i = self.comment_starts.binary_search(&at).ok()?;
        Some(self.comment_ends[i])
    }

    /// The whole line holding `at`, line break included: findings that start
    /// on it.
    fn line_span(&self, at: u32) -> Span {
        let end = self.line_end(at);
        Span {
            start: self.line_start(at),
            end: (end + 1).min(self.text.len() as u32).max(end),
        }
    }

    /// The largest region starting in `[from, to)`.
    fn largest_starting_in(&self, from: u32, to: u32) -> Option<Span> {
        self.regions
            .iter()
            .filter(|r| r.span.start >= from && r.span.start < to)
            .max_by_key(|r| (r.span.len(), std::cmp::Reverse(r.span.start)))
            .map(|r| r.span)
    }

    /// The top-level block or resource that holds `at`.
    fn enclosing_top(&self, at: u32) -> Option<&'a Region> {
        self.regions
            .iter()
            .find(|r| r.top.is_some() && r.span.start < at && at < r.span.end)
    }

    /// The code that follows a comment ending at `end`: `[start, line end)`
    /// of the first non-blank text after it, skipping lines that hold only
    /// comments. `None` at a blank line or the end of the file.
    fn next_code(&self, end: u32) -> Option<(u32, u32)> {
        let mut pos = end;
        let len = self.text.len() as u32;
        let mut first_line = true;
        loop {
            let line_end = self.line_end(pos);
            match self.first_code(pos, line_end) {
                Some(at) => match self.comment_at(at) {
                    Some(comment_end) => {
                        pos = comment_end;
                        first_line = true;
                        continue;
                    }
                    None => return Some((at, line_end)),
                },
                None if first_line => {}
                None => return None,
            }
            if line_end >= len {
                return None;
            }
            pos = line_end + 1;
            first_line = false;
        }
    }

    /// The spans a directive written in comment `c` covers.
    fn target(&self, c: &Comment, placement: Placement) -> Vec<Span> {
        let own_line = self
            .first_code(self.line_start(c.span.start), c.span.start)
            .is_none();
        if placement == Placement::Enclosing {
            if let Some(top) = self.enclosing_top(c.span.start) {
                return vec![top.span];
            }
        }
        if matches!(placement, Placement::NextLine | Placement::NextBlock) || own_line {
            let Some((from, to)) = self.next_code(c.span.end) else {
                return Vec::new();
            };
            if placement == Placement::NextLine {
                return vec![self.line_span(from)];
            }
            return vec![self
                .largest_starting_in(from, to)
                .unwrap_or_else(|| self.line_span(from))];
        }
        // At the end of a line of code.
        let from = self.line_start(c.span.start);
        vec![self
            .largest_starting_in(from, c.span.start)
            .unwrap_or_else(|| self.line_span(c.span.start))]
    }
}

/// What a suppression silences.
#[derive(Debug)]
enum Matcher {
    Rules(Vec<&'static RuleMeta>),
    Ids(Vec<String>),
    All,
}

/// A resolved suppression.
#[derive(Debug)]
struct Suppression {
    kind: SuppressionKind,
    file: FileId,
    /// The comment or metadata entry.
    origin: Span,
    targets: Vec<Span>,
    matcher: Matcher,
    reason: Option<String>,
    expires: Option<Date>,
    /// As written, for messages.
    expires_text: Option<String>,
    /// Problems found so far (reported as [`INVALID`]).
    problems: Vec<String>,
    active: bool,
    /// Per rule of `Matcher::Rules`: whether it silenced a finding.
    used: Vec<bool>,
    /// For the pseudo-rule findings.
    resource: String,
    /// Written in CloudFormation `Metadata` (not in a comment).
    in_metadata: bool,
}

impl Suppression {
    fn new(
        d: Directive,
        file: FileId,
        origin: Span,
        targets: Vec<Span>,
        cx: &FileCx,
        resource_at: Span,
    ) -> Suppression {
        let mut problems: Vec<String> = d.problem.into_iter().collect();
        let matcher = match d.names {
            Names::All => Matcher::All,
            Names::Ids(ids) => Matcher::Ids(ids),
            Names::Rules(keys) => {
                let mut metas: Vec<&'static RuleMeta> = Vec::new();
                for key in keys {
                    // Built-in rules, then loaded custom policies.
                    let found = rules::all().iter().find(|m| m.is(&key));
                    match found.or_else(|| crate::policy::registry::find(&key)) {
                        Some(m) if !metas.iter().any(|x| x.id == m.id) => metas.push(m),
                        Some(_) => {}
                        None if rules::meta_rules().iter().any(|m| m.is(&key)) => problems.push(
                            format!("`{key}` is about suppressions and cannot be suppressed"),
                        ),
                        None => problems.push(match rules::suggest_rule(&key) {
                            Some(m) => format!(
                                "unknown rule `{key}` in suppression; did you mean {} ({})?",
                                m.id, m.name
                            ),
                            None => format!("unknown rule `{key}` in suppression"),
                        }),
                    }
                }
                Matcher::Rules(metas)
            }
        };
        let used = match &matcher {
            Matcher::Rules(m) => vec![false; m.len()],
            _ => Vec::new(),
        };
        let resource = cx
            .enclosing_top(resource_at.start + 1)
            .or_else(|| {
                targets
                    .first()
                    .and_then(|t| cx.regions.iter().find(|r| r.top.is_some() && r.span == *t))
            })
            .and_then(|r| r.top.clone())
            .unwrap_or_default();
        Suppression {
            kind: d.kind,
            file,
            origin,
            targets,
            matcher,
            reason: d.reason,
            expires: None,
            expires_text: d.expires,
            problems,
            active: true,
            used,
            resource,
            in_metadata: false,
        }
    }

    /// Resolves the expiry and the reason requirement; reports problems.
    fn settle(&mut self, today: Date, require_reason: bool, meta: &mut Vec<Finding>) {
        let palisade = self.kind == SuppressionKind::Palisade;
        if let Some(text) = &self.expires_text {
            match parse_date(text) {
                Some(date) => {
                    self.expires = Some(date);
                    if date < today {
                        self.active = false;
                        let what = self.what();
                        let msg =
                            format!("{what} expired on {}: it is no longer applied", text.trim());
                        meta.push(self.meta_finding(EXPIRED, msg));
                    }
                }
                None => {
                    self.active = false;
                    self.problems.push(format!(
                        "invalid expiry date `{text}` (expected YYYY-MM-DD): the suppression is not applied"
                    ));
                }
            }
        }
        if palisade && require_reason {
            let missing = match self.reason.as_deref() {
                None if self.in_metadata => {
                    Some("has no reason: it is not applied; add a `reason`".to_string())
                }
                None => {
                    Some("has no reason: it is not applied; write why after the rules".to_string())
                }
                Some(r) if is_placeholder(r) => Some(format!(
                    "has a placeholder for a reason (`{}`): it is not applied; {}",
                    r.chars().take(40).collect::<String>(),
                    if self.in_metadata {
                        "write why in its `reason`"
                    } else {
                        "write why after the rules"
                    }
                )),
                Some(_) => None,
            };
            if let Some(missing) = missing {
                self.active = false;
                self.problems.push(format!("{} {missing}", self.what()));
            }
        }
        if matches!(&self.matcher, Matcher::Rules(m) if m.is_empty()) {
            self.active = false;
        }
        for p in std::mem::take(&mut self.problems) {
            meta.push(self.meta_finding(INVALID, p));
        }
    }

    /// "suppression of AWS-S3-001, AWS-VPC-002" or "tfsec suppression".
    fn what(&self) -> String {
        match &self.matcher {
            Matcher::Rules(m) if !m.is_empty() => format!(
                "suppression of {}",
                m.iter()
                    .map(|m| m.id.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            Matcher::Ids(ids) => format!("{} suppression of {}", self.kind, ids.join(", ")),
            _ => format!("{} suppression", self.kind),
        }
    }

    fn covers(&self, at: u32) -> bool {
        self.targets
            .iter()
            .any(|t| t.start <= at && (at < t.end || t.start == t.end))
    }

    /// Whether this silences `rule`: `Some(Some(i))` as its `i`-th named
    /// rule, `Some(None)` by a foreign id or for every rule.
    fn matches(&self, rule: &RuleMeta) -> Option<Option<usize>> {
        match &self.matcher {
            Matcher::All => Some(None),
            Matcher::Rules(metas) => metas.iter().position(|m| m.id == rule.id).map(Some),
            Matcher::Ids(ids) => {
                let eq = &rule.equivalents;
                let known: Vec<&String> = match self.kind {
                    SuppressionKind::Tfsec | SuppressionKind::Trivy => {
                        eq.tfsec.iter().chain(&eq.trivy).collect()
                    }
                    SuppressionKind::Checkov => eq.checkov.iter().collect(),
                    SuppressionKind::CfnNag => eq.cfn_nag.iter().collect(),
                    SuppressionKind::Kics => eq.kics.iter().collect(),
                    SuppressionKind::CfnGuard => eq.cfn_guard.iter().collect(),
                    // cfn-lint ignores every rule whose id starts with what
                    // is written (`W3` ignores `W3005`).
                    SuppressionKind::CfnLint => {
                        return ids
                            .iter()
                            .any(|id| eq.cfn_lint.iter().any(|k| strip_prefix_ci(k, id).is_some()))
                            .then_some(None)
                    }
                    SuppressionKind::Palisade => Vec::new(),
                };
                ids.iter()
                    .any(|id| known.iter().any(|k| k.eq_ignore_ascii_case(id)))
                    .then_some(None)
            }
        }
    }

    /// Ranks two suppressions that both apply: Palisade's own first, then
    /// the narrowest.
    fn rank(&self) -> (bool, u32) {
        let width = self.targets.iter().map(|t| t.end - t.start).min();
        (self.kind.is_foreign(), width.unwrap_or(u32::MAX))
    }

    fn report_unused(&self, meta: &mut Vec<Finding>, ran: &dyn Fn(&RuleMeta) -> bool) {
        if !self.active || self.kind.is_foreign() {
            return;
        }
        let Matcher::Rules(metas) = &self.matcher else {
            return;
        };
        for (m, used) in metas.iter().zip(&self.used) {
            if *used || !ran(m) {
                continue;
            }
            let msg = if self.targets.is_empty() {
                format!(
                    "suppression of {} applies to nothing: put it directly before a block, attribute or key, with no blank line between",
                    m.id
                )
            } else {
                format!(
                    "suppression of {} ({}) matches no finding: remove it",
                    m.id, m.name
                )
            };
            meta.push(self.meta_finding(UNUSED, msg));
        }
    }

    fn meta_finding(&self, id: &str, message: String) -> Finding {
        let rule = rules::meta_rules()
            .iter()
            .find(|m| m.id == id)
            .expect("pseudo-rule is registered");
        Finding {
            rule,
            severity: rule.severity,
            message,
            range: Range::new(self.file, self.origin),
            resource: self.resource.clone(),
            notes: Vec::new(),
            variants: 1,
            related: Vec::new(),
            trail: Vec::new(),
        }
    }
}

/// `YYYY-MM-DD`, a real date.
pub fn parse_date(s: &str) -> Option<Date> {
    let s = s.trim().trim_matches(|c| c == '"' || c == '\'');
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let digits = |r: std::ops::Range<usize>| -> Option<u32> {
        let part = s.get(r)?;
        part.bytes()
            .all(|c| c.is_ascii_digit())
            .then(|| part.parse().ok())?
    };
    let (y, m, d) = (digits(0..4)?, digits(5..7)?, digits(8..10)?);
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return None,
    };
    (1..=days).contains(&d).then_some((y as i32, m, d))
}

/// Today's date in UTC, from the system clock.
pub fn today_utc() -> Date {
    let secs = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    civil_from_days((secs / 86_400) as i64)
}

/// The proleptic Gregorian date `days` after 1970-01-01 (H. Hinnant's
/// `civil_from_days`).
fn civil_from_days(days: i64) -> Date {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y as i32, m, d)
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::*;
    use crate::finding::Severity;
    use crate::source::FileKind;

    fn one(text: &str) -> Directive {
        let mut d = parse_comment(text);
        assert_eq!(d.len(), 1, "{text}: {d:?}");
        d.remove(0)
    }

    fn rules_of(d: &Directive) -> Vec<&str> {
        match &d.names {
            Names::Rules(r) | Names::Ids(r) => r.iter().map(String::as_str).collect(),
            Names::All => vec!["*"],
        }
    }

    #[test]
    fn palisade_comments() {
        let d = one("# palisade:ignore:AWS-S3-001,sg-public-ingress reason text");
        assert_eq!(d.kind, SuppressionKind::Palisade);
        assert_eq!(rules_of(&d), ["AWS-S3-001", "sg-public-ingress"]);
        assert_eq!(d.reason.as_deref(), Some("reason text"));
        assert_eq!((d.expires, d.problem), (None, None));

        let d =
            one("// palisade:ignore:ebs-volume-unencrypted exp:2027-01-31 migrating next sprint");
        assert_eq!(d.expires.as_deref(), Some("2027-01-31"));
        assert_eq!(d.reason.as_deref(), Some("migrating next sprint"));

        let d = one("#Palisade:Ignore:a, b why not exp:2027-01-31");
        assert_eq!(rules_of(&d), ["a", "b"]);
        assert_eq!(d.reason.as_deref(), Some("why not"));
        assert_eq!(d.expires.as_deref(), Some("2027-01-31"));

        let d = one("/* palisade:ignore:x:exp:2027-01-01 why */");
        assert_eq!(rules_of(&d), ["x"]);
        assert_eq!(d.expires.as_deref(), Some("2027-01-01"));
        assert_eq!(d.reason.as_deref(), Some("why"));

        assert_eq!(one("# palisade:ignore:a").reason, None);
        assert_eq!(one("# palisade:ignore:a  -- ").reason, None);
        assert!(one("# palisade:ignore why").problem.is_some());
        assert!(one("# palisade:ignore: why").problem.is_some());
        assert!(parse_comment("# palisade:ignored:a why").is_empty());
        assert!(parse_comment("# just a comment about palisade").is_empty());
    }

    #[test]
    fn foreign_comments() {
        let ds = parse_comment(
            "#tfsec:ignore:aws-vpc-no-excessive-port-access tfsec:ignore:aws-vpc-no-public-ingress-acl",
        );
        assert_eq!(ds.len(), 2);
        assert!(ds.iter().all(|d| d.kind == SuppressionKind::Tfsec));
        assert_eq!(rules_of(&ds[1]), ["aws-vpc-no-public-ingress-acl"]);

        let d = one("# trivy:ignore:AVD-AWS-0086:exp:2025-01-01");
        assert_eq!(d.kind, SuppressionKind::Trivy);
        assert_eq!(rules_of(&d), ["AVD-AWS-0086"]);
        assert_eq!(d.expires.as_deref(), Some("2025-01-01"));
        assert_eq!(one("#trivy:ignore:*").names, Names::All);
        // Attribute filters cannot be evaluated: not honoured.
        assert!(parse_comment("# trivy:ignore:AVD-AWS-0089[bucket=test]").is_empty());

        let d = one("#checkov:skip=CKV_AWS_20:The bucket is a public website");
        assert_eq!(d.kind, SuppressionKind::Checkov);
        assert_eq!(d.placement, Placement::Enclosing);
        assert_eq!(rules_of(&d), ["CKV_AWS_20"]);
        assert_eq!(d.reason.as_deref(), Some("The bucket is a public website"));
        assert_eq!(one("# checkov:skip=CKV_AWS_20").reason, None);
        assert_eq!(
            rules_of(&one("# bridgecrew:skip=BC_AWS_S3_1: legacy")),
            ["BC_AWS_S3_1"]
        );

        assert_eq!(
            one("# kics-scan ignore-line").placement,
            Placement::NextLine
        );
        let d = one("# KICS-SCAN ignore-block");
        assert_eq!(
            (d.kind, d.placement),
            (SuppressionKind::Kics, Placement::NextBlock)
        );
        assert_eq!(d.names, Names::All);
        assert!(parse_comment("# kics-scan disable=abc").is_empty());
        assert!(parse_comment("# kics-scan").is_empty());
    }

    #[test]
    fn placeholder_reasons() {
        for r in [
            "TODO",
            "todo: say why this is acceptable",
            "FIXME later",
            "TBD",
            "xxx",
            "...",
            "... why",
            "Tbd.",
        ] {
            assert!(is_placeholder(r), "{r}");
        }
        for r in [
            "Todos are tracked elsewhere",
            "scratch disk",
            "fixed in PROJ-12",
            "tbdx",
            "why... later",
        ] {
            assert!(!is_placeholder(r), "{r}");
        }
    }

    #[test]
    fn dates() {
        assert_eq!(parse_date("2027-01-31"), Some((2027, 1, 31)));
        assert_eq!(parse_date(" \"2024-02-29\" "), Some((2024, 2, 29)));
        for bad in [
            "2023-02-29",
            "2026-13-01",
            "2026-04-31",
            "2026-1-01",
            "20260101",
            "2026-01-0x",
            "",
        ] {
            assert_eq!(parse_date(bad), None, "{bad}");
        }
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(-1), (1969, 12, 31));
        assert_eq!(civil_from_days(11_017), (2000, 3, 1));
        assert_eq!(civil_from_days(19_782), (2024, 2, 29));
        assert_eq!(civil_from_days(20_619), (2026, 6, 15));
        let (y, m, d) = today_utc();
        assert!(y >= 2024 && (1..=12).contains(&m) && (1..=31).contains(&d));
    }

    /// Parses `text` as the only file and returns its syntax and sources.
    fn file(text: &str, yaml: bool) -> (FileSyntax, SourceMap) {
        let mut sources = SourceMap::default();
        let kind = if yaml {
            FileKind::CloudFormationYaml
        } else {
            FileKind::TerraformHcl
        };
        let id = sources.add(PathBuf::from("f"), kind, text);
        let syntax = if yaml {
            let p = crate::parse::yaml::parse(text).unwrap();
            FileSyntax::template(id, &p.root, p.comments)
        } else {
            let p = crate::parse::hcl::parse(text).unwrap();
            FileSyntax::hcl(id, &p.body, p.comments)
        };
        (syntax, sources)
    }

    /// The text each directive of the file covers.
    fn targets(text: &str, yaml: bool) -> Vec<Vec<String>> {
        let (f, sources) = file(text, yaml);
        let cx = FileCx::new(&f, &sources.get(f.file).text);
        f.comments
            .iter()
            .flat_map(|c| parse_comment(&c.text).into_iter().map(move |d| (c, d)))
            .map(|(c, d)| {
                cx.target(c, d.placement)
                    .iter()
                    .map(|t| text[t.start as usize..t.end as usize].to_string())
                    .collect()
            })
            .collect()
    }

    #[test]
    fn hcl_placement() {
        let text = "\
# palisade:ignore:a why
# another comment
resource \"x\" \"y\" {
  # palisade:ignore:a why
  inner {
    k = 1
  }
  v = [ # palisade:ignore:a why
    1, # palisade:ignore:a why
  ]
  # palisade:ignore:a why

  w = 2
  # checkov:skip=CKV_X
}
";
        let got = targets(text, false);
        let block = &text[text.find("resource").unwrap()..text.rfind('}').unwrap() + 1];
        assert_eq!(got[0], [block]);
        assert_eq!(got[1], ["inner {\n    k = 1\n  }"]);
        assert_eq!(
            got[2],
            ["v = [ # palisade:ignore:a why\n    1, # palisade:ignore:a why\n  ]"]
        );
        assert_eq!(got[3], ["    1, # palisade:ignore:a why\n"]);
        assert!(got[4].is_empty(), "a blank line ends the association");
        assert_eq!(got[5], [block], "checkov: the enclosing resource");
    }

    #[test]
    fn kics_placement() {
        let text = "\
# kics-scan ignore-line
resource \"x\" \"y\" {
  a = 1
}
# kics-scan ignore-block
resource \"x\" \"z\" {
  a = 1
}
";
        let got = targets(text, false);
        assert_eq!(got[0], ["resource \"x\" \"y\" {\n"]);
        assert_eq!(got[1], ["resource \"x\" \"z\" {\n  a = 1\n}"]);
    }

    #[test]
    fn yaml_placement() {
        let text = "\
Resources:
  # palisade:ignore:a why
  Sg:
    Type: AWS::EC2::SecurityGroup
    Properties:
      Ingress:
        # palisade:ignore:a why
        - CidrIp: 0.0.0.0/0
          FromPort: 22
        - CidrIp: 0.0.0.0/0 # palisade:ignore:a why
";
        let got = targets(text, true);
        let sg = &text[text.find("Sg:").unwrap()..text.rfind("0/0").unwrap() + 3];
        assert_eq!(got[0], [sg]);
        assert_eq!(got[1], ["CidrIp: 0.0.0.0/0\n          FromPort: 22"]);
        assert_eq!(got[2], ["CidrIp: 0.0.0.0/0"]);
        let (f, _) = file(text, true);
        assert_eq!(
            f.regions
                .iter()
                .filter_map(|r| r.top.as_deref())
                .collect::<Vec<_>>(),
            ["Sg"]
        );
    }

    #[test]
    fn files_without_directives_keep_nothing() {
        let (f, _) = file("# a comment\nresource \"x\" \"y\" {}\n", false);
        assert!(f.comments.is_empty() && f.regions.is_empty());
        let (f, _) = file("Resources:\n  A: # note\n    Type: X\n", true);
        assert!(f.comments.is_empty() && f.regions.is_empty() && f.resources.is_empty());
    }

    fn finding(rule: &str, file: FileId, at: usize) -> Finding {
        let rule = rules::find(rule).unwrap();
        Finding {
            rule,
            severity: Severity::High,
            message: format!("{} at {at}", rule.id),
            range: Range::new(file, Span::new(at, at + 1)),
            resource: String::new(),
            notes: Vec::new(),
            variants: 1,
            related: Vec::new(),
            trail: Vec::new(),
        }
    }

    #[test]
    fn apply_end_to_end() {
        let text = "\
# palisade:ignore:ebs-volume-unencrypted,AWS-S3-001 why exp:2026-06-30
resource \"aws_ebs_volume\" \"a\" {
  size = 1
}
";
        let (f, sources) = file(text, false);
        let at = text.find("size").unwrap();
        let findings = vec![
            finding("AWS-EBS-001", f.file, at),
            finding("AWS-VPC-003", f.file, at),
        ];
        let run = |opts: &SuppressOptions| {
            apply(
                findings.clone(),
                std::slice::from_ref(&f),
                &sources,
                opts,
                &|_| true,
            )
        };
        let opts = SuppressOptions {
            today: Some((2026, 6, 30)),
            ..SuppressOptions::default()
        };
        let out = run(&opts);
        assert_eq!(out.findings.len(), 1);
        assert_eq!(out.findings[0].rule.id, "AWS-VPC-003");
        assert_eq!(out.suppressed.len(), 1);
        let s = &out.suppressed[0].suppression;
        assert_eq!(s.kind, SuppressionKind::Palisade);
        assert_eq!(s.reason.as_deref(), Some("why"));
        assert_eq!(s.expires, Some((2026, 6, 30)));
        assert_eq!(s.range.span, Span::new(0, text.find('\n').unwrap()));
        let meta: Vec<(&str, &str)> = out
            .meta
            .iter()
            .map(|m| (m.rule.id.as_str(), m.resource.as_str()))
            .collect();
        assert_eq!(meta, [(UNUSED, "aws_ebs_volume.a")]);
        assert!(out.meta[0].message.contains("AWS-S3-001"));
        assert_eq!(out.meta[0].severity, Severity::Low);

        // A rule that did not run: its suppression is not reported as unused.
        let out = apply(
            findings.clone(),
            std::slice::from_ref(&f),
            &sources,
            &opts,
            &|m| m.id != "AWS-S3-001",
        );
        assert_eq!((out.findings.len(), out.suppressed.len()), (1, 1));
        assert!(out.meta.is_empty(), "{:?}", out.meta);

        // The day after: expired, nothing suppressed, no unused report.
        let out = run(&SuppressOptions {
            today: Some((2026, 7, 1)),
            ..SuppressOptions::default()
        });
        assert_eq!((out.findings.len(), out.suppressed.len()), (2, 0));
        let meta: Vec<&str> = out.meta.iter().map(|m| m.rule.id.as_str()).collect();
        assert_eq!(meta, [EXPIRED]);

        // Disabled: untouched.
        let out = run(&SuppressOptions {
            enabled: false,
            ..opts
        });
        assert_eq!(
            (out.findings.len(), out.suppressed.len(), out.meta.len()),
            (2, 0, 0)
        );
    }

    #[test]
    fn cfn_lint_ids_match_by_prefix_resource_or_template_wide() {
        let text = "\
Metadata:
  cfn-lint:
    config:
      ignore_checks: [W90]
Resources:
  A:
    Type: AWS::EC2::Volume
    Metadata:
      cfn-lint:
        config:
          ignore_checks: [E9001]
  B:
    Type: AWS::EC2::Volume
";
        let (f, sources) = file(text, true);
        // cfn-lint has no check equivalent to a Palisade rule: a rule with
        // one stands in for it.
        let mut rule = rules::find("AWS-EBS-001").unwrap().clone();
        rule.equivalents.cfn_lint = vec!["E9001".into()];
        let rule: &'static RuleMeta = Box::leak(Box::new(rule));
        let at = |id: &str| Finding {
            rule,
            ..finding("AWS-EBS-001", f.file, text.find(id).unwrap())
        };
        let run = |findings: Vec<Finding>, foreign: bool| {
            let opts = SuppressOptions {
                foreign,
                ..SuppressOptions::default()
            };
            apply(findings, std::slice::from_ref(&f), &sources, &opts, &|_| {
                true
            })
        };
        let out = run(vec![at("A:"), at("B:")], true);
        let kinds: Vec<_> = out.suppressed.iter().map(|s| s.suppression.kind).collect();
        assert_eq!(kinds, [SuppressionKind::CfnLint]);
        assert_eq!(out.findings.len(), 1);
        assert!(out.meta.is_empty());

        // `W90` covers the whole template and matches `W9001` by prefix.
        let mut wide = rule.clone();
        wide.equivalents.cfn_lint = vec!["W9001".into()];
        let wide: &'static RuleMeta = Box::leak(Box::new(wide));
        let b = Finding {
            rule: wide,
            ..finding("AWS-EBS-001", f.file, text.find("B:").unwrap())
        };
        let out = run(vec![b.clone()], true);
        assert_eq!(out.suppressed.len(), 1);
        assert_eq!(
            out.suppressed[0].suppression.range.span.start as usize,
            text.find("W90").unwrap()
        );
        assert_eq!(run(vec![b], false).findings.len(), 1);
    }

    #[test]
    fn pseudo_rules_are_registered_apart() {
        let ids: Vec<&str> = rules::meta_rules().iter().map(|m| m.id.as_str()).collect();
        assert_eq!(ids, [UNUSED, INVALID, EXPIRED]);
        for m in rules::meta_rules() {
            assert_eq!(m.severity, Severity::Low);
            assert!(!rules::all().iter().any(|r| r.id == m.id));
            assert_eq!(
                rules::find(&m.name).map(|r| r.id.as_str()),
                Some(m.id.as_str())
            );
        }
    }
}
