//! The library entry point: one call runs the whole pipeline.
//!
//! discover → read and parse (parallel) → evaluate per module/template
//! (parallel) → adapt into one model → rules (parallel) → suppressions →
//! sorted findings.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::discover::{self, Candidate, Excludes, Found};
use crate::eval::cfn_params::ParameterValues;
use crate::eval::terraform::{Input, ModuleFile};
use crate::eval::value::{Budget, MAX_EVAL_COST};
use crate::eval::{self, Unit};
use crate::finding::{
    ErrorKind, FileError, Finding, ScanResult, ScanStats, SuppressedFinding, ValueCounts,
};
use crate::model::{adapt, Model};
use crate::parse::{self, SyntaxError};
use crate::rules::{self, RuleSelection};
use crate::scan_terraform;
pub use crate::scan_terraform::TfVar;
use crate::source::{FileId, FileKind, Range, SourceMap};
use crate::suppress::{self, FileSyntax, SuppressOptions};

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
    /// Which rules run, and severity overrides (default: every rule, at its
    /// own severity).
    pub rules: RuleSelection,
    /// Paths left out of discovery.
    pub exclude: Excludes,
    /// Terraform `--var-file` and `--var` values, in command-line order
    /// (later wins).
    pub tf_vars: Vec<TfVar>,
    /// `TF_VAR_name` environment variables: (name, value). The CLI fills this
    /// from the process environment; the library never reads it itself.
    pub tf_env: Vec<(String, String)>,
    /// Text to scan instead of what is on disk (open editor buffers).
    pub overlay: Overlay,
    /// CloudFormation parameter values (`--parameter`, `--parameters`): they
    /// replace parameter defaults and give pseudo parameters a value.
    pub parameters: ParameterValues,
    /// Told how far the scan is (the CLI's progress bar); `None`: nobody.
    pub progress: Option<ProgressHook>,
    /// Custom policies (`crate::policy`) run with the rules; `None`: none.
    pub policies: Option<Arc<crate::policy::Policies>>,
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

/// File contents by absolute path, used instead of the files on disk; a path
/// here need not exist on disk. The language server puts its open documents
/// here, so unsaved edits are what gets scanned.
pub type Overlay = HashMap<PathBuf, Arc<str>>;

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

/// A file read and recognised, not yet parsed.
pub(crate) struct Read {
    pub found: Found,
    /// Loaded only to evaluate a requested file's module: not reported on.
    pub context: bool,
    pub role: Role,
    pub kind: FileKind,
    pub text: Arc<str>,
}

/// What a Terraform file is to its module.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Role {
    /// Configuration (`.tf`, `.tf.json`) or a template.
    Source,
    /// A tfvars file Terraform loads automatically.
    Vars,
    /// The `--var-file` at this index of `ScanOptions::tf_vars`.
    CliVars(usize),
}

/// A file waiting in a unit of evaluation, with its id.
#[derive(Clone)]
pub(crate) struct Pending {
    pub id: FileId,
    /// The path read (the display path may be relative to the working
    /// directory instead).
    pub path: PathBuf,
    pub display: PathBuf,
    pub context: bool,
    pub kind: FileKind,
    pub text: Arc<str>,
}

/// What evaluating one module or template leaves behind: its typed model and
/// the diagnostics and suppression syntax of its reported files. Syntax trees
/// and evaluated values are dropped before this is returned, so at most one
/// unit per thread holds them at any time.
#[derive(Default)]
struct UnitOutput {
    model: Model,
    values: ValueCounts,
    errors: Vec<FileError>,
    syntax: Vec<FileSyntax>,
    /// Files that turned out not to be CloudFormation templates after all.
    not_templates: Vec<FileId>,
    /// Terraform module directories instantiated by calls, and parsed.
    called: BTreeSet<PathBuf>,
    parsed: Vec<PathBuf>,
    /// Findings of custom policies.
    custom: Vec<Finding>,
}

fn scan_inner(opts: &ScanOptions) -> ScanResult {
    let paths = if opts.paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        opts.paths.clone()
    };
    let (buffers, paths) = buffers_only(paths, &opts.overlay);
    let discovered = discover::discover(&paths, opts.no_ignore, &opts.exclude);
    let mut errors = discovered.errors;
    let mut found: Vec<(Found, bool)> = discovered.files.into_iter().map(|f| (f, false)).collect();
    found.extend(
        buffers
            .into_iter()
            .filter(|f| !opts.exclude.is_excluded(&f.path, false))
            .map(|f| (f, false)),
    );
    add_module_context(&mut found, &opts.overlay);
    let progress = |event| {
        if let Some(hook) = &opts.progress {
            (hook.0)(event);
        }
    };
    progress(Progress::Discovered { files: found.len() });

    // Read in parallel; only the text is kept at this stage.
    let results: Vec<Result<Option<Read>, FileError>> = found
        .into_par_iter()
        .map(|(f, context)| {
            let r = read(f, context, &opts.overlay);
            // A file not read any further is done; the others are counted
            // when their unit parses them.
            if !matches!(r, Ok(Some(_))) {
                progress(Progress::Parsed);
            }
            r
        })
        .collect();
    let mut read_files: Vec<Read> = Vec::new();
    for r in results {
        match r {
            Ok(Some(r)) => read_files.push(r),
            Ok(None) => {}
            Err(e) => errors.push(e),
        }
    }
    let readable = readable_roots(&paths);
    scan_terraform::add_inputs(&mut read_files, opts, &readable, &mut errors);
    read_files.sort_by(|a, b| a.found.display.cmp(&b.found.display));

    // Assign file ids in path order so output never depends on scheduling,
    // and group the files into units: a Terraform module directory, or one
    // template.
    let mut sources = SourceMap::default();
    let mut reported: HashSet<FileId> = HashSet::new();
    let mut tf_modules: BTreeMap<PathBuf, Vec<Pending>> = BTreeMap::new();
    let mut tfvars: BTreeMap<PathBuf, Vec<Pending>> = BTreeMap::new();
    let mut cli_vars: Vec<(usize, Pending)> = Vec::new();
    let mut templates: Vec<Pending> = Vec::new();
    for r in read_files {
        let id = sources.add(r.found.display.clone(), r.kind, r.text.clone());
        if !r.context {
            reported.insert(id);
        }
        let pending = Pending {
            id,
            path: r.found.path.clone(),
            display: r.found.display,
            context: r.context,
            kind: r.kind,
            text: r.text,
        };
        let dir = r
            .found
            .path
            .parent()
            .map(eval::terraform::normalize)
            .unwrap_or_default();
        if let Role::CliVars(i) = r.role {
            cli_vars.push((i, pending));
        } else if r.role == Role::Vars {
            tfvars.entry(dir).or_default().push(pending);
        } else if r.kind.is_terraform() {
            tf_modules.entry(dir).or_default().push(pending);
        } else {
            templates.push(pending);
        }
    }

    // Parse, evaluate and adapt each unit in parallel.
    let mut cli_files: Vec<(usize, Vec<(String, Input)>)> = Vec::new();
    for (i, file) in cli_vars {
        match scan_terraform::read_vars(&file) {
            Ok(vars) => cli_files.push((i, vars)),
            Err(e) => errors.push(syntax_error(&file, e)),
        }
    }
    let plan_sources = if templates.iter().any(|t| t.kind == FileKind::TerraformPlan) {
        tf_modules.clone()
    } else {
        BTreeMap::new()
    };
    let plan_sources = &plan_sources;
    let mut planner = scan_terraform::Planner::new(tf_modules, tfvars);
    let roots = planner.roots();
    let tf_plan = planner.units(&roots);
    let mut shared = scan_terraform::Shared::new(&tf_plan);
    let tf_units = tf_plan.into_par_iter().map(|unit| {
        terraform_unit(
            unit,
            &shared,
            &BTreeSet::new(),
            &cli_files,
            &readable,
            opts,
            &progress,
        )
    });
    let cfn_units = templates.into_par_iter().map(|file| match file.kind {
        FileKind::TerraformPlan => {
            progress(Progress::Parsed);
            plan_unit(file, plan_sources, opts)
        }
        _ => template_unit(file, opts, &progress),
    });
    let mut outputs: Vec<UnitOutput> = tf_units.chain(cfn_units).collect();
    // Directories thought to be called that no root instantiated are
    // evaluated as roots of their own.
    let called: BTreeSet<PathBuf> = outputs
        .iter()
        .flat_map(|o| o.called.iter().cloned())
        .collect();
    let orphans = planner.orphans(&roots, &called);
    if !orphans.is_empty() {
        let parsed: BTreeSet<PathBuf> = outputs
            .iter()
            .flat_map(|o| o.parsed.iter().cloned())
            .collect();
        let units = planner.units(&orphans);
        shared.add(&units);
        let shared = &shared;
        let more: Vec<UnitOutput> = units
            .into_par_iter()
            .map(|unit| {
                terraform_unit(
                    unit, shared, &parsed, &cli_files, &readable, opts, &progress,
                )
            })
            .collect();
        outputs.extend(more);
    }
    let mut model = Model::default();
    let mut syntax: Vec<FileSyntax> = Vec::new();
    let mut values = ValueCounts::default();
    let mut custom: Vec<Finding> = Vec::new();
    for out in outputs {
        custom.extend(out.custom);
        for mut e in out.errors {
            if let Some(r) = e.range {
                if !reported.contains(&r.file) {
                    continue;
                }
                e.path = sources.get(r.file).path.clone();
            }
            errors.push(e);
        }
        for id in out.not_templates {
            reported.remove(&id);
        }
        syntax.extend(out.syntax);
        model.extend(out.model);
        values += out.values;
    }

    let mut findings = rules::run(&model, &opts.rules);
    findings.extend(custom);
    let resources = model.resource_count;
    drop(model);
    let mut findings: Vec<Finding> = findings
        .into_iter()
        .filter(|f| reported.contains(&f.range.file))
        .collect();
    findings = dedupe(findings);
    let outcome = suppress::apply(findings, &syntax, &sources, &opts.suppress, &|m| {
        opts.rules.is_enabled(&m.id)
    });
    let mut findings = outcome.findings;
    for mut f in outcome.meta {
        if opts.rules.is_enabled(&f.rule.id) {
            opts.rules.adjust(&mut f);
            findings.push(f);
        }
    }
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
        (&a.path, a.range.map(|r| r.span.start), &a.message).cmp(&(
            &b.path,
            b.range.map(|r| r.span.start),
            &b.message,
        ))
    });
    // A module several roots call reports an evaluation problem once.
    errors.dedup_by(|a, b| a.path == b.path && a.range == b.range && a.message == b.message);
    ScanResult {
        stats: ScanStats {
            files: reported.len(),
            resources,
            values,
        },
        sources,
        findings,
        errors,
        suppressed,
        baselined: 0,
    }
}

/// The same finding from several condition branches is reported once, with
/// the conditions that lead to it (none when every branch does). So is the
/// same finding from several instances of one block (`count`, `for_each`) or
/// from several calls of one module: same rule, place and message but for the
/// resource's module path and instance keys. It keeps the first one's address
/// and lists every calling `module` block; findings that differ (a value the
/// caller passed) stay separate, each with its own calls.
fn dedupe(findings: Vec<Finding>) -> Vec<Finding> {
    // Keyed by rule and range; the few findings sharing both are told apart
    // by message. Indices, not copies, keep this cheap on large scans.
    let mut by_key: HashMap<(&'static str, Range), Vec<usize>> = HashMap::new();
    let mut out: Vec<Finding> = Vec::with_capacity(findings.len());
    let same = |a: &Finding, b: &Finding| {
        a.message == b.message
            || (a.resource != b.resource
                && local_address(&a.resource) == local_address(&b.resource)
                && a.message.replace(&a.resource, "") == b.message.replace(&b.resource, ""))
    };
    for f in findings {
        let slot = by_key.entry((f.rule.id.as_str(), f.range)).or_default();
        let Some(&i) = slot.iter().find(|&&i| same(&out[i], &f)) else {
            slot.push(out.len());
            out.push(f);
            continue;
        };
        let existing = &mut out[i];
        for r in f.related {
            if !existing.related.iter().any(|e| e.0 == r.0) {
                existing.related.push(r);
            }
        }
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
    drop(by_key);
    for f in &mut out {
        // Reached in every configuration of the resource: unconditional.
        if f.variants != usize::MAX && f.notes.len() >= f.variants && f.variants > 1 {
            f.notes.clear();
        }
    }
    out
}

/// A resource address without its module path and instance keys:
/// `module.m["a"].aws_x.y[0]` → `aws_x.y`.
pub(crate) fn local_address(address: &str) -> String {
    let mut rest = without_keys(address);
    while let Some(r) = rest.strip_prefix("module.") {
        rest = r
            .split_once('.')
            .map(|(_, t)| t.to_string())
            .unwrap_or_default();
    }
    rest
}

/// A resource address without instance keys.
fn without_keys(address: &str) -> String {
    let mut out = String::with_capacity(address.len());
    let mut depth = 0usize;
    let mut quoted = false;
    let mut prev = '\0';
    for c in address.chars() {
        match c {
            '"' if depth > 0 && prev != '\\' => quoted = !quoted,
            '[' if !quoted => depth += 1,
            ']' if !quoted && depth > 0 => depth -= 1,
            _ if depth == 0 => out.push(c),
            _ => {}
        }
        prev = c;
    }
    out
}

/// Splits off the named paths that exist only in the overlay (a new buffer
/// not saved yet): discovery would report them missing.
fn buffers_only(paths: Vec<PathBuf>, overlay: &Overlay) -> (Vec<Found>, Vec<PathBuf>) {
    if overlay.is_empty() {
        return (Vec::new(), paths);
    }
    let cwd = std::env::current_dir().ok();
    let mut buffers = Vec::new();
    let mut rest = Vec::new();
    for p in paths {
        match Candidate::of(&p) {
            Some(candidate)
                if overlay.contains_key(&discover::absolute(&p))
                    && std::fs::metadata(&p).is_err() =>
            {
                buffers.push(Found {
                    display: discover::display_path(&p, cwd.as_deref()),
                    path: p,
                    candidate,
                    explicit: true,
                });
            }
            _ => rest.push(p),
        }
    }
    (buffers, rest)
}

/// A Terraform file named on the command line is evaluated with the rest of
/// its module directory (read as context, not reported on): the files on
/// disk, and the overlay's files in that directory.
fn add_module_context(found: &mut Vec<(Found, bool)>, overlay: &Overlay) {
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
        let entries = std::fs::read_dir(&read_dir);
        if entries.is_err() && overlay.is_empty() {
            continue;
        }
        let mut extra: Vec<PathBuf> = entries
            .into_iter()
            .flatten()
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
        if !overlay.is_empty() {
            let abs_dir = discover::absolute(&read_dir);
            let have_abs: HashSet<PathBuf> = have
                .iter()
                .chain(&extra)
                .map(|p| discover::absolute(p))
                .collect();
            extra.extend(
                overlay
                    .keys()
                    .filter(|p| p.parent() == Some(abs_dir.as_path()))
                    .filter(|p| {
                        matches!(
                            Candidate::of(p),
                            Some(Candidate::Terraform | Candidate::TerraformJson)
                        )
                    })
                    .filter(|p| !have_abs.contains(*p))
                    .cloned(),
            );
        }
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
/// Reads a candidate file and decides its kind. `Ok(None)`: not for us (a
/// `.yaml`/`.json` file that is not a CloudFormation template).
fn read(found: Found, context: bool, overlay: &Overlay) -> Result<Option<Read>, FileError> {
    let err = |kind, message: String| FileError {
        kind,
        path: found.display.clone(),
        range: None,
        message,
    };
    let buffer = if overlay.is_empty() {
        None
    } else {
        overlay.get(&discover::absolute(&found.path))
    };
    let size = match buffer {
        Some(text) => text.len() as u64,
        None => std::fs::metadata(&found.path)
            .map(|m| m.len())
            .map_err(|e| err(ErrorKind::Io, format!("cannot read: {e}")))?,
    };
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
    let bytes = match buffer {
        Some(text) => text.as_bytes().to_vec(),
        None => std::fs::read(&found.path)
            .map_err(|e| err(ErrorKind::Io, format!("cannot read: {e}")))?,
    };
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
            let at = e.utf8_error().valid_up_to();
            let (line, col) = line_col(e.as_bytes(), at);
            return Err(err(
                ErrorKind::Syntax,
                format!(
                    "file is not valid UTF-8 text: invalid byte 0x{:02X} at line {line}, column {col} (offset {at})",
                    e.as_bytes()[at]
                ),
            ));
        }
    };
    if text.contains('\0') {
        if is_template_name && !looks_like_template(&text) {
            return Ok(None);
        }
        let at = text.find('\0').unwrap_or(0);
        let (line, col) = line_col(text.as_bytes(), at);
        return Err(err(
            ErrorKind::Syntax,
            format!("file contains a NUL byte at line {line}, column {col}: not a text file"),
        ));
    }
    let kind = match found.candidate {
        Candidate::Terraform => FileKind::TerraformHcl,
        Candidate::TerraformJson => FileKind::TerraformJson,
        Candidate::MaybeTemplate if is_json(&text) && looks_like_plan(&text) => {
            FileKind::TerraformPlan
        }
        Candidate::MaybeTemplate => {
            if !looks_like_template(&text) {
                return Ok(None);
            }
            if is_json(&text) {
                FileKind::CloudFormationJson
            } else {
                FileKind::CloudFormationYaml
            }
        }
    };
    Ok(Some(Read {
        found,
        context,
        role: Role::Source,
        kind,
        text: Arc::from(text),
    }))
}

/// 1-based line and column (in characters) of byte `at` of `bytes`, whose
/// first `at` bytes are valid UTF-8.
fn line_col(bytes: &[u8], at: usize) -> (usize, usize) {
    let before = std::str::from_utf8(&bytes[..at]).unwrap_or_default();
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (
        before.matches('\n').count() + 1,
        before[line_start..].chars().count() + 1,
    )
}

fn is_json(text: &str) -> bool {
    text.trim_start_matches('\u{feff}')
        .trim_start()
        .starts_with('{')
}

fn syntax_error(file: &Pending, e: SyntaxError) -> FileError {
    FileError {
        kind: ErrorKind::Syntax,
        path: file.display.clone(),
        range: Some(Range::new(file.id, e.span)),
        message: e.message,
    }
}

/// The canonical directories `file()` may read from: the scanned paths (a
/// file's directory for a file).
fn readable_roots(paths: &[PathBuf]) -> Vec<PathBuf> {
    paths
        .iter()
        .filter_map(|p| std::fs::canonicalize(p).ok())
        .map(|p| {
            if p.is_file() {
                p.parent().map(Path::to_path_buf).unwrap_or(p)
            } else {
                p
            }
        })
        .collect()
}

/// Parses, evaluates and adapts one Terraform root module with the modules
/// it calls.
fn terraform_unit(
    unit: scan_terraform::TfUnit,
    shared: &scan_terraform::Shared,
    already_parsed: &BTreeSet<PathBuf>,
    cli_files: &[(usize, Vec<(String, Input)>)],
    readable: &[PathBuf],
    opts: &ScanOptions,
    progress: &(dyn Fn(Progress) + Sync),
) -> UnitOutput {
    let suppress = &opts.suppress;
    let mut out = UnitOutput::default();
    let mut modules: eval::terraform::Modules = HashMap::new();
    for (dir, files) in &unit.dirs {
        // A directory an earlier pass parsed has reported its syntax.
        let report = !already_parsed.contains(dir);
        if report {
            out.parsed.push(dir.clone());
        }
        let parsed = shared.get(dir, || {
            let mut module = Vec::with_capacity(files.len());
            for file in files {
                let parsed = scan_terraform::parse_file(file);
                if report {
                    progress(Progress::Parsed);
                }
                match parsed {
                    Err(e) => {
                        if report {
                            out.errors.push(syntax_error(file, e))
                        }
                    }
                    Ok((body, comments)) => {
                        if suppress.enabled && !file.context && report {
                            out.syntax.push(FileSyntax::hcl(file.id, &body, comments));
                        }
                        module.push(ModuleFile {
                            file: file.id,
                            text: file.text.clone(),
                            body,
                        });
                    }
                }
            }
            module
        });
        modules.insert(dir.clone(), parsed);
    }
    let mut vars = Vec::new();
    for file in &unit.vars {
        match scan_terraform::read_vars(file) {
            Ok(v) => vars.extend(v),
            Err(e) => out.errors.push(syntax_error(file, e)),
        }
    }
    let inputs = scan_terraform::inputs(vars, cli_files, opts);
    let budget = Budget::arm();
    let evaluated = scan_terraform::evaluate(&unit, &modules, inputs, readable);
    budget_problem(&budget, &evaluated.unit, shown_dir(&unit), &mut out);
    drop(budget);
    drop(modules);
    for (dir, _) in &unit.dirs {
        let instantiated = *dir == unit.root || evaluated.called.contains(dir);
        shared.release(dir, instantiated);
    }
    out.called = evaluated.called;
    let model = adapt::adapt_with(&evaluated.unit, &evaluated.related);
    let files = unit.dirs.iter().flat_map(|(_, f)| f);
    policy_unit(opts, &evaluated.unit, &evaluated.related, files, &mut out);
    finish_unit(evaluated.unit, model, &mut out);
    out
}

/// Parses, evaluates and adapts one Terraform plan JSON file, reading the
/// `.tf` files of scanned module directories its configuration leads to.
fn plan_unit(
    file: Pending,
    sources: &BTreeMap<PathBuf, Vec<Pending>>,
    opts: &ScanOptions,
) -> UnitOutput {
    let mut out = UnitOutput::default();
    let root = match parse::json::parse(&file.text) {
        Ok(root) => root,
        Err(e) => {
            out.errors.push(syntax_error(&file, e));
            return out;
        }
    };
    if !eval::terraform_plan::is_plan(&root) {
        out.not_templates.push(file.id);
        return out;
    }
    let load = |dir: &Path| -> Option<Vec<ModuleFile>> {
        let files = sources.get(dir)?;
        Some(
            files
                .iter()
                .filter_map(|f| {
                    scan_terraform::parse_body(f).ok().map(|body| ModuleFile {
                        file: f.id,
                        text: f.text.clone(),
                        body,
                    })
                })
                .collect(),
        )
    };
    let budget = Budget::arm();
    let (mut unit, related) =
        eval::terraform_plan::evaluate(&root, file.id, file.path.clone(), &load);
    budget_problem(&budget, &unit, file.display.clone(), &mut out);
    drop(budget);
    unit.path = file.display.clone();
    drop(root);
    let model = adapt::adapt_with(&unit, &related);
    let files = std::iter::once(&file).chain(sources.values().flatten());
    policy_unit(opts, &unit, &related, files, &mut out);
    finish_unit(unit, model, &mut out);
    out
}

/// Parses, evaluates and adapts one CloudFormation template.
fn template_unit(
    file: Pending,
    opts: &ScanOptions,
    progress: &(dyn Fn(Progress) + Sync),
) -> UnitOutput {
    let (suppress, parameters) = (&opts.suppress, &opts.parameters);
    let mut out = UnitOutput::default();
    let parsed = if file.kind == FileKind::CloudFormationJson {
        parse::json::parse(&file.text).map(|root| (root, Vec::new()))
    } else {
        parse::yaml::parse(&file.text).map(|p| (p.root, p.comments))
    };
    progress(Progress::Parsed);
    let (root, comments) = match parsed {
        Ok(p) => p,
        Err(e) => {
            out.errors.push(syntax_error(&file, e));
            return out;
        }
    };
    if !eval::cloudformation::is_template(&root) {
        out.not_templates.push(file.id);
        return out;
    }
    if suppress.enabled && !file.context {
        out.syntax
            .push(FileSyntax::template(file.id, &root, comments));
    }
    let budget = Budget::arm();
    let (unit, labels) =
        eval::cloudformation::evaluate(&root, file.id, file.display.clone(), parameters);
    budget_problem(&budget, &unit, file.display.clone(), &mut out);
    drop(budget);
    drop(root);
    let model = adapt::adapt_labelled(&unit, &labels);
    let related = eval::terraform::Related::new();
    policy_unit(opts, &unit, &related, std::iter::once(&file), &mut out);
    finish_unit(unit, model, &mut out);
    out
}

/// Reports an evaluation that ran out of its [`Budget`], unless the
/// evaluator already reported a limit of its own (one diagnostic per cause).
fn budget_problem(budget: &Budget, unit: &Unit, path: PathBuf, out: &mut UnitOutput) {
    if budget.exhausted() && unit.problems.is_empty() {
        out.errors.push(FileError {
            kind: ErrorKind::Eval,
            path,
            range: None,
            message: format!(
                "evaluation limit reached: values worth more than {MAX_EVAL_COST} made or \
                 copied (a value that doubles with each reference?); the rest are unknown"
            ),
        });
    }
}

/// The directory of a Terraform unit's root module as reports show it.
fn shown_dir(unit: &scan_terraform::TfUnit) -> PathBuf {
    unit.dirs
        .first()
        .and_then(|(dir, files)| {
            files
                .first()
                .and_then(|f| f.display.parent())
                .map(|d| {
                    if d.as_os_str().is_empty() {
                        PathBuf::from(".")
                    } else {
                        d.to_path_buf()
                    }
                })
                .or_else(|| Some(dir.clone()))
        })
        .unwrap_or_default()
}

/// Counts the leaf values of `v`; every branch of a choice counts.
fn count_values(v: &eval::value::Value, counts: &mut ValueCounts) {
    use eval::value::Kind;
    match &v.kind {
        Kind::List(items) => items.iter().for_each(|i| count_values(i, counts)),
        Kind::Map(fields) => fields.iter().for_each(|f| count_values(&f.value, counts)),
        Kind::Choice(branches) => branches.iter().for_each(|b| count_values(&b.value, counts)),
        Kind::Unknown(_) => {
            counts.total += 1;
            counts.unknown += 1;
        }
        _ => counts.total += 1,
    }
}

/// Runs the custom policies over an evaluated unit (nothing when none are
/// loaded): their findings join the unit's, their evaluation failures its
/// errors.
fn policy_unit<'a>(
    opts: &ScanOptions,
    unit: &Unit,
    related: &eval::terraform::Related,
    files: impl Iterator<Item = &'a Pending>,
    out: &mut UnitOutput,
) {
    let Some(policies) = opts.policies.as_deref() else {
        return;
    };
    let sources: Vec<_> = files
        .map(|f| (f.id, f.display.clone(), f.kind, f.text.clone()))
        .collect();
    let (findings, errors) = policies.check_unit(unit, related, &sources, &opts.rules);
    out.custom.extend(findings);
    out.errors.extend(errors);
}

/// Adapts an evaluated unit into the model and records its problems; the
/// evaluated values are dropped here.
fn finish_unit(unit: Unit, model: Model, out: &mut UnitOutput) {
    out.model = model;
    for r in &unit.resources {
        count_values(&r.body, &mut out.values);
    }
    for (range, message) in unit.problems {
        out.errors.push(FileError {
            kind: ErrorKind::Eval,
            path: unit.path.clone(),
            range: Some(range),
            message,
        });
    }
}

fn looks_like_plan(text: &str) -> bool {
    eval::terraform_plan::looks_like_plan(text)
}

/// A cheap look at the text before parsing: does it mention what every
/// CloudFormation template has?
pub fn looks_like_template(text: &str) -> bool {
    text.contains("AWSTemplateFormatVersion")
        || (text.contains("Resources") && (text.contains("AWS::") || text.contains("Custom::")))
}

#[cfg(test)]
mod tests {
    use super::{local_address, without_keys};

    #[test]
    fn addresses_without_keys_and_modules() {
        assert_eq!(
            without_keys("module.m[\"a.b]\"].aws_x.y[0]"),
            "module.m.aws_x.y"
        );
        assert_eq!(
            local_address("module.m[\"a\"].module.n.aws_x.y[0]"),
            "aws_x.y"
        );
        assert_eq!(local_address("data.aws_x.y"), "data.aws_x.y");
    }
}
