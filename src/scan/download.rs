//! `--download-modules` in a scan: the remote module calls of the read
//! Terraform files that `terraform init` did not install are fetched
//! ([`crate::download`]), and the fetched modules' files are read like
//! installed ones, with the calls they make in turn (nested modules, up to
//! [`MAX_DOWNLOADED_MODULES`] in all). A call that cannot be fetched is an
//! error at its `source`; its module stays unknown, as without the flag.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};

use crate::discover::{self, Candidate, Found};
use crate::download::{self, Downloader, Fetched, MAX_DOWNLOADED_MODULES};
use crate::eval::terraform::{normalize, MAX_MODULE_DEPTH};
use crate::finding::{ErrorKind, FileError, Level};
use crate::parse::hcl_ast::{Body, ExprKind, TemplatePart};
use crate::source::{FileKind, Range, SourceMap, Span};

use super::read::Reading;
use super::{Read, Role, ScanOptions, MAX_FILE_BYTES};

/// What was downloaded for a scan.
#[derive(Default)]
pub(super) struct Downloaded {
    /// Each fetched module's directory by source and version constraint.
    pub dirs: HashMap<(String, String), PathBuf>,
    /// A directory calls a fetched module's directory.
    pub edges: Vec<(PathBuf, PathBuf)>,
    /// Every directory read from the cache: never a root of its own.
    pub installed: BTreeSet<PathBuf>,
    problems: Vec<Problem>,
}

/// A diagnostic at a module call, before files have ids.
struct Problem {
    display: PathBuf,
    span: Span,
    level: Level,
    message: String,
}

/// A module call as written.
struct CallSite {
    source: String,
    version: String,
    span: Span,
}

struct State<'a> {
    downloader: Downloader<'a>,
    out: Downloaded,
    /// Fetches tried, by source and version (a failure is reported once).
    tried: HashMap<(String, String), Option<Fetched>>,
    loaded: HashSet<PathBuf>,
    /// Files already read (by normalized path).
    have: HashSet<PathBuf>,
    /// Sources `terraform init` installed somewhere in the scanned tree.
    installed_sources: HashSet<String>,
    reads: Vec<Read>,
    errors: Vec<FileError>,
    readable: Vec<PathBuf>,
    cwd: Option<PathBuf>,
}

/// Fetches what the read Terraform files call (nothing without
/// `--download-modules`) and adds the fetched files to `reading`.
pub(super) fn fetch(reading: &mut Reading, opts: &ScanOptions) -> Downloaded {
    let Some(dl) = opts.download.as_deref() else {
        return Downloaded::default();
    };
    let mut by_dir: HashMap<PathBuf, Vec<&Read>> = HashMap::new();
    for r in &reading.files {
        if r.kind.is_terraform() && r.role == Role::Source {
            let dir = r.found.path.parent().map(normalize).unwrap_or_default();
            by_dir.entry(dir).or_default().push(r);
        }
    }
    let mut dirs: Vec<PathBuf> = by_dir.keys().cloned().collect();
    dirs.sort();
    let mut state = State {
        downloader: Downloader::new(dl),
        out: Downloaded::default(),
        tried: HashMap::new(),
        loaded: HashSet::new(),
        have: reading
            .files
            .iter()
            .map(|r| normalize(&r.found.path))
            .collect(),
        installed_sources: dirs.iter().flat_map(|d| installed_sources(d)).collect(),
        reads: Vec::new(),
        errors: Vec::new(),
        readable: Vec::new(),
        cwd: std::env::current_dir().ok(),
    };
    // A cache inside the scanned tree: its files are modules, never roots
    // (a package's examples would be).
    let cache = discover::absolute(&dl.cache);
    state.out.installed.extend(
        dirs.iter()
            .filter(|d| discover::absolute(d).starts_with(&cache))
            .cloned(),
    );
    for dir in &dirs {
        if state.out.installed.contains(dir) {
            continue;
        }
        let mut files = by_dir[dir].clone();
        files.sort_by(|a, b| a.found.display.cmp(&b.found.display));
        let calls: Vec<(PathBuf, CallSite)> = files
            .iter()
            .flat_map(|r| {
                calls_in(r.kind, &r.text)
                    .into_iter()
                    .map(|c| (r.found.display.clone(), c))
            })
            .collect();
        for (display, call) in calls {
            state.remote_call(dir, &display, call, 1);
        }
    }
    reading.files.append(&mut state.reads);
    reading.errors.append(&mut state.errors);
    reading.readable.append(&mut state.readable);
    state.out
}

impl Downloaded {
    /// The diagnostics at module calls, now that files have ids.
    pub fn problems(&mut self, sources: &SourceMap) -> Vec<FileError> {
        std::mem::take(&mut self.problems)
            .into_iter()
            .map(|p| FileError {
                level: p.level,
                kind: ErrorKind::Eval,
                range: sources.find(&p.display).map(|f| Range::new(f.id, p.span)),
                path: p.display,
                message: p.message,
            })
            .collect()
    }
}

impl State<'_> {
    fn problem(&mut self, display: &Path, span: Span, level: Level, message: String) {
        self.out.problems.push(Problem {
            display: display.to_path_buf(),
            span,
            level,
            message,
        });
    }

    /// A call in `dir` (a file shown as `display`): fetched when remote.
    fn remote_call(&mut self, dir: &Path, display: &Path, call: CallSite, depth: usize) {
        if self
            .installed_sources
            .contains(&installed_key(&call.source))
        {
            return;
        }
        let remote = match download::parse_source(&call.source) {
            Ok(Some(r)) => r,
            Ok(None) => return,
            Err(why) => {
                let message = format!("module source `{}` is not downloaded: {why}", call.source);
                self.problem(display, call.span, Level::Warning, message);
                return;
            }
        };
        let key = (call.source.clone(), call.version.clone());
        let fetched = match self.tried.get(&key) {
            Some(f) => f.clone(),
            None => {
                let f = self.try_fetch(&remote, &call, display, depth);
                self.tried.insert(key.clone(), f.clone());
                f
            }
        };
        let Some(fetched) = fetched else {
            return;
        };
        let target = normalize(&fetched.dir);
        self.out.edges.push((dir.to_path_buf(), target.clone()));
        if self.out.dirs.insert(key, target.clone()).is_none() {
            if let Ok(c) = std::fs::canonicalize(&fetched.package) {
                self.readable.push(c);
            }
            let package = normalize(&fetched.package);
            self.load_dir(&target, &package, depth + 1);
        }
    }

    fn try_fetch(
        &mut self,
        remote: &download::Remote,
        call: &CallSite,
        display: &Path,
        depth: usize,
    ) -> Option<Fetched> {
        let what = remote.describe();
        if depth > MAX_MODULE_DEPTH {
            let message =
                format!("{what} not downloaded: modules nest deeper than {MAX_MODULE_DEPTH}");
            self.problem(display, call.span, Level::Error, message);
            return None;
        }
        if self.tried.len() >= MAX_DOWNLOADED_MODULES {
            let message = format!(
                "{what} not downloaded: a scan downloads at most {MAX_DOWNLOADED_MODULES} modules"
            );
            self.problem(display, call.span, Level::Error, message);
            return None;
        }
        match self.downloader.fetch(remote, &call.source, &call.version) {
            Ok(f) => Some(f),
            Err(why) => {
                let message = format!("could not download {what}: {why}");
                self.problem(display, call.span, Level::Error, message);
                None
            }
        }
    }

    /// Reads a fetched module's directory and follows its calls: local
    /// ones inside the package, remote ones fetched in turn.
    fn load_dir(&mut self, dir: &Path, package: &Path, depth: usize) {
        if !self.loaded.insert(dir.to_path_buf()) {
            return;
        }
        self.out.installed.insert(dir.to_path_buf());
        let mut files: Vec<(PathBuf, FileKind)> = std::fs::read_dir(dir)
            .into_iter()
            .flatten()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
            .map(|e| dir.join(e.file_name()))
            .filter_map(|p| match Candidate::of(&p) {
                Some(Candidate::Terraform) => Some((p, FileKind::TerraformHcl)),
                Some(Candidate::TerraformJson) => Some((p, FileKind::TerraformJson)),
                _ => None,
            })
            .collect();
        files.sort();
        let mut calls = Vec::new();
        for (path, kind) in files {
            let display = discover::display_path(&path, self.cwd.as_deref());
            let text = match read_small(&path) {
                Ok(t) => t,
                Err(message) => {
                    self.errors.push(FileError {
                        level: Level::Error,
                        kind: ErrorKind::Io,
                        path: display,
                        range: None,
                        message,
                    });
                    continue;
                }
            };
            calls.extend(
                calls_in(kind, &text)
                    .into_iter()
                    .map(|c| (display.clone(), c)),
            );
            if !self.have.insert(normalize(&path)) {
                continue;
            }
            self.reads.push(Read {
                found: Found {
                    path,
                    display,
                    candidate: if kind == FileKind::TerraformJson {
                        Candidate::TerraformJson
                    } else {
                        Candidate::Terraform
                    },
                    explicit: false,
                },
                context: false,
                role: Role::Source,
                kind,
                text: text.into(),
            });
        }
        for (display, call) in calls {
            if crate::eval::terraform::is_local_source(&call.source) {
                let target = normalize(&dir.join(&call.source));
                if target.starts_with(package) {
                    self.load_dir(&target, package, depth);
                }
            } else {
                self.remote_call(dir, &display, call, depth);
            }
        }
    }
}

/// Reads a fetched file: bounded in size, UTF-8.
fn read_small(path: &Path) -> Result<String, String> {
    let size = std::fs::metadata(path)
        .map(|m| m.len())
        .map_err(|e| format!("cannot read: {e}"))?;
    if size > MAX_FILE_BYTES {
        return Err("skipped: larger than the file size limit".into());
    }
    std::fs::read_to_string(path).map_err(|e| format!("cannot read: {e}"))
}

/// The `module` blocks of a file with a literal `source`; a file that does
/// not parse has none here (its syntax error is reported when it is
/// evaluated).
fn calls_in(kind: FileKind, text: &str) -> Vec<CallSite> {
    let body: Option<Body> = match kind {
        FileKind::TerraformJson => crate::parse::json::parse(text)
            .and_then(|n| crate::eval::terraform_json::to_body(&n, text))
            .ok(),
        _ => crate::parse::hcl::parse(text).ok().map(|p| p.body),
    };
    let Some(body) = body else {
        return Vec::new();
    };
    body.blocks_of("module")
        .filter_map(|b| {
            let src = b.body.attribute("source")?;
            let version = b
                .body
                .attribute("version")
                .and_then(|v| literal(&v.expr.kind))
                .unwrap_or_default();
            Some(CallSite {
                source: literal(&src.expr.kind)?,
                version,
                span: src.expr.span,
            })
        })
        .collect()
}

fn literal(kind: &ExprKind) -> Option<String> {
    match kind {
        ExprKind::Template(parts) => match &parts[..] {
            [TemplatePart::Literal { text, .. }] => Some(text.clone()),
            _ => None,
        },
        _ => None,
    }
}

/// How `modules.json` names a source: registry sources with their host.
fn installed_key(source: &str) -> String {
    let s = source.trim();
    match download::parse_source(s) {
        Ok(Some(download::Remote::Registry { host, .. })) if !s.starts_with(&host) => {
            format!("{host}/{s}")
        }
        _ => s.to_string(),
    }
}

/// The sources `terraform init` installed for a directory (its
/// `.terraform/modules/modules.json`).
fn installed_sources(dir: &Path) -> Vec<String> {
    let listing = if dir.as_os_str().is_empty() {
        Path::new(".")
    } else {
        dir
    };
    let path = listing.join(".terraform/modules/modules.json");
    let Ok(text) = read_small(&path) else {
        return Vec::new();
    };
    let Ok(node) = crate::parse::json::parse(&text) else {
        return Vec::new();
    };
    node.get("Modules")
        .and_then(|m| m.as_seq())
        .into_iter()
        .flatten()
        .filter_map(|m| m.get("Source").and_then(|s| s.as_str()))
        .map(installed_key)
        .collect()
}
