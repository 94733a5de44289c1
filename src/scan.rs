//! The library entry point: one call runs the whole pipeline.
//!
//! discover → read and parse (parallel) → evaluate per module/template
//! (parallel) → adapt into one model → rules (parallel) → suppressions →
//! sorted findings.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::discover::{self, Candidate, Excludes, Found};
use crate::eval::cfn_params::ParameterValues;
use crate::eval::terraform::ModuleFile;
use crate::eval::value::{Budget, MAX_EVAL_COST};
use crate::eval::{self, Unit};
use crate::finding::{
    ErrorKind, FileError, Finding, ScanResult, ScanStats, SuppressedFinding, ValueCounts,
};
use crate::model::{adapt, Model};
use crate::parse::{self, SyntaxError};
use crate::rules::{self, RuleSelection};
use crate::source::{FileId, FileKind, Range, SourceMap, Span};
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
    /// Which rules run, and severity overrides (default: every rule, at its
    /// own severity).
    pub rules: RuleSelection,
    /// Paths left out of discovery.
    pub exclude: Excludes,
    /// CloudFormation parameter values (`--parameter`, `--parameters`): they
    /// replace parameter defaults and give pseudo parameters a value.
    pub parameters: ParameterValues,
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

/// A file read and recognised, not yet parsed.
struct Read {
    found: Found,
    /// Loaded only to evaluate a requested file's module: not reported on.
    context: bool,
    kind: FileKind,
    text: Arc<str>,
}

/// A file waiting in a unit of evaluation, with its id.
struct Pending {
    id: FileId,
    display: PathBuf,
    context: bool,
    kind: FileKind,
    text: Arc<str>,
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
}

fn scan_inner(opts: &ScanOptions) -> ScanResult {
    let paths = if opts.paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        opts.paths.clone()
    };
    let discovered = discover::discover(&paths, opts.no_ignore, &opts.exclude);
    let mut errors = discovered.errors;
    let mut found: Vec<(Found, bool)> = discovered.files.into_iter().map(|f| (f, false)).collect();
    add_module_context(&mut found);
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
            let r = read(f, context);
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
    read_files.sort_by(|a, b| a.found.display.cmp(&b.found.display));

    // Assign file ids in path order so output never depends on scheduling,
    // and group the files into units: a Terraform module directory, or one
    // template.
    let mut sources = SourceMap::default();
    let mut reported: HashSet<FileId> = HashSet::new();
    let mut tf_modules: BTreeMap<PathBuf, Vec<Pending>> = BTreeMap::new();
    let mut templates: Vec<Pending> = Vec::new();
    for r in read_files {
        let id = sources.add(r.found.display.clone(), r.kind, r.text.clone());
        if !r.context {
            reported.insert(id);
        }
        let pending = Pending {
            id,
            display: r.found.display,
            context: r.context,
            kind: r.kind,
            text: r.text,
        };
        if r.kind.is_terraform() {
            let dir = r
                .found
                .path
                .parent()
                .map(Path::to_path_buf)
                .unwrap_or_default();
            tf_modules.entry(dir).or_default().push(pending);
        } else {
            templates.push(pending);
        }
    }

    // Parse, evaluate and adapt each unit in parallel.
    let suppress = &opts.suppress;
    let tf_units = tf_modules
        .into_par_iter()
        .map(|(dir, files)| terraform_unit(dir, files, suppress, &progress));
    let cfn_units = templates
        .into_par_iter()
        .map(|file| template_unit(file, suppress, &opts.parameters, &progress));
    let outputs: Vec<UnitOutput> = tf_units.chain(cfn_units).collect();
    let mut model = Model::default();
    let mut syntax: Vec<FileSyntax> = Vec::new();
    let mut values = ValueCounts::default();
    for out in outputs {
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

    let findings = rules::run(&model, &opts.rules);
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
        (&a.path, a.range.map(|r| r.span.start)).cmp(&(&b.path, b.range.map(|r| r.span.start)))
    });
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
/// the conditions that lead to it (none when every branch does).
fn dedupe(findings: Vec<Finding>) -> Vec<Finding> {
    // Keyed by rule and range; the few findings sharing both are told apart
    // by message. Indices, not copies, keep this cheap on large scans.
    let mut by_key: HashMap<(&'static str, Range), Vec<usize>> = HashMap::new();
    let mut out: Vec<Finding> = Vec::with_capacity(findings.len());
    for f in findings {
        let slot = by_key.entry((f.rule.id.as_str(), f.range)).or_default();
        let Some(&i) = slot.iter().find(|&&i| out[i].message == f.message) else {
            slot.push(out.len());
            out.push(f);
            continue;
        };
        let existing = &mut out[i];
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
/// Reads a candidate file and decides its kind. `Ok(None)`: not for us (a
/// `.yaml`/`.json` file that is not a CloudFormation template).
fn read(found: Found, context: bool) -> Result<Option<Read>, FileError> {
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

fn comments(parsed: impl IntoIterator<Item = (String, Span)>) -> Vec<Comment> {
    parsed
        .into_iter()
        .map(|(text, span)| Comment { text, span })
        .collect()
}

fn syntax_error(file: &Pending, e: SyntaxError) -> FileError {
    FileError {
        kind: ErrorKind::Syntax,
        path: file.display.clone(),
        range: Some(Range::new(file.id, e.span)),
        message: e.message,
    }
}

/// Parses, evaluates and adapts one Terraform module directory.
fn terraform_unit(
    dir: PathBuf,
    files: Vec<Pending>,
    suppress: &SuppressOptions,
    progress: &(dyn Fn(Progress) + Sync),
) -> UnitOutput {
    let mut out = UnitOutput::default();
    let mut module = Vec::with_capacity(files.len());
    let shown_dir = files
        .first()
        .and_then(|f| f.display.parent())
        .map(|d| {
            if d.as_os_str().is_empty() {
                Path::new(".")
            } else {
                d
            }
        })
        .map(Path::to_path_buf)
        .unwrap_or_else(|| dir.clone());
    for file in files {
        let parsed = match file.kind {
            FileKind::TerraformJson => parse::json::parse(&file.text)
                .and_then(|n| eval::terraform_json::to_body(&n, &file.text))
                .map(|body| (body, Vec::new())),
            _ => parse::hcl::parse(&file.text).map(|p| {
                let c = comments(p.comments.into_iter().map(|c| (c.text, c.span)));
                (p.body, c)
            }),
        };
        progress(Progress::Parsed);
        match parsed {
            Err(e) => out.errors.push(syntax_error(&file, e)),
            Ok((body, comments)) => {
                if suppress.enabled && !file.context {
                    out.syntax.push(FileSyntax::hcl(file.id, &body, comments));
                }
                module.push(ModuleFile {
                    file: file.id,
                    text: file.text,
                    body,
                });
            }
        }
    }
    let budget = Budget::arm();
    let unit = eval::terraform::evaluate(&module, dir);
    budget_problem(&budget, shown_dir, &mut out);
    drop(budget);
    drop(module);
    let model = adapt::adapt(&unit);
    finish_unit(unit, model, &mut out);
    out
}

/// Parses, evaluates and adapts one CloudFormation template.
fn template_unit(
    file: Pending,
    suppress: &SuppressOptions,
    parameters: &ParameterValues,
    progress: &(dyn Fn(Progress) + Sync),
) -> UnitOutput {
    let mut out = UnitOutput::default();
    let parsed = if file.kind == FileKind::CloudFormationJson {
        parse::json::parse(&file.text).map(|root| (root, Vec::new()))
    } else {
        parse::yaml::parse(&file.text).map(|p| {
            let c = comments(p.comments.into_iter().map(|c| (c.text, c.span)));
            (p.root, c)
        })
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
    budget_problem(&budget, file.display, &mut out);
    drop(budget);
    drop(root);
    let model = adapt::adapt_labelled(&unit, &labels);
    finish_unit(unit, model, &mut out);
    out
}

/// Reports an evaluation that ran out of its [`Budget`].
fn budget_problem(budget: &Budget, path: PathBuf, out: &mut UnitOutput) {
    if budget.exhausted() {
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

/// A cheap look at the text before parsing: does it mention what every
/// CloudFormation template has?
pub fn looks_like_template(text: &str) -> bool {
    text.contains("AWSTemplateFormatVersion")
        || (text.contains("Resources") && (text.contains("AWS::") || text.contains("Custom::")))
}
