//! The library entry point: one call runs the whole pipeline.
//!
//! discover → read and parse (parallel) → evaluate per module/template
//! (parallel) → adapt into one model → rules (parallel) → suppressions →
//! sorted findings.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::discover::{self, Candidate, Found};
use crate::eval::terraform::ModuleFile;
use crate::eval::{self, Unit};
use crate::finding::{ErrorKind, FileError, Finding, ScanResult, ScanStats, SuppressedFinding};
use crate::model::{adapt, Model};
use crate::parse::{self, Node, SyntaxError};
use crate::rules;
use crate::source::{FileId, FileKind, Range, SourceMap};
use crate::suppress::{self, Comment, FileSyntax, SuppressOptions};

/// Files larger than this are reported and skipped.
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

#[derive(Clone, Debug, Default)]
pub struct ScanOptions {
    pub paths: Vec<PathBuf>,
    /// Do not honour `.gitignore` and `.ignore` files.
    pub no_ignore: bool,
    /// Worker threads (default: all cores).
    pub threads: Option<usize>,
    /// Inline and metadata suppressions (see [`crate::suppress`]).
    pub suppress: SuppressOptions,
    /// Told how far the scan is (the CLI's progress bar); `None`: nobody.
    pub progress: Option<ProgressHook>,
}

/// How far a scan is. Reported to a [`ProgressHook`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Progress {
    /// Discovery is done: this many files will be read and parsed.
    Discovered { files: usize },
    /// One more of them has been read and parsed.
    Parsed,
}

/// A callback for [`Progress`] events. It is called from worker threads, so
/// it must be cheap and thread-safe; it cannot change the scan's result.
#[derive(Clone)]
pub struct ProgressHook(pub Arc<dyn Fn(Progress) + Send + Sync>);

impl std::fmt::Debug for ProgressHook {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ProgressHook")
    }
}

/// Runs a scan. Never panics on user input: unreadable or malformed files
/// become [`FileError`]s and the other files are still scanned.
pub fn scan(opts: &ScanOptions) -> ScanResult {
    match opts.threads {
        Some(n) => match rayon::ThreadPoolBuilder::new()
            .num_threads(n.max(1))
            .build()
        {
            Ok(pool) => pool.install(|| scan_inner(opts)),
            Err(_) => scan_inner(opts),
        },
        None => scan_inner(opts),
    }
}

enum Syntax {
    /// A Terraform body and its comments (none for `.tf.json`).
    Hcl(parse::hcl_ast::Body, Vec<Comment>),
    /// A CloudFormation template and its comments (none for JSON).
    Template(Node, Vec<Comment>),
}

struct Loaded {
    found: Found,
    /// Loaded only to evaluate a requested file's module: not reported on.
    context: bool,
    kind: FileKind,
    text: Arc<str>,
    syntax: Result<Syntax, SyntaxError>,
}

fn scan_inner(opts: &ScanOptions) -> ScanResult {
    let paths = if opts.paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        opts.paths.clone()
    };
    let discovered = discover::discover(&paths, opts.no_ignore);
    let mut errors = discovered.errors;
    let mut found: Vec<(Found, bool)> = discovered.files.into_iter().map(|f| (f, false)).collect();
    add_module_context(&mut found);
    let progress = |event| {
        if let Some(hook) = &opts.progress {
            (hook.0)(event);
        }
    };
    progress(Progress::Discovered { files: found.len() });

    // Read and parse in parallel.
    let results: Vec<Result<Option<Loaded>, FileError>> = found
        .into_par_iter()
        .map(|(f, context)| {
            let loaded = load(f, context);
            progress(Progress::Parsed);
            loaded
        })
        .collect();
    let mut loaded: Vec<Loaded> = Vec::new();
    for r in results {
        match r {
            Ok(Some(l)) => loaded.push(l),
            Ok(None) => {}
            Err(e) => errors.push(e),
        }
    }
    loaded.sort_by(|a, b| a.found.display.cmp(&b.found.display));

    // Assign file ids in path order so output never depends on scheduling.
    let mut sources = SourceMap::default();
    let mut reported: HashSet<FileId> = HashSet::new();
    let mut tf_modules: BTreeMap<PathBuf, Vec<ModuleFile>> = BTreeMap::new();
    let mut templates: Vec<(FileId, PathBuf, Node)> = Vec::new();
    // What suppressions need, for the files that are reported on.
    let mut syntax: Vec<FileSyntax> = Vec::new();
    for l in loaded {
        let id = sources.add(l.found.display.clone(), l.kind, l.text.clone());
        if !l.context {
            reported.insert(id);
        }
        let keep_syntax = opts.suppress.enabled && !l.context;
        match l.syntax {
            Err(e) => {
                if !l.context {
                    errors.push(FileError {
                        kind: ErrorKind::Syntax,
                        path: l.found.display.clone(),
                        range: Some(Range::new(id, e.span)),
                        message: e.message,
                    });
                }
            }
            Ok(Syntax::Hcl(body, comments)) => {
                if keep_syntax {
                    syntax.push(FileSyntax::hcl(id, &body, comments));
                }
                let dir = l
                    .found
                    .path
                    .parent()
                    .map(Path::to_path_buf)
                    .unwrap_or_default();
                tf_modules.entry(dir).or_default().push(ModuleFile {
                    file: id,
                    text: l.text,
                    body,
                });
            }
            Ok(Syntax::Template(root, comments)) => {
                if keep_syntax {
                    syntax.push(FileSyntax::template(id, &root, comments));
                }
                templates.push((id, l.found.display, root))
            }
        }
    }

    // Evaluate and adapt each unit in parallel.
    let tf_units = tf_modules
        .into_par_iter()
        .map(|(dir, files)| eval::terraform::evaluate(&files, dir));
    let cfn_units = templates
        .into_par_iter()
        .map(|(id, path, root)| eval::cloudformation::evaluate(&root, id, path));
    let units: Vec<Unit> = tf_units.chain(cfn_units).collect();
    let models: Vec<Model> = units.par_iter().map(adapt::adapt).collect();
    for u in &units {
        for (range, message) in &u.problems {
            if reported.contains(&range.file) {
                errors.push(FileError {
                    kind: ErrorKind::Eval,
                    path: sources.get(range.file).path.clone(),
                    range: Some(*range),
                    message: message.clone(),
                });
            }
        }
    }
    let mut model = Model::default();
    for m in models {
        model.extend(m);
    }

    let findings = rules::run(&model, &|_| true);
    let mut findings: Vec<Finding> = findings
        .into_iter()
        .filter(|f| reported.contains(&f.range.file))
        .collect();
    findings = dedupe(findings);
    let outcome = suppress::apply(findings, &syntax, &sources, &opts.suppress);
    let mut findings = outcome.findings;
    findings.extend(outcome.meta);
    let mut suppressed: Vec<SuppressedFinding> = outcome.suppressed;
    let order = |a: &Finding, b: &Finding| {
        let (pa, pb) = (
            &sources.get(a.range.file).path,
            &sources.get(b.range.file).path,
        );
        (pa, a.range.span.start, &a.rule.id, &a.message).cmp(&(
            pb,
            b.range.span.start,
            &b.rule.id,
            &b.message,
        ))
    };
    findings.sort_by(order);
    suppressed.sort_by(|a, b| order(&a.finding, &b.finding));
    errors.sort_by(|a, b| {
        (&a.path, a.range.map(|r| r.span.start)).cmp(&(&b.path, b.range.map(|r| r.span.start)))
    });
    ScanResult {
        stats: ScanStats {
            files: reported.len(),
            resources: model.resource_count,
        },
        sources,
        findings,
        errors,
        suppressed,
    }
}

/// The same finding from several condition branches is reported once, with
/// the conditions that lead to it (none when every branch does).
fn dedupe(findings: Vec<Finding>) -> Vec<Finding> {
    let mut by_key: HashMap<(String, Range, String), Finding> = HashMap::new();
    let mut order = Vec::new();
    for f in findings {
        let key = (f.rule.id.clone(), f.range, f.message.clone());
        match by_key.get_mut(&key) {
            None => {
                order.push(key.clone());
                by_key.insert(key, f);
            }
            Some(existing) => {
                if existing.notes.is_empty() || f.notes.is_empty() {
                    existing.notes.clear();
                    existing.variants = usize::MAX;
                } else {
                    for n in f.notes {
                        if !existing.notes.contains(&n) {
                            existing.notes.push(n);
                        }
                    }
                }
                existing.severity = existing.severity.max(f.severity);
            }
        }
    }
    order
        .into_iter()
        .filter_map(|k| by_key.remove(&k))
        .map(|mut f| {
            // Reached in every configuration of the resource: unconditional.
            if f.variants != usize::MAX && f.notes.len() >= f.variants && f.variants > 1 {
                f.notes.clear();
            }
            f
        })
        .collect()
}

/// A Terraform file named on the command line is evaluated with the rest of
/// its module directory (read as context, not reported on).
fn add_module_context(found: &mut Vec<(Found, bool)>) {
    let have: HashSet<PathBuf> = found.iter().map(|(f, _)| f.path.clone()).collect();
    let dirs: HashSet<PathBuf> = found
        .iter()
        .filter(|(f, _)| f.explicit && f.candidate != Candidate::MaybeTemplate)
        .filter_map(|(f, _)| f.path.parent().map(Path::to_path_buf))
        .collect();
    let cwd = std::env::current_dir().ok();
    for dir in dirs {
        let read_dir = if dir.as_os_str().is_empty() {
            PathBuf::from(".")
        } else {
            dir.clone()
        };
        let Ok(entries) = std::fs::read_dir(&read_dir) else {
            continue;
        };
        let mut extra: Vec<PathBuf> = entries
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
            .map(|e| dir.join(e.file_name()))
            .filter(|p| {
                matches!(
                    Candidate::of(p),
                    Some(Candidate::Terraform | Candidate::TerraformJson)
                )
            })
            .filter(|p| !have.contains(p))
            .collect();
        extra.sort();
        for p in extra {
            let candidate = Candidate::of(&p).unwrap_or(Candidate::Terraform);
            found.push((
                Found {
                    display: discover::display_path(&p, cwd.as_deref()),
                    path: p,
                    candidate,
                    explicit: false,
                },
                true,
            ));
        }
    }
}

/// Reads and parses one file. `Ok(None)`: not something we scan (a YAML or
/// JSON file that is not a CloudFormation template).
fn load(found: Found, context: bool) -> Result<Option<Loaded>, FileError> {
    let err = |kind, message: String| FileError {
        kind,
        path: found.display.clone(),
        range: None,
        message,
    };
    let size = std::fs::metadata(&found.path)
        .map(|m| m.len())
        .map_err(|e| err(ErrorKind::Io, format!("cannot read: {e}")))?;
    if size > MAX_FILE_BYTES {
        return Err(err(
            ErrorKind::Io,
            format!(
                "skipped: {} MiB is larger than the {} MiB limit",
                size / (1024 * 1024),
                MAX_FILE_BYTES / (1024 * 1024)
            ),
        ));
    }
    let bytes =
        std::fs::read(&found.path).map_err(|e| err(ErrorKind::Io, format!("cannot read: {e}")))?;
    let is_template_name = found.candidate == Candidate::MaybeTemplate;
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return if is_template_name
            && !looks_like_template(&String::from_utf8_lossy(&bytes))
            && !bytes.chunks(2).any(|c| c == b"A\0" || c == b"\0A")
        {
            Ok(None)
        } else {
            Err(err(
                ErrorKind::Syntax,
                "file is UTF-16 encoded; save it as UTF-8".into(),
            ))
        };
    }
    let text = match String::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            if is_template_name && !looks_like_template(&String::from_utf8_lossy(e.as_bytes())) {
                return Ok(None);
            }
            return Err(err(
                ErrorKind::Syntax,
                format!(
                    "file is not valid UTF-8 text (invalid byte at offset {})",
                    e.utf8_error().valid_up_to()
                ),
            ));
        }
    };
    if text.contains('\0') {
        if is_template_name && !looks_like_template(&text) {
            return Ok(None);
        }
        return Err(err(
            ErrorKind::Syntax,
            "file contains NUL bytes: not a text file".into(),
        ));
    }
    let text: Arc<str> = Arc::from(text);
    let (kind, syntax) = match found.candidate {
        Candidate::Terraform => (
            FileKind::TerraformHcl,
            parse::hcl::parse(&text).map(|p| {
                let comments = p
                    .comments
                    .into_iter()
                    .map(|c| Comment {
                        text: c.text,
                        span: c.span,
                    })
                    .collect();
                Syntax::Hcl(p.body, comments)
            }),
        ),
        Candidate::TerraformJson => (
            FileKind::TerraformJson,
            parse::json::parse(&text)
                .and_then(|n| eval::terraform_json::to_body(&n, &text))
                .map(|body| Syntax::Hcl(body, Vec::new())),
        ),
        Candidate::MaybeTemplate => {
            if !looks_like_template(&text) {
                return Ok(None);
            }
            let json = text
                .trim_start_matches('\u{feff}')
                .trim_start()
                .starts_with('{');
            let parsed = if json {
                parse::json::parse(&text).map(|root| (root, Vec::new()))
            } else {
                parse::yaml::parse(&text).map(|p| {
                    let comments = p
                        .comments
                        .into_iter()
                        .map(|c| Comment {
                            text: c.text,
                            span: c.span,
                        })
                        .collect();
                    (p.root, comments)
                })
            };
            match parsed {
                Ok((root, _)) if !eval::cloudformation::is_template(&root) => return Ok(None),
                Ok((root, comments)) => (
                    if json {
                        FileKind::CloudFormationJson
                    } else {
                        FileKind::CloudFormationYaml
                    },
                    Ok(Syntax::Template(root, comments)),
                ),
                Err(e) => (
                    if json {
                        FileKind::CloudFormationJson
                    } else {
                        FileKind::CloudFormationYaml
                    },
                    Err(e),
                ),
            }
        }
    };
    Ok(Some(Loaded {
        found,
        context,
        kind,
        text,
        syntax,
    }))
}

/// A cheap look at the text before parsing: does it mention what every
/// CloudFormation template has?
fn looks_like_template(text: &str) -> bool {
    text.contains("AWSTemplateFormatVersion")
        || (text.contains("Resources") && (text.contains("AWS::") || text.contains("Custom::")))
}
