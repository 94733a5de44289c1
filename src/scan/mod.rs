//! The library entry point: one call runs the whole pipeline.
//!
//! Each phase has its own file, and [`scan`] calls them in order:
//!
//! 1. `read.rs`: discover the files and read them (parallel);
//!    `terraform.rs` adds the tfvars, installed modules and `--var-file`s;
//!    `download.rs` the modules `--download-modules` fetches;
//! 2. `units.rs`: give the files ids in path order and group them into
//!    units of evaluation: a Terraform root module with the modules it calls
//!    (`terraform.rs`), or one template or plan (`templates.rs`);
//! 3. parse, evaluate and adapt each unit into its model (parallel);
//! 4. `merge.rs`: one model for the rules (parallel), then the findings of
//!    the reported files, deduplicated, suppressed and sorted.
//!
//! The phases share the types defined here; besides those, the unit files
//! use the helpers of `units.rs`, and `templates.rs` the Terraform parsing
//! of `terraform.rs` (a plan reads its configuration's `.tf` files).

mod download;
mod merge;
mod read;
mod templates;
mod terraform;
mod terragrunt;
mod trails;
mod units;

use std::collections::{BTreeSet, HashMap};
use std::path::PathBuf;
use std::sync::Arc;

use rayon::prelude::*;

use crate::discover::{Excludes, Found};
use crate::eval::cfn_params::ParameterValues;
use crate::finding::{FileError, ScanResult, ValueCounts};
use crate::model::Model;
use crate::rules::{self, RuleSelection};
use crate::source::{FileId, FileKind};
use crate::suppress::{FileSyntax, SuppressOptions};

pub use read::looks_like_template;

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
    /// A file named in `paths` that is neither Terraform nor CloudFormation
    /// (an unknown extension, YAML or JSON that is not a template) is a file
    /// error of kind [`ErrorKind::Unsupported`](crate::finding::ErrorKind)
    /// (the command line), rather than skipped (the language server, which
    /// is sent every YAML document the editor opens). Such files inside a
    /// scanned directory are always skipped.
    pub reject_other_files: bool,
    /// Plan JSON: check only the resources the plan creates or updates
    /// (`--plan-changes-only`).
    pub plan_changes_only: bool,
    /// Fetch the registry and git modules `terraform init` did not install
    /// (`--download-modules`; see [`crate::download`]); `None`: nothing is
    /// downloaded.
    pub download: Option<Arc<crate::download::DownloadOptions>>,
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
struct Read {
    pub found: Found,
    /// Loaded only to evaluate a requested file's module: not reported on.
    pub context: bool,
    pub role: Role,
    pub kind: FileKind,
    pub text: Arc<str>,
}

/// What a Terraform file is to its module.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Role {
    /// Configuration (`.tf`, `.tf.json`) or a template.
    Source,
    /// A tfvars file Terraform loads automatically.
    Vars,
    /// The `--var-file` at this index of `ScanOptions::tf_vars`.
    CliVars(usize),
    /// A `terragrunt.hcl` found by discovery: a Terragrunt unit.
    Terragrunt,
    /// A Terragrunt configuration read because a unit includes or reads it.
    TerragruntInclude,
}

/// A file waiting in a unit of evaluation, with its id.
#[derive(Clone)]
struct Pending {
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
    custom: Vec<crate::finding::Finding>,
    /// For a Terraform root module whose files all parsed: the variables it
    /// declares (to tell a `--var` that no root declares).
    root_vars: Option<Vec<String>>,
    /// Where values written elsewhere came from.
    trails: trails::Trails,
}

/// A Terraform input variable given on the command line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TfVar {
    /// `--var-file FILE`: a `.tfvars` or `.tfvars.json` file.
    File(PathBuf),
    /// `--var NAME=VALUE`.
    Assign(String, String),
}

fn scan_inner(opts: &ScanOptions) -> ScanResult {
    let progress = |event| {
        if let Some(hook) = &opts.progress {
            (hook.0)(event);
        }
    };
    let mut read = read::read_all(opts, &progress);
    terragrunt::add_files(&mut read.files, &opts.overlay, &read.readable);
    terraform::add_inputs(&mut read.files, opts, &read.readable, &mut read.errors);
    let mut downloaded = download::fetch(&mut read, opts);
    let mut errors = read.errors;
    let units::Units {
        sources,
        mut reported,
        groups,
    } = units::group(read.files);
    errors.extend(downloaded.problems(&sources));
    let outputs = evaluate(
        groups,
        &read.readable,
        opts,
        &progress,
        &mut errors,
        &downloaded,
    );
    let merged = merge::outputs(outputs, &sources, &mut reported, &mut errors);
    let mut merged = merged;
    let mut findings = rules::run(&merged.model, &opts.rules);
    trails::attach(&mut findings, &std::mem::take(&mut merged.trails));
    findings.append(&mut merged.custom);
    merge::result(findings, merged, sources, reported, errors, opts)
}

/// Parses, evaluates and adapts every unit in parallel: each Terraform root
/// module and each template, then the Terraform directories no root
/// instantiated (as roots of their own).
fn evaluate(
    groups: units::Groups,
    readable: &[PathBuf],
    opts: &ScanOptions,
    progress: &(dyn Fn(Progress) + Sync),
    errors: &mut Vec<FileError>,
    downloaded: &download::Downloaded,
) -> Vec<UnitOutput> {
    let cli_files = terraform::read_cli_vars(groups.cli_vars, errors);
    let plan_sources = templates::plan_sources(&groups.templates, &groups.tf_modules);
    let ctx = terraform::Context {
        cli_files: &cli_files,
        readable,
        opts,
        progress,
    };
    let tg_groups = terragrunt::TgGroups {
        configs: &groups.terragrunt,
        includes: &groups.tg_includes,
        tf_modules: &groups.tf_modules,
    };
    let tg = terragrunt::plan(&tg_groups, readable, progress, errors);
    let mut planner = terraform::Planner::new(groups.tf_modules, groups.tfvars);
    planner.claim(tg.claimed());
    planner.add_downloaded(downloaded);
    let roots = planner.roots();
    let mut first = planner.units(&roots);
    first.extend(tg.units(&mut planner));
    let mut shared = terraform::Shared::new(&first);
    let mut outputs: Vec<UnitOutput> = terraform::evaluate_roots(first, &shared, &ctx)
        .chain(templates::evaluate(
            groups.templates,
            &plan_sources,
            opts,
            progress,
        ))
        .collect();
    let more = terraform::evaluate_orphans(&mut planner, &roots, &mut shared, &outputs, &ctx);
    outputs.extend(more);
    terraform::undeclared_cli_vars(&outputs, &cli_files, opts, errors);
    outputs
}
