//! Source edits for findings: safe fixes for the rules that have one, and
//! suppression comments.
//!
//! Everything here works from a finding's range and the files' own syntax
//! trees (parsed again from the text the finding was made on). When the tree
//! does not show exactly what a fix expects (a CloudFormation intrinsic, a
//! block written on one line with other content, a value that passes
//! through a local or a module argument) no fix is offered: a fix never
//! guesses.
//!
//! Rules: a setting that must be `true` ([`SETTINGS`]); the S3 public ACL
//! and public access block fixes (`s3.rs`, offered only when nothing in the
//! configuration is public for the block to reject); and, for a value
//! written elsewhere (a variable default, a `.tfvars` value, a parameter
//! default), an edit of that origin when it is used only there
//! (`origin.rs`).
//!
//! The language server offers these as code actions from one file
//! ([`fix`]); the command line sees every scanned file ([`fix_in`]), which
//! the fixes that must look at a whole module or edit another file need.
//! They are plain byte edits, applied with [`apply`].

mod origin;
mod s3;

use crate::finding::{Finding, TrailRole};
use crate::parse::hcl_ast::{Block, Body, ExprKind};
use crate::parse::{self, Node, NodeKind};
use crate::rules;
use crate::source::{FileId, FileKind, SourceFile, SourceMap, Span};

/// Replace the bytes at `span` with `text` (an insertion when `span` is empty).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Edit {
    pub span: Span,
    pub text: String,
}

/// A titled set of edits to one file: the finding's own file, or, for a
/// value written elsewhere, the file of its origin (only from [`fix_in`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fix {
    pub title: String,
    pub file: FileId,
    pub edits: Vec<Edit>,
}

/// Every scanned file, for the fixes that look at a whole module or edit
/// another file, with the Terraform files parsed once (on first use) for
/// all the findings of a plan.
pub struct Workspace<'a> {
    sources: &'a SourceMap,
    tf: std::cell::OnceCell<s3::TfFiles<'a>>,
}

impl<'a> Workspace<'a> {
    pub fn new(sources: &'a SourceMap) -> Workspace<'a> {
        Workspace {
            sources,
            tf: std::cell::OnceCell::new(),
        }
    }

    /// The safe fix for `finding`; it may edit another file than the
    /// finding's (a variable's default, a `.tfvars` value).
    pub fn fix(&self, finding: &Finding) -> Option<Fix> {
        compute(finding, self.scope(finding))
    }

    /// Why a finding of a fixable rule whose value comes from elsewhere is
    /// not fixed ("the value comes from the default of variable `x` at
    /// variables.tf:3, which is also used elsewhere"), when [`Self::fix`]
    /// has no fix for it; `None` when the value is written where the
    /// finding points.
    pub fn note(&self, finding: &Finding) -> Option<String> {
        if !has_fix(&finding.rule.id) {
            return None;
        }
        origin::note(finding, self.scope(finding))
    }

    fn scope(&self, finding: &Finding) -> Scope<'_, 'a> {
        Scope {
            file: self.sources.get(finding.range.file),
            all: Some(self),
        }
    }

    fn tf_files(&self) -> &s3::TfFiles<'a> {
        self.tf.get_or_init(|| s3::tf_files(self.sources))
    }
}

/// What a fix may look at: the finding's file, and every scanned file when
/// known (the command line). Fixes that need a whole Terraform module (the
/// S3 fixes in Terraform, the edit of a variable's default) are not
/// offered without them.
#[derive(Clone, Copy)]
struct Scope<'s, 'a> {
    file: &'a SourceFile,
    all: Option<&'s Workspace<'a>>,
}

impl<'a> Scope<'_, 'a> {
    fn sources(&self) -> Option<&'a SourceMap> {
        self.all.map(|w| w.sources)
    }
}

/// An attribute that must be `true`, per resource type, for the rules that
/// have a safe fix.
struct Setting {
    rule: &'static str,
    /// Terraform resource type and attribute.
    terraform: &'static [(&'static str, &'static str)],
    /// CloudFormation resource type and property.
    cloudformation: &'static [(&'static str, &'static str)],
    /// Whether changing it replaces an existing resource (worth saying in the
    /// action's title).
    replaces: bool,
}

const SETTINGS: &[Setting] = &[
    Setting {
        rule: "AWS-EBS-001",
        terraform: &[("aws_ebs_volume", "encrypted")],
        cloudformation: &[("AWS::EC2::Volume", "Encrypted")],
        replaces: true,
    },
    Setting {
        rule: "AWS-RDS-001",
        terraform: &[
            ("aws_db_instance", "storage_encrypted"),
            ("aws_rds_cluster", "storage_encrypted"),
        ],
        cloudformation: &[
            ("AWS::RDS::DBInstance", "StorageEncrypted"),
            ("AWS::RDS::DBCluster", "StorageEncrypted"),
        ],
        replaces: true,
    },
    Setting {
        rule: "AWS-RDS-003",
        terraform: &[
            ("aws_db_instance", "deletion_protection"),
            ("aws_rds_cluster", "deletion_protection"),
        ],
        cloudformation: &[
            ("AWS::RDS::DBInstance", "DeletionProtection"),
            ("AWS::RDS::DBCluster", "DeletionProtection"),
        ],
        replaces: false,
    },
    Setting {
        rule: "AWS-RDS-005",
        terraform: &[
            ("aws_db_instance", "iam_database_authentication_enabled"),
            ("aws_rds_cluster", "iam_database_authentication_enabled"),
        ],
        cloudformation: &[
            ("AWS::RDS::DBInstance", "EnableIAMDatabaseAuthentication"),
            ("AWS::RDS::DBCluster", "EnableIAMDatabaseAuthentication"),
        ],
        replaces: false,
    },
    Setting {
        rule: "AWS-EFS-001",
        terraform: &[("aws_efs_file_system", "encrypted")],
        cloudformation: &[("AWS::EFS::FileSystem", "Encrypted")],
        replaces: true,
    },
    Setting {
        rule: "AWS-CT-001",
        terraform: &[("aws_cloudtrail", "enable_log_file_validation")],
        cloudformation: &[("AWS::CloudTrail::Trail", "EnableLogFileValidation")],
        replaces: false,
    },
];

/// Whether a rule has a fix at all (a given finding may still have none).
pub fn has_fix(rule_id: &str) -> bool {
    SETTINGS.iter().any(|s| s.rule == rule_id) || s3::RULES.contains(&rule_id)
}

/// The safe fix for `finding` in `file` (the text the finding was made on),
/// or `None` when the rule has none, the code is not in a shape the fix is
/// sure about, or the fix would need the module's other files.
pub fn fix(finding: &Finding, file: &SourceFile) -> Option<Fix> {
    compute(finding, Scope { file, all: None })
}

/// The safe fix for `finding`, looking at every file of the scan (see
/// [`Workspace`], which a caller with many findings should use).
pub fn fix_in(finding: &Finding, sources: &SourceMap) -> Option<Fix> {
    Workspace::new(sources).fix(finding)
}

/// [`Workspace::note`] for one finding.
pub fn not_fixed_note(finding: &Finding, sources: &SourceMap) -> Option<String> {
    Workspace::new(sources).note(finding)
}

fn compute(finding: &Finding, scope: Scope) -> Option<Fix> {
    if finding.trail.iter().any(|s| s.role == TrailRole::Origin) {
        // The value is written elsewhere: the fix edits its origin, or
        // nothing.
        return origin::fix(finding, scope).ok();
    }
    let file = scope.file;
    if s3::RULES.contains(&finding.rule.id.as_str()) {
        let (title, edits) = s3::fix(finding, scope)?;
        return Some(Fix {
            title,
            file: file.id,
            edits,
        });
    }
    let setting = SETTINGS.iter().find(|s| s.rule == finding.rule.id)?;
    let (name, edits) = match file.kind {
        FileKind::TerraformHcl => {
            let (ty, attr) = tf_target(setting, &finding.resource)?;
            (attr, hcl_fix(&file.text, finding.range.span, ty, attr)?)
        }
        FileKind::TerraformJson => {
            let (_, attr) = tf_target(setting, &finding.resource)?;
            let root = parse::json::parse(&file.text).ok()?;
            let edit = replace_false(&root, &file.text, attr, finding.range.span)?;
            (attr, vec![edit])
        }
        // A plan is generated, not edited.
        FileKind::TerraformPlan => return None,
        FileKind::CloudFormationYaml | FileKind::CloudFormationJson => {
            let root = parse_tree(file)?;
            let yaml = file.kind == FileKind::CloudFormationYaml;
            cfn_fix(&root, &file.text, yaml, setting, finding)?
        }
    };
    Some(Fix {
        title: setting_title(setting, name, file.kind.is_terraform()),
        file: file.id,
        edits,
    })
}

/// "Set encrypted = true (replaces an existing resource)".
fn setting_title(setting: &Setting, name: &str, terraform: bool) -> String {
    let value = if terraform {
        format!("{name} = true")
    } else {
        format!("{name}: true")
    };
    if setting.replaces {
        format!("Set {value} (replaces an existing resource)")
    } else {
        format!("Set {value}")
    }
}

/// The tree of a JSON or YAML file (CloudFormation, `.tf.json`).
fn parse_tree(file: &SourceFile) -> Option<Node> {
    match file.kind {
        FileKind::CloudFormationYaml => parse::yaml::parse(&file.text).ok().map(|p| p.root),
        FileKind::TerraformHcl => None,
        _ => parse::json::parse(&file.text).ok(),
    }
}

/// The resource type (from the finding's address, which may carry module
/// paths and instance keys: `module.db["a"].aws_db_instance.this[0]`) and
/// the attribute to set.
fn tf_target(setting: &Setting, address: &str) -> Option<(&'static str, &'static str)> {
    let address = crate::address::Address::parse(address).filter(|a| !a.data)?;
    setting
        .terraform
        .iter()
        .find(|(t, _)| *t == address.kind)
        .map(|&(t, a)| (t, a))
}

/// `attr = false` becomes `attr = true`; a resource without `attr` gets
/// `attr = true` as the last line of its body.
fn hcl_fix(text: &str, at: Span, ty: &str, attr: &str) -> Option<Vec<Edit>> {
    let parsed = parse::hcl::parse(text).ok()?;
    let block = parsed.body.blocks_of("resource").find(|b| {
        b.labels.first().is_some_and(|l| l.value == ty)
            && b.span.start <= at.start
            && at.end <= b.span.end
    })?;
    match block.body.attribute(attr) {
        Some(a) => (a.expr.span == at && a.expr.kind == ExprKind::Bool(false)).then(|| {
            vec![Edit {
                span: a.expr.span,
                text: "true".into(),
            }]
        }),
        None => insert_attribute(text, block, at, attr).map(|e| vec![e]),
    }
}

/// Inserts `attr = true` into `block`, when the finding is on the block's
/// header (the attribute is missing and its default applies).
fn insert_attribute(text: &str, block: &Block, at: Span, attr: &str) -> Option<Edit> {
    let header_end = block
        .labels
        .last()
        .map_or(block.ty_span.end, |l| l.span.end);
    if at.start != block.span.start || at.end > header_end {
        return None;
    }
    let end = block.span.end as usize;
    if end == 0 || text.as_bytes().get(end - 1) != Some(&b'}') {
        return None;
    }
    let close = end - 1;
    let open = header_end as usize + text.get(header_end as usize..close)?.find('{')?;
    let block_indent = indentation(text, block.span.start as usize)?;
    let close_line = line_start(text, close);
    if text[close_line..close].trim().is_empty() {
        // `}` on its own line: insert a line before it.
        let indent = body_indent(text, &block.body).unwrap_or_else(|| format!("{block_indent}  "));
        let name = aligned_name(text, &block.body, close_line, attr);
        return Some(Edit {
            span: Span::new(close_line, close_line),
            text: format!("{indent}{name} = true\n"),
        });
    }
    // `{}` (or `{ }`) on one line: open it up.
    if block.body.attributes.is_empty()
        && block.body.blocks.is_empty()
        && text[open + 1..close].trim().is_empty()
    {
        return Some(Edit {
            span: Span::new(open + 1, close),
            text: format!("\n{block_indent}  {attr} = true\n{block_indent}"),
        });
    }
    None
}

/// The indentation of the body's first attribute or block that begins its
/// own line.
fn body_indent(text: &str, body: &Body) -> Option<String> {
    body.attributes
        .iter()
        .map(|a| a.span.start)
        .chain(body.blocks.iter().map(|b| b.span.start))
        .min()
        .and_then(|start| indentation(text, start as usize))
}

/// `attr` padded so that its `=` lines up with the attribute on the line
/// just above the insertion point, as `terraform fmt` aligns consecutive
/// attributes.
fn aligned_name(text: &str, body: &Body, insert_at: usize, attr: &str) -> String {
    let above_start = line_start(text, insert_at.saturating_sub(1));
    let above = body
        .attributes
        .iter()
        .find(|a| a.span.start as usize >= above_start && (a.span.end as usize) < insert_at);
    let Some(a) = above else {
        return attr.to_string();
    };
    let line = &text[above_start..insert_at];
    let name_col = a.name_span.start as usize - above_start;
    let Some(eq) = line[a.name_span.end as usize - above_start..].find('=') else {
        return attr.to_string();
    };
    let width = (a.name_span.end as usize - above_start + eq).saturating_sub(name_col + 1);
    if width > attr.len() && line[..name_col].chars().all(|c| c == ' ' || c == '\t') {
        format!("{attr:<width$}")
    } else {
        attr.to_string()
    }
}

/// CloudFormation: `Prop: false` becomes `Prop: true`; in YAML, a resource
/// whose block-style `Properties` lacks `Prop` gets `Prop: true` as its first
/// property.
fn cfn_fix(
    root: &Node,
    text: &str,
    yaml: bool,
    setting: &Setting,
    finding: &Finding,
) -> Option<(&'static str, Vec<Edit>)> {
    let resource = root.get("Resources")?.entry(&finding.resource)?;
    let ty = resource.value.get("Type")?.as_str()?;
    let &(_, prop) = setting.cloudformation.iter().find(|(t, _)| *t == ty)?;
    let props = resource.value.get("Properties");
    let at = finding.range.span;
    if let Some(entry) = props.and_then(|p| p.entry(prop)) {
        let edit = replace_false_value(&entry.value, text, at)?;
        return Some((prop, vec![edit]));
    }
    // Missing: the finding is on the logical id.
    if at != resource.key_span {
        return None;
    }
    let props = props.filter(|p| p.tag.is_none())?;
    let first = props.as_map()?.first()?;
    let start = first.key_span.start as usize;
    let indent = indentation(text, start)?;
    let edit = if yaml {
        let ls = line_start(text, start);
        Edit {
            span: Span::new(ls, ls),
            text: format!("{indent}{prop}: true\n"),
        }
    } else {
        // Before the first property, on a line of its own like it.
        if !text[start..].starts_with('"') {
            return None;
        }
        Edit {
            span: Span::new(start, start),
            text: format!("\"{prop}\": true,\n{indent}"),
        }
    };
    Some((prop, vec![edit]))
}

/// Finds the mapping entry `key` whose value is at `at` anywhere in the tree
/// and turns its `false` into `true`.
fn replace_false(root: &Node, text: &str, key: &str, at: Span) -> Option<Edit> {
    let mut stack = vec![root];
    while let Some(node) = stack.pop() {
        match &node.kind {
            NodeKind::Map(entries) => {
                for e in entries {
                    if e.key == key && e.value.span == at {
                        return replace_false_value(&e.value, text, at);
                    }
                    stack.push(&e.value);
                }
            }
            NodeKind::Seq(items) => stack.extend(items),
            _ => {}
        }
    }
    None
}

fn replace_false_value(value: &Node, text: &str, at: Span) -> Option<Edit> {
    let is_false = match &value.kind {
        NodeKind::Bool(b) => !b,
        NodeKind::String(s) => s == "false",
        _ => false,
    };
    (value.span == at && value.tag.is_none() && is_false).then(|| Edit {
        span: token_span(text, value.span),
        text: "true".into(),
    })
}

/// The scalar at the start of `span` (a quoted string up to its closing
/// quote, a plain one up to a space or a delimiter): what an edit of a
/// JSON or YAML scalar replaces, never a comment after it.
fn token_span(text: &str, span: Span) -> Span {
    let start = span.start as usize;
    let Some(s) = text.get(start..span.end as usize) else {
        return span;
    };
    let len = match s.as_bytes().first() {
        Some(&q @ (b'"' | b'\'')) => s[1..].find(q as char).map_or(s.len(), |i| i + 2),
        _ => s
            .find(|c: char| c.is_whitespace() || matches!(c, ',' | '}' | ']' | '#'))
            .unwrap_or(s.len()),
    };
    Span::new(start, start + len)
}

/// The edit that suppresses `finding` with a Palisade comment on its own
/// line above the innermost block, attribute or mapping entry that contains
/// the finding and begins its line, indented like it. `None` for files
/// without comments (JSON), for Palisade's own diagnostics about
/// suppressions, and when the file does not parse. An empty `reason` leaves
/// the comment without one, for the user to write.
pub fn suppression(finding: &Finding, file: &SourceFile, reason: &str) -> Option<Fix> {
    if rules::meta_rules().iter().any(|m| m.id == finding.rule.id) {
        return None;
    }
    let mut regions = Vec::new();
    match file.kind {
        FileKind::TerraformHcl => {
            let parsed = parse::hcl::parse(&file.text).ok()?;
            hcl_regions(&parsed.body, &mut regions);
        }
        FileKind::CloudFormationYaml => {
            let parsed = parse::yaml::parse(&file.text).ok()?;
            node_regions(&parsed.root, &mut regions);
        }
        // No comments in JSON; a plan is generated, not edited.
        FileKind::TerraformJson | FileKind::CloudFormationJson | FileKind::TerraformPlan => {
            return None
        }
    }
    let at = finding.range.span.start;
    let text = &*file.text;
    let target = regions
        .into_iter()
        .filter(|r| r.start <= at && (at < r.end || r.start == at))
        .filter(|r| {
            text[line_start(text, r.start as usize)..r.start as usize]
                .trim()
                .is_empty()
        })
        .max_by_key(|r| r.start)
        .map_or(at as usize, |r| r.start as usize);
    let indent = indentation(text, target)?;
    let ls = line_start(text, target);
    let id = &finding.rule.id;
    Some(Fix {
        title: format!("Suppress {id} with a reason"),
        file: file.id,
        edits: vec![Edit {
            span: Span::new(ls, ls),
            text: if reason.is_empty() {
                format!("{indent}# palisade:ignore:{id}\n")
            } else {
                format!("{indent}# palisade:ignore:{id} {reason}\n")
            },
        }],
    })
}

fn hcl_regions(body: &Body, out: &mut Vec<Span>) {
    let mut stack = vec![body];
    while let Some(body) = stack.pop() {
        out.extend(body.attributes.iter().map(|a| a.span));
        for b in &body.blocks {
            out.push(b.span);
            stack.push(&b.body);
        }
    }
}

fn node_regions(root: &Node, out: &mut Vec<Span>) {
    let mut stack = vec![root];
    while let Some(node) = stack.pop() {
        match &node.kind {
            NodeKind::Map(entries) => {
                for e in entries {
                    out.push(Span {
                        start: e.key_span.start,
                        end: e.value.span.end.max(e.key_span.end),
                    });
                    stack.push(&e.value);
                }
            }
            NodeKind::Seq(items) => stack.extend(items),
            _ => {}
        }
    }
}

/// The byte offset where the line containing `at` starts.
fn line_start(text: &str, at: usize) -> usize {
    text[..at.min(text.len())].rfind('\n').map_or(0, |i| i + 1)
}

/// The whitespace before `at` on its line, when only whitespace comes before
/// it (`at` begins its line's code).
fn indentation(text: &str, at: usize) -> Option<String> {
    let prefix = text.get(line_start(text, at)..at)?;
    prefix
        .chars()
        .all(|c| c == ' ' || c == '\t')
        .then(|| prefix.to_string())
}

/// Applies non-overlapping edits to `text`.
pub fn apply(text: &str, edits: &[Edit]) -> String {
    let mut sorted: Vec<&Edit> = edits.iter().collect();
    sorted.sort_by_key(|e| (e.span.start, e.span.end));
    let mut out = String::with_capacity(text.len());
    let mut at = 0usize;
    for e in sorted {
        let start = (e.span.start as usize).max(at);
        out.push_str(&text[at..start]);
        out.push_str(&e.text);
        at = (e.span.end as usize).max(start);
    }
    out.push_str(&text[at..]);
    out
}

/// Scanning a directory of files and applying every fix, for the tests of
/// the fixes.
#[cfg(test)]
pub(crate) mod testing {
    use std::collections::BTreeMap;

    use crate::finding::ScanResult;
    use crate::scan::{scan, ScanOptions};

    /// Writes `files` (name, text) into a new directory and scans it.
    pub fn scan_files(files: &[(&str, &str)]) -> (tempfile::TempDir, ScanResult) {
        let dir = tempfile::tempdir().unwrap();
        for (name, text) in files {
            let path = dir.path().join(name);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }
        let result = scan(&ScanOptions {
            paths: vec![dir.path().to_path_buf()],
            ..Default::default()
        });
        assert!(result.errors.is_empty(), "{:?}", result.errors);
        (dir, result)
    }

    /// The file of `result` whose path ends with `name`.
    pub fn file<'a>(result: &'a ScanResult, name: &str) -> &'a crate::source::SourceFile {
        result
            .sources
            .files()
            .find(|f| f.path.ends_with(name))
            .unwrap()
    }

    /// Every file `fix_in` changes, by name (relative to `dir`), with its
    /// text after all fixes (identical edits once).
    pub fn fixed_files(dir: &std::path::Path, result: &ScanResult) -> BTreeMap<String, String> {
        let mut edits: BTreeMap<crate::source::FileId, Vec<super::Edit>> = BTreeMap::new();
        for f in &result.findings {
            if let Some(fix) = super::fix_in(f, &result.sources) {
                let list = edits.entry(fix.file).or_default();
                for e in fix.edits {
                    if !list.contains(&e) {
                        list.push(e);
                    }
                }
            }
        }
        edits
            .into_iter()
            .map(|(id, edits)| {
                let file = result.sources.get(id);
                let name = file.path.strip_prefix(dir).unwrap().display().to_string();
                (name, super::apply(&file.text, &edits))
            })
            .collect()
    }

    /// The findings as `RULE resource line:col` after writing `files` over
    /// the directory and scanning it again.
    pub fn rescan(dir: &std::path::Path, files: &BTreeMap<String, String>) -> Vec<String> {
        for (name, text) in files {
            std::fs::write(dir.join(name), text).unwrap();
        }
        let result = scan(&ScanOptions {
            paths: vec![dir.to_path_buf()],
            ..Default::default()
        });
        assert!(result.errors.is_empty(), "{:?}", result.errors);
        result
            .findings
            .iter()
            .map(|f| {
                let file = result.sources.get(f.range.file);
                let lc = file.line_col(f.range.span.start);
                format!("{} {} {}:{}", f.rule.id, f.resource, lc.line, lc.col)
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scan::{scan, ScanOptions};

    #[test]
    fn targets_resources_inside_modules_and_instances() {
        let ebs = &SETTINGS[0];
        for address in [
            "aws_ebs_volume.v",
            "aws_ebs_volume.v[0]",
            "module.m[\"a.b\"].module.n.aws_ebs_volume.v[\"k\"]",
        ] {
            assert_eq!(
                tf_target(ebs, address),
                Some(("aws_ebs_volume", "encrypted")),
                "{address}"
            );
        }
        assert_eq!(tf_target(ebs, "module.m.aws_instance.web"), None);
    }

    /// Scans `text` as file `name`, and returns the text after applying
    /// `pick`'s edits for every finding, and the findings' rule ids after.
    fn fixed(name: &str, text: &str, pick: fn(&Finding, &SourceFile) -> Option<Fix>) -> String {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        let result = scan(&ScanOptions {
            paths: vec![path.clone()],
            ..Default::default()
        });
        assert!(result.errors.is_empty(), "{:?}", result.errors);
        let mut edits = Vec::new();
        for f in &result.findings {
            let file = result.sources.get(f.range.file);
            if let Some(fix) = pick(f, file) {
                edits.extend(fix.edits);
            }
        }
        apply(text, &edits)
    }

    fn rule_ids(name: &str, text: &str) -> Vec<String> {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        let result = scan(&ScanOptions {
            paths: vec![path],
            ..Default::default()
        });
        result.findings.iter().map(|f| f.rule.id.clone()).collect()
    }

    #[test]
    fn terraform_false_becomes_true_and_missing_is_inserted() {
        let text = "\
resource \"aws_ebs_volume\" \"a\" {
  size      = 1
  encrypted = false
}

resource \"aws_ebs_volume\" \"b\" {
  availability_zone = \"eu-west-1a\"
  size              = 100
}

resource \"aws_efs_file_system\" \"c\" {}

  resource \"aws_db_instance\" \"d\" {
    engine = \"postgres\"
    nested {
      x = 1
    }
  }

resource \"aws_cloudtrail\" \"e\" {
  name                       = \"t\"
  is_multi_region_trail      = true
  kms_key_id                 = \"alias/trail\"
  cloud_watch_logs_group_arn = \"arn:aws:logs:eu-west-1:111122223333:log-group:trail:*\"
  cloud_watch_logs_role_arn  = \"arn:aws:iam::111122223333:role/trail-logs\"
  enable_log_file_validation = false
}
";
        let out = fixed("main.tf", text, fix);
        assert_eq!(
            out,
            "\
resource \"aws_ebs_volume\" \"a\" {
  size      = 1
  encrypted = true
}

resource \"aws_ebs_volume\" \"b\" {
  availability_zone = \"eu-west-1a\"
  size              = 100
  encrypted         = true
}

resource \"aws_efs_file_system\" \"c\" {
  encrypted = true
}

  resource \"aws_db_instance\" \"d\" {
    engine = \"postgres\"
    nested {
      x = 1
    }
    storage_encrypted = true
    deletion_protection = true
    iam_database_authentication_enabled = true
  }

resource \"aws_cloudtrail\" \"e\" {
  name                       = \"t\"
  is_multi_region_trail      = true
  kms_key_id                 = \"alias/trail\"
  cloud_watch_logs_group_arn = \"arn:aws:logs:eu-west-1:111122223333:log-group:trail:*\"
  cloud_watch_logs_role_arn  = \"arn:aws:iam::111122223333:role/trail-logs\"
  enable_log_file_validation = true
}
"
        );
        assert_eq!(rule_ids("main.tf", &out), Vec::<String>::new());
    }

    #[test]
    fn terraform_values_that_are_not_literals_are_left_alone() {
        let text = "\
variable \"enc\" {
  default = false
}

resource \"aws_ebs_volume\" \"a\" {
  size      = 1
  encrypted = var.enc
}

resource \"aws_efs_file_system\" \"c\" { creation_token = \"x\" }
";
        assert_eq!(fixed("main.tf", text, fix), text);
        assert_eq!(rule_ids("main.tf", text), ["AWS-EBS-001", "AWS-EFS-001"]);
    }

    #[test]
    fn cloudformation_yaml_and_json() {
        let yaml = "\
AWSTemplateFormatVersion: \"2010-09-09\"
Parameters:
  Validate:
    Type: String
Resources:
  Vol:
    Type: AWS::EC2::Volume
    Properties:
      Size: 100
      Encrypted: false
  Fs:
    Type: AWS::EFS::FileSystem
    Properties:
      PerformanceMode: generalPurpose
  Trail:
    Type: AWS::CloudTrail::Trail
    Properties:
      IsLogging: true
      EnableLogFileValidation: !Ref Validate
";
        let out = fixed("t.yaml", yaml, fix);
        assert_eq!(
            out,
            yaml.replace("Encrypted: false", "Encrypted: true").replace(
                "      PerformanceMode",
                "      Encrypted: true\n      PerformanceMode"
            )
        );
        let json = r#"{"Resources": {"Db": {"Type": "AWS::RDS::DBInstance",
  "Properties": {"Engine": "mysql", "StorageEncrypted": "false"}}}}"#;
        assert_eq!(
            fixed("t.json", json, fix),
            json.replace("\"false\"", "true")
        );
        // A missing property is added before the first one when that one
        // is on a line of its own.
        let json = "{\n  \"Resources\": {\n    \"Fs\": {\n      \"Type\": \"AWS::EFS::FileSystem\",\n      \"Properties\": {\n        \"PerformanceMode\": \"generalPurpose\"\n      }\n    }\n  }\n}\n";
        assert_eq!(
            fixed("t.json", json, fix),
            json.replace(
                "\"PerformanceMode\"",
                "\"Encrypted\": true,\n        \"PerformanceMode\""
            )
        );
    }

    #[test]
    fn suppression_comments_go_above_the_enclosing_line() {
        let text = "\
resource \"aws_ebs_volume\" \"a\" {
  size      = 1
  encrypted = false
}

resource \"aws_efs_file_system\" \"c\" { creation_token = \"x\" }
";
        let out = fixed("main.tf", text, |f, file| suppression(f, file, "accepted"));
        assert_eq!(
            out,
            "\
resource \"aws_ebs_volume\" \"a\" {
  size      = 1
  # palisade:ignore:AWS-EBS-001 accepted
  encrypted = false
}

# palisade:ignore:AWS-EFS-001 accepted
resource \"aws_efs_file_system\" \"c\" { creation_token = \"x\" }
"
        );
        assert_eq!(rule_ids("main.tf", &out), Vec::<String>::new());

        let yaml = "\
Resources:
  Vol:
    Type: AWS::EC2::Volume
    Properties:
      Encrypted: false
";
        let out = fixed("t.yml", yaml, |f, file| suppression(f, file, "accepted"));
        assert_eq!(
            out,
            yaml.replace(
                "      Encrypted",
                "      # palisade:ignore:AWS-EBS-001 accepted\n      Encrypted"
            )
        );
        assert_eq!(rule_ids("t.yml", &out), Vec::<String>::new());
    }
}
