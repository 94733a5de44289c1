//! Custom policies: Checkov-format YAML and Rego, loaded at run time and
//! evaluated over each unit's evaluated resources (the resource document,
//! see `docs/custom-policies.md`). Their findings are ordinary findings with
//! metadata interned as `&'static RuleMeta` ([`registry`]).
//!
//! A scan without policies never reaches this module: the scan calls
//! [`Policies::check_unit`] only when some are loaded.

pub mod checkov;
mod checkov_eval;
mod checkov_ops;
pub mod cli;
pub mod document;
mod jsonpath;
mod pyval;
pub mod registry;
pub mod rego;
pub mod test_cmd;

use std::collections::HashMap;
use std::fmt;
use std::path::{Path, PathBuf};

use crate::eval::terraform::Related;
use crate::eval::Unit;
use crate::finding::{ErrorKind, FileError, Finding, Severity};
use crate::parse;
use crate::rules::{Equivalents, RuleMeta, RuleSelection};
use crate::source::{FileId, FileKind, SourceFile, Span};
use document::Config;

/// A policy that could not be loaded, at `path:line:col`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LoadError {
    pub path: PathBuf,
    pub line: usize,
    pub col: usize,
    pub message: String,
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:{}: {}",
            self.path.display(),
            self.line,
            self.col,
            self.message
        )
    }
}

fn load_error(path: &Path, text: &str, span: Span, message: impl Into<String>) -> LoadError {
    let at = (span.start as usize).min(text.len());
    let before = &text[..text.floor_char_boundary_compat(at)];
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    LoadError {
        path: path.to_path_buf(),
        line: before.matches('\n').count() + 1,
        col: before[line_start..].chars().count() + 1,
        message: message.into(),
    }
}

trait FloorBoundary {
    fn floor_char_boundary_compat(&self, at: usize) -> usize;
}

impl FloorBoundary for str {
    fn floor_char_boundary_compat(&self, mut at: usize) -> usize {
        while at > 0 && !self.is_char_boundary(at) {
            at -= 1;
        }
        at
    }
}

enum Kind {
    Checkov(Box<checkov::Def>),
    Rego(Box<rego::Rego>),
}

/// One loaded policy.
pub struct Policy {
    pub meta: &'static RuleMeta,
    pub path: PathBuf,
    kind: Kind,
}

impl Policy {
    pub fn is_rego(&self) -> bool {
        matches!(self.kind, Kind::Rego(_))
    }
}

/// The loaded policies, in path order.
#[derive(Default)]
pub struct Policies {
    pub list: Vec<Policy>,
}

impl fmt::Debug for Policies {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list()
            .entries(self.list.iter().map(|p| (&p.meta.id, &p.path)))
            .finish()
    }
}

/// Whether a file name is a policy file name.
fn is_policy_name(p: &Path) -> bool {
    matches!(
        p.extension().and_then(|e| e.to_str()),
        Some("yaml" | "yml" | "rego")
    )
}

/// The policy files under `paths`: a named file, or the policy files of a
/// directory and its subdirectories (sorted; hidden entries skipped).
pub fn files(paths: &[PathBuf]) -> Result<Vec<PathBuf>, LoadError> {
    let mut out = Vec::new();
    for p in paths {
        let meta = std::fs::metadata(p).map_err(|e| LoadError {
            path: p.clone(),
            line: 1,
            col: 1,
            message: format!("cannot read policy: {e}"),
        })?;
        if meta.is_dir() {
            let mut found: Vec<PathBuf> = ignore::WalkBuilder::new(p)
                .standard_filters(false)
                .hidden(true)
                .build()
                .filter_map(Result::ok)
                .filter(|e| e.file_type().is_some_and(|t| t.is_file()))
                .map(|e| e.into_path())
                .filter(|p| is_policy_name(p))
                .collect();
            found.sort();
            out.extend(found.into_iter().map(|f| (f, false)));
        } else {
            out.push((p.clone(), true));
        }
    }
    let mut seen = std::collections::HashSet::new();
    Ok(out
        .into_iter()
        .filter(|(p, _)| seen.insert(p.clone()))
        .map(|(p, _)| p)
        .collect())
}

impl Policies {
    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    /// Loads the policies under `paths` (files or directories). In a
    /// directory, a YAML file without `definition` or `metadata` is not a
    /// policy (a test's `expected.yaml`, a template) and is skipped; a file
    /// named explicitly must be a policy.
    pub fn load(paths: &[PathBuf]) -> Result<Policies, Vec<LoadError>> {
        let named: Vec<&PathBuf> = paths.iter().filter(|p| !p.is_dir()).collect();
        let files = files(paths).map_err(|e| vec![e])?;
        let mut list = Vec::new();
        let mut errors = Vec::new();
        let mut ids: HashMap<String, PathBuf> = HashMap::new();
        for f in files {
            let explicit = named.contains(&&f);
            match load_file(&f, explicit) {
                Ok(None) => {}
                Ok(Some(p)) => {
                    if let Some(first) = ids.get(&p.meta.id.to_ascii_lowercase()) {
                        errors.push(LoadError {
                            path: f.clone(),
                            line: 1,
                            col: 1,
                            message: format!(
                                "policy id `{}` is also used by {}",
                                p.meta.id,
                                first.display()
                            ),
                        });
                        continue;
                    }
                    if crate::rules::all()
                        .iter()
                        .chain(crate::rules::meta_rules())
                        .any(|m| m.is(&p.meta.id))
                    {
                        errors.push(LoadError {
                            path: f.clone(),
                            line: 1,
                            col: 1,
                            message: format!("policy id `{}` is a built-in rule's", p.meta.id),
                        });
                        continue;
                    }
                    ids.insert(p.meta.id.to_ascii_lowercase(), f.clone());
                    list.push(p);
                }
                Err(e) => errors.push(e),
            }
        }
        if errors.is_empty() {
            Ok(Policies { list })
        } else {
            Err(errors)
        }
    }

    /// The custom findings of one unit, with the selection's rules and
    /// severities applied, and the policies that failed to evaluate.
    pub fn check_unit(
        &self,
        unit: &Unit,
        related: &Related,
        sources: &[(FileId, PathBuf, FileKind, std::sync::Arc<str>)],
        selection: &RuleSelection,
    ) -> (Vec<Finding>, Vec<FileError>) {
        let enabled: Vec<&Policy> = self
            .list
            .iter()
            .filter(|p| selection.is_enabled(&p.meta.id))
            .collect();
        if enabled.is_empty() || unit.resources.is_empty() {
            return (Vec::new(), Vec::new());
        }
        let resources: Vec<&crate::eval::Resource> = unit.resources.iter().collect();
        let configs: Vec<Vec<Config>> = resources.iter().map(|r| document::configs(r)).collect();
        let mut findings = Vec::new();
        let mut errors = Vec::new();
        let chains = |address: &str| related.get(address).map(|c| c.to_vec()).unwrap_or_default();
        let checkov: Vec<(&Policy, &checkov::Def)> = enabled
            .iter()
            .filter_map(|p| match &p.kind {
                Kind::Checkov(d) => Some((*p, &**d)),
                Kind::Rego(_) => None,
            })
            .collect();
        if !checkov.is_empty() {
            let subjects = checkov_eval::Subjects::new(resources.clone(), &configs);
            for (p, def) in checkov {
                for fail in checkov_eval::failures(def, &subjects) {
                    let r = resources[fail.index];
                    findings.push(finding(
                        p.meta,
                        selection,
                        format!("`{}`: {}", r.address, p.meta.title),
                        fail.at,
                        &r.address,
                        fail.when.iter().map(|w| format!("when {w}")).collect(),
                        configs[fail.index].len().max(1),
                        chains(&r.address),
                    ));
                }
            }
        }
        let regos: Vec<(&Policy, rego::Rego)> = enabled
            .iter()
            .filter_map(|p| match &p.kind {
                Kind::Rego(r) => Some((*p, (**r).clone())),
                Kind::Checkov(_) => None,
            })
            .collect();
        if !regos.is_empty() {
            let files: Vec<SourceFile> = sources
                .iter()
                .map(|(id, path, kind, text)| {
                    SourceFile::new(*id, path.clone(), *kind, text.clone())
                })
                .collect();
            let mut regos = regos;
            for (i, r) in resources.iter().enumerate() {
                for config in &configs[i] {
                    let input = document::to_json(r, config, related, &files);
                    for (p, engine) in regos.iter_mut() {
                        match engine.deny(&input) {
                            Ok(denies) => {
                                for d in denies {
                                    let at = match &d.path {
                                        None => Some(r.range),
                                        Some(path) => {
                                            match document::range_at(&config.body, path) {
                                                Some((range, true)) => Some(range),
                                                // Unknown is never a finding.
                                                Some((_, false)) => None,
                                                None => Some(r.range),
                                            }
                                        }
                                    };
                                    let Some(at) = at else { continue };
                                    findings.push(finding(
                                        p.meta,
                                        selection,
                                        d.msg,
                                        at,
                                        &r.address,
                                        config.when.iter().map(|w| format!("when {w}")).collect(),
                                        configs[i].len().max(1),
                                        chains(&r.address),
                                    ));
                                }
                            }
                            Err(e) => errors.push(FileError {
                                level: crate::finding::Level::Error,
                                kind: ErrorKind::Eval,
                                path: p.path.clone(),
                                range: None,
                                message: format!(
                                    "policy {} failed on `{}`: {e}",
                                    p.meta.id, r.address
                                ),
                            }),
                        }
                    }
                }
            }
        }
        (findings, errors)
    }
}

#[allow(clippy::too_many_arguments)]
fn finding(
    meta: &'static RuleMeta,
    selection: &RuleSelection,
    message: String,
    range: crate::source::Range,
    resource: &str,
    notes: Vec<String>,
    variants: usize,
    related: Vec<(crate::source::Range, String)>,
) -> Finding {
    let mut f = Finding {
        rule: meta,
        severity: meta.severity,
        message,
        range,
        resource: resource.to_string(),
        notes,
        variants,
        related,
        trail: Vec::new(),
    };
    selection.adjust(&mut f);
    f
}

/// Loads one policy file; `Ok(None)`: a YAML file found in a directory that
/// is not a policy.
fn load_file(path: &Path, explicit: bool) -> Result<Option<Policy>, LoadError> {
    let text = std::fs::read_to_string(path).map_err(|e| LoadError {
        path: path.to_path_buf(),
        line: 1,
        col: 1,
        message: format!("cannot read policy: {e}"),
    })?;
    let url = Some(file_url(path));
    if path.extension().and_then(|e| e.to_str()) == Some("rego") {
        let (m, engine) = rego::load(&path.to_string_lossy(), &text)
            .map_err(|(span, msg)| load_error(path, &text, span, msg))?;
        let mut doc = String::new();
        if let Some(d) = &m.description {
            doc.push_str(d);
            doc.push_str("\n\n");
        }
        doc.push_str(&format!("Custom Rego policy `{}`.\n", path.display()));
        let meta = RuleMeta {
            id: m.id.clone(),
            name: m.id.to_ascii_lowercase(),
            title: m.title.clone(),
            description: sentence(m.description.as_deref().unwrap_or(&m.title)),
            severity: m.severity.unwrap_or(Severity::Medium),
            service: registry::SERVICE.into(),
            equivalents: Equivalents::default(),
            compliance: Default::default(),
            formats: crate::rule_meta::RuleFormat::ALL.to_vec(),
            doc: leak_doc(doc),
            help: m
                .recommendation
                .clone()
                .unwrap_or_else(|| format!("See the policy {}.", path.display())),
            url: m.url.clone().or(url),
        };
        return Ok(Some(Policy {
            meta: registry::intern(meta),
            path: path.to_path_buf(),
            kind: Kind::Rego(Box::new(engine)),
        }));
    }
    let parsed =
        parse::yaml::parse(&text).map_err(|e| load_error(path, &text, e.span, e.message))?;
    let root = parsed.root;
    let is_policy = root.get("definition").is_some() || root.get("metadata").is_some();
    if !is_policy {
        if explicit {
            return Err(load_error(
                path,
                &text,
                root.span,
                "not a policy: a Checkov policy has `metadata` and `definition`",
            ));
        }
        return Ok(None);
    }
    let (m, def) =
        checkov::parse(&root).map_err(|(span, msg)| load_error(path, &text, span, msg))?;
    let mut doc = format!("Custom Checkov-format policy `{}`.\n", path.display());
    if let Some(c) = &m.category {
        doc.push_str(&format!("\nCategory: {c}\n"));
    }
    if let Some(g) = &m.guideline {
        doc.push_str(&format!("\nGuideline: {g}\n"));
    }
    let meta = RuleMeta {
        id: m.id.clone(),
        name: m.id.to_ascii_lowercase(),
        title: m.name.clone(),
        description: sentence(&m.name),
        severity: m.severity.unwrap_or(Severity::Medium),
        service: registry::SERVICE.into(),
        equivalents: Equivalents {
            checkov: vec![m.id.clone()],
            ..Default::default()
        },
        compliance: Default::default(),
        formats: crate::rule_meta::RuleFormat::ALL.to_vec(),
        doc: leak_doc(doc),
        help: m
            .guideline
            .clone()
            .unwrap_or_else(|| format!("See the policy {}.", path.display())),
        url: m
            .guideline
            .clone()
            .filter(|g| g.starts_with("http"))
            .or(url),
    };
    Ok(Some(Policy {
        meta: registry::intern(meta),
        path: path.to_path_buf(),
        kind: Kind::Checkov(Box::new(def)),
    }))
}

/// Documentation text lives as long as the metadata; identical texts are
/// leaked once.
fn leak_doc(doc: String) -> &'static str {
    use std::sync::{Mutex, OnceLock};
    static DOCS: OnceLock<Mutex<std::collections::HashSet<&'static str>>> = OnceLock::new();
    let mut docs = DOCS
        .get_or_init(Default::default)
        .lock()
        .unwrap_or_else(|e| e.into_inner());
    if let Some(d) = docs.get(doc.as_str()) {
        return d;
    }
    let d: &'static str = Box::leak(doc.into_boxed_str());
    docs.insert(d);
    d
}

fn file_url(path: &Path) -> String {
    let abs = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    format!("file://{}", abs.to_string_lossy().replace(' ', "%20"))
}

/// Whether a changed file may be a custom policy (the language server
/// checks again when one changes): a `.rego` file, or a YAML file with a
/// `definition` (or one that is gone).
pub fn may_be_policy(path: &Path) -> bool {
    match path.extension().and_then(|e| e.to_str()) {
        Some("rego") => true,
        Some("yaml" | "yml") => std::fs::read_to_string(path)
            .map(|t| t.contains("definition:"))
            .unwrap_or(true),
        _ => false,
    }
}

/// Registers the metadata of the policies a configuration's `policies:`
/// entry names (relative to the configuration file `config`), so that its
/// `rules:` section can name them. Loading problems are not reported here:
/// the scan loads the policies again and reports them.
pub fn register_from_config(config: &Path, entries: &[crate::parse::Entry]) {
    let Some(e) = entries.iter().find(|e| e.key == "policies") else {
        return;
    };
    let dir = config.parent().unwrap_or(Path::new(""));
    let paths: Vec<PathBuf> = e
        .value
        .as_seq()
        .unwrap_or_default()
        .iter()
        .filter_map(|n| n.as_str())
        .map(|p| dir.join(p))
        .collect();
    for p in &paths {
        let _ = Policies::load(std::slice::from_ref(p));
    }
}

/// A policy's description as a whole sentence (SARIF's `fullDescription`).
fn sentence(text: &str) -> String {
    let t = text.trim();
    if t.ends_with(['.', '!', '?']) {
        t.to_string()
    } else {
        format!("{t}.")
    }
}
