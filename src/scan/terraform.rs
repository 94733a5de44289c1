//! Terraform units of evaluation: how a scan groups module directories
//! into units, what each unit reads besides its modules' own files, and the
//! two passes that parse, evaluate and adapt them.
//!
//! A unit is a *root* module with every module directory it calls (local
//! paths, and registry or remote modules that `terraform init` installed
//! under `.terraform/modules`, found through its `modules.json`). A scanned
//! directory that another scanned directory calls is evaluated only through
//! those calls, with the caller's arguments, so its findings are not reported
//! twice; a directory nobody calls is a root and its variables take their
//! values from tfvars files, the command line, the environment, or their
//! defaults. Calls are found lexically before evaluation; a directory that no
//! evaluated root instantiated after all (`count = 0`, an empty `for_each`)
//! is evaluated as a root in a second pass, so no code goes unchecked. Each
//! unit parses, evaluates and adapts its directories in one step; a
//! directory called from several roots is parsed once, by the first unit
//! that needs it (which reports its syntax errors and reads its
//! suppressions), shared with the others, and dropped when the last one is
//! done.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet, VecDeque};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use rayon::prelude::*;

use crate::discover::{self, Candidate, Found};
use crate::eval;
use crate::eval::terraform::{self, Input, Manifest, ModuleFile};
use crate::eval::value::Budget;
use crate::finding::{ErrorKind, FileError, Level};
use crate::model::adapt;
use crate::parse;
use crate::source::FileKind;
use crate::suppress::FileSyntax;

use super::units::{budget_problem, finish_unit, policy_unit, syntax_error};
use super::{Pending, Progress, Read, Role, ScanOptions, TfVar, UnitOutput, MAX_FILE_BYTES};

/// One root module and what it needs.
pub(super) struct TfUnit {
    pub root: PathBuf,
    /// The root and every directory it may call.
    pub dirs: Vec<(PathBuf, Vec<Pending>)>,
    /// The root's tfvars files, lowest precedence first.
    pub vars: Vec<Pending>,
    pub manifest: Option<Manifest>,
    /// The Terragrunt configuration that instantiates the root, if any.
    pub terragrunt: Option<Arc<super::terragrunt::TgInputs>>,
}

/// Whether a file name is one Terraform loads automatically as variables, and
/// its precedence rank (`terraform.tfvars` < `terraform.tfvars.json` <
/// `*.auto.tfvars(.json)` in lexical order).
fn tfvars_rank(name: &str) -> Option<u8> {
    match name {
        "terraform.tfvars" => Some(0),
        "terraform.tfvars.json" => Some(1),
        n if n.ends_with(".auto.tfvars") || n.ends_with(".auto.tfvars.json") => Some(2),
        _ => None,
    }
}

/// Reads a file that is not discovered as a source: bounded in size, UTF-8.
fn read_text(path: &Path, display: PathBuf) -> Result<String, FileError> {
    let err = |message: String| FileError {
        level: crate::finding::Level::Error,
        kind: ErrorKind::Io,
        path: display.clone(),
        range: None,
        message,
    };
    let size = std::fs::metadata(path)
        .map(|m| m.len())
        .map_err(|e| err(format!("cannot read: {e}")))?;
    if size > MAX_FILE_BYTES {
        return Err(err("skipped: larger than the file size limit".into()));
    }
    std::fs::read_to_string(path).map_err(|e| err(format!("cannot read: {e}")))
}

fn kind_of(name: &str) -> FileKind {
    if name.ends_with(".json") {
        FileKind::TerraformJson
    } else {
        FileKind::TerraformHcl
    }
}

/// Adds what Terraform reads besides the discovered files: each module
/// directory's tfvars files, the files of modules installed under
/// `.terraform/modules`, and the `--var-file` files.
/// Files found in the tree (tfvars, installed modules) are read only when
/// they resolve inside a scanned directory (`readable`, canonical), like
/// discovered files behind symbolic links.
pub(super) fn add_inputs(
    reads: &mut Vec<Read>,
    opts: &ScanOptions,
    readable: &[PathBuf],
    errors: &mut Vec<FileError>,
) {
    let cwd = std::env::current_dir().ok();
    let have: BTreeSet<PathBuf> = reads.iter().map(|r| r.found.path.clone()).collect();
    let dirs: BTreeSet<PathBuf> = reads
        .iter()
        .filter(|r| r.kind.is_terraform() && r.role == Role::Source)
        .filter_map(|r| r.found.path.parent().map(Path::to_path_buf))
        .collect();
    let mut extra: Vec<(PathBuf, Role, FileKind)> = Vec::new();
    let mut module_dirs: BTreeSet<PathBuf> = BTreeSet::new();
    for dir in &dirs {
        let listing = if dir.as_os_str().is_empty() {
            Path::new(".")
        } else {
            dir.as_path()
        };
        for name in file_names(listing) {
            if tfvars_rank(&name).is_some() {
                extra.push((dir.join(&name), Role::Vars, kind_of(&name)));
            }
        }
        if let Some(m) = terraform::read_manifest(listing) {
            module_dirs.extend(m.dirs.into_values());
        }
    }
    for dir in module_dirs {
        for name in file_names(&dir) {
            let p = dir.join(&name);
            if !have.contains(&p)
                && matches!(
                    Candidate::of(&p),
                    Some(Candidate::Terraform | Candidate::TerraformJson)
                )
            {
                extra.push((p, Role::Source, kind_of(&name)));
            }
        }
    }
    let inside = |p: &Path| {
        std::fs::canonicalize(p).is_ok_and(|c| readable.iter().any(|r| c.starts_with(r)))
    };
    extra.retain(|(p, _, _)| inside(p));
    for (i, v) in opts.tf_vars.iter().enumerate() {
        if let TfVar::File(p) = v {
            let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
            extra.push((p.clone(), Role::CliVars(i), kind_of(name)));
        }
    }
    let loaded: Vec<Result<Read, FileError>> = extra
        .into_par_iter()
        .map(|(path, role, kind)| {
            let display = discover::display_path(&path, cwd.as_deref());
            let text = read_text(&path, display.clone())?;
            Ok(Read {
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
                role,
                kind,
                text: text.into(),
            })
        })
        .collect();
    for r in loaded {
        match r {
            Ok(r) => reads.push(r),
            Err(e) => errors.push(e),
        }
    }
}

/// The regular files of a directory, sorted, hidden ones left out.
fn file_names(dir: &Path) -> Vec<String> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut names: Vec<String> = entries
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
        .filter_map(|e| e.file_name().to_str().map(String::from))
        .filter(|n| !n.starts_with('.'))
        .collect();
    names.sort();
    names
}

/// Groups module directories into root units (see the module documentation).
pub(super) struct Planner {
    modules: BTreeMap<PathBuf, Vec<Pending>>,
    tfvars: BTreeMap<PathBuf, Vec<Pending>>,
    edges: BTreeMap<PathBuf, BTreeSet<PathBuf>>,
    manifests: HashMap<PathBuf, Manifest>,
    /// Directories of installed modules: never roots.
    installed: BTreeSet<PathBuf>,
    /// Directories Terragrunt configurations instantiate: roots of their
    /// own units only (see `claim`).
    claimed: BTreeSet<PathBuf>,
    /// Modules `--download-modules` fetched, by source and version.
    downloaded: HashMap<(String, String), PathBuf>,
}

impl Planner {
    pub fn new(
        modules: BTreeMap<PathBuf, Vec<Pending>>,
        tfvars: BTreeMap<PathBuf, Vec<Pending>>,
    ) -> Planner {
        // The directories each directory calls, found lexically (a full
        // parse here would parse most files twice); evaluation parses them
        // properly, and a directory this guesses wrong about is still
        // evaluated (see `orphans`).
        let calls: Vec<(PathBuf, Vec<String>)> = modules
            .par_iter()
            .map(|(dir, files)| {
                let sources = files
                    .iter()
                    .flat_map(|f| match f.kind {
                        FileKind::TerraformJson => parse_body(f)
                            .map(|b| {
                                terraform::module_sources(&b)
                                    .into_iter()
                                    .map(|(_, s)| s)
                                    .collect()
                            })
                            .unwrap_or_default(),
                        _ => module_sources_lexical(&f.text),
                    })
                    .collect();
                (dir.clone(), sources)
            })
            .collect();
        let mut manifests: HashMap<PathBuf, Manifest> = HashMap::new();
        let mut installed: BTreeSet<PathBuf> = BTreeSet::new();
        for dir in modules.keys() {
            let listing = if dir.as_os_str().is_empty() {
                Path::new(".")
            } else {
                dir.as_path()
            };
            if let Some(m) = terraform::read_manifest(listing) {
                installed.extend(m.dirs.values().cloned());
                manifests.insert(dir.clone(), m);
            }
        }
        let mut edges: BTreeMap<PathBuf, BTreeSet<PathBuf>> = BTreeMap::new();
        for (dir, sources) in calls {
            let out = edges.entry(dir.clone()).or_default();
            for source in sources {
                if terraform::is_local_source(&source) {
                    let target = terraform::normalize(&dir.join(&source));
                    if target != dir && modules.contains_key(&target) {
                        out.insert(target);
                    }
                }
            }
            if let Some(m) = manifests.get(&dir) {
                out.extend(
                    m.dirs
                        .values()
                        .filter(|d| modules.contains_key(*d))
                        .cloned(),
                );
            }
        }
        Planner {
            modules,
            tfvars,
            edges,
            manifests,
            installed,
            claimed: BTreeSet::new(),
            downloaded: HashMap::new(),
        }
    }

    /// Directories evaluated only through the units of Terragrunt
    /// configurations (made by `units`): they and what they call are not
    /// roots of their own.
    pub fn claim(&mut self, dirs: impl IntoIterator<Item = PathBuf>) {
        self.claimed.extend(dirs);
    }

    /// Modules `--download-modules` fetched: the calls that reach them, and
    /// where evaluation finds them.
    pub fn add_downloaded(&mut self, downloaded: &super::download::Downloaded) {
        for (from, to) in &downloaded.edges {
            if self.modules.contains_key(to) {
                self.edges
                    .entry(from.clone())
                    .or_default()
                    .insert(to.clone());
            }
        }
        self.installed.extend(downloaded.installed.iter().cloned());
        self.downloaded.clone_from(&downloaded.dirs);
    }

    /// Directories nobody calls, and one per cycle of calls.
    pub fn roots(&self) -> Vec<PathBuf> {
        let called: BTreeSet<&PathBuf> = self.edges.values().flatten().collect();
        let mut roots: Vec<PathBuf> = self
            .modules
            .keys()
            .filter(|d| !called.contains(d) && !self.installed.contains(*d))
            .filter(|d| !self.claimed.contains(*d))
            .cloned()
            .collect();
        let mut covered: BTreeSet<PathBuf> = BTreeSet::new();
        for r in roots.iter().chain(&self.claimed) {
            self.reach(r, &mut covered);
        }
        for d in self.modules.keys() {
            if !covered.contains(d) && !self.installed.contains(d) && !self.claimed.contains(d) {
                roots.push(d.clone());
                self.reach(d, &mut covered);
            }
        }
        roots.sort();
        roots
    }

    /// Directories that were thought to be called but that no evaluated
    /// root instantiated (a call with `count = 0`, or a guess gone wrong):
    /// evaluated as roots of their own, so nothing is left out.
    pub fn orphans(&self, roots: &[PathBuf], called: &BTreeSet<PathBuf>) -> Vec<PathBuf> {
        self.modules
            .keys()
            .filter(|d| !called.contains(*d) && !self.installed.contains(*d) && !roots.contains(d))
            .filter(|d| !self.claimed.contains(*d))
            .cloned()
            .collect()
    }

    fn reach(&self, from: &Path, seen: &mut BTreeSet<PathBuf>) -> Vec<PathBuf> {
        let mut order = Vec::new();
        let mut queue = VecDeque::from([from.to_path_buf()]);
        while let Some(d) = queue.pop_front() {
            if !seen.insert(d.clone()) {
                continue;
            }
            order.push(d.clone());
            for t in self.edges.get(&d).into_iter().flatten() {
                queue.push_back(t.clone());
            }
        }
        order
    }

    /// The units of these roots.
    pub fn units(&mut self, roots: &[PathBuf]) -> Vec<TfUnit> {
        roots
            .iter()
            .map(|root| {
                let dirs = self
                    .reach(root, &mut BTreeSet::new())
                    .into_iter()
                    .map(|d| {
                        let files = self.modules.get(&d).cloned().unwrap_or_default();
                        (d, files)
                    })
                    .collect();
                let mut vars = self.tfvars.get(root).cloned().unwrap_or_default();
                vars.sort_by(|a, b| {
                    let key = |p: &Pending| {
                        let name = p
                            .display
                            .file_name()
                            .and_then(|n| n.to_str())
                            .unwrap_or("")
                            .to_string();
                        (tfvars_rank(&name).unwrap_or(3), name)
                    };
                    key(a).cmp(&key(b))
                });
                let mut manifest = self.manifests.get(root).cloned();
                if !self.downloaded.is_empty() {
                    manifest
                        .get_or_insert_with(Manifest::default)
                        .downloaded
                        .clone_from(&self.downloaded);
                }
                TfUnit {
                    manifest,
                    root: root.clone(),
                    dirs,
                    vars,
                    terragrunt: None,
                }
            })
            .collect()
    }
}

/// The `source` of each `module` block, read without parsing: a `module`
/// block header at the start of a line, then `source = "..."` at the block's
/// top level. Strings and comments are skipped when counting braces.
fn module_sources_lexical(text: &str) -> Vec<String> {
    static HEADER: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
    static SOURCE: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
    let header = HEADER.get_or_init(|| {
        regex::Regex::new(r#"(?m)^[ \t]*module[ \t]+"?[A-Za-z0-9_-]+"?[ \t]*\{"#)
            .expect("valid pattern")
    });
    let source = SOURCE.get_or_init(|| {
        regex::Regex::new(r#"^[ \t]*source[ \t]*=[ \t]*"([^"$%]*)""#).expect("valid pattern")
    });
    let mut out = Vec::new();
    for m in header.find_iter(text) {
        let mut depth: i64 = 1;
        for line in text[m.end()..].split('\n') {
            if depth == 1 {
                if let Some(c) = source.captures(line) {
                    out.push(c[1].to_string());
                    break;
                }
            }
            depth += brace_balance(line);
            if depth <= 0 {
                break;
            }
        }
    }
    out
}

/// `{` minus `}` on a line, outside strings and comments.
fn brace_balance(line: &str) -> i64 {
    let mut n = 0;
    let mut in_string = false;
    let mut escaped = false;
    let mut prev = '\0';
    for c in line.chars() {
        if in_string {
            match c {
                _ if escaped => escaped = false,
                '\\' => escaped = true,
                '"' => in_string = false,
                _ => {}
            }
        } else {
            match c {
                '"' => in_string = true,
                '#' => break,
                '/' if prev == '/' => break,
                '{' => n += 1,
                '}' => n -= 1,
                _ => {}
            }
        }
        prev = c;
    }
    n
}

/// Parses a Terraform file (HCL or JSON syntax): its body and its comments
/// (none in JSON syntax).
fn parse_file(
    file: &Pending,
) -> Result<(crate::parse::hcl_ast::Body, Vec<parse::hcl::Comment>), parse::SyntaxError> {
    match file.kind {
        FileKind::TerraformJson => parse::json::parse(&file.text)
            .and_then(|n| eval::terraform_json::to_body(&n, &file.text))
            .map(|body| (body, Vec::new())),
        _ => parse::hcl::parse(&file.text).map(|p| (p.body, p.comments)),
    }
}

/// Parses a Terraform file's body (HCL or JSON syntax).
pub(super) fn parse_body(
    file: &Pending,
) -> Result<crate::parse::hcl_ast::Body, parse::SyntaxError> {
    parse_file(file).map(|(body, _)| body)
}

/// Reads a tfvars file's assignments.
fn read_vars(file: &Pending) -> Result<Vec<(String, Input)>, parse::SyntaxError> {
    match file.kind {
        FileKind::TerraformJson => {
            let root = parse::json::parse(&file.text)?;
            let entries = root.as_map().ok_or_else(|| {
                parse::SyntaxError::new("a variables file must be an object", root.span)
            })?;
            Ok(entries
                .iter()
                .map(|e| {
                    (
                        e.key.clone(),
                        Input::Value(eval::node_to_value(&e.value, file.id)),
                    )
                })
                .collect())
        }
        _ => {
            let parsed = parse::hcl::parse(&file.text)?;
            Ok(parsed
                .body
                .attributes
                .iter()
                .map(|a| {
                    (
                        a.name.clone(),
                        Input::Value(terraform::eval_literal(&a.expr, file.id, file.text.clone())),
                    )
                })
                .collect())
        }
    }
}

/// The values for a root's variables, lowest precedence first: `TF_VAR_*`,
/// its tfvars files, then `--var-file` and `--var` in command-line order.
fn inputs(
    unit_vars: Vec<(String, Input)>,
    cli_files: &[(usize, Vec<(String, Input)>)],
    opts: &ScanOptions,
) -> Vec<(String, Input)> {
    let mut out: Vec<(String, Input)> = opts
        .tf_env
        .iter()
        .map(|(n, v)| (n.clone(), Input::Raw(v.clone())))
        .collect();
    out.extend(unit_vars);
    for (i, v) in opts.tf_vars.iter().enumerate() {
        match v {
            TfVar::Assign(n, value) => out.push((n.clone(), Input::Raw(value.clone()))),
            TfVar::File(_) => {
                if let Some((_, vars)) = cli_files.iter().find(|(j, _)| *j == i) {
                    out.extend(vars.iter().cloned());
                }
            }
        }
    }
    out
}

/// Evaluates a unit's root module.
fn evaluate(
    unit: &TfUnit,
    modules: &terraform::Modules,
    inputs: Vec<(String, Input)>,
    readable: &[PathBuf],
) -> terraform::Evaluated {
    terraform::evaluate(terraform::Root {
        dir: unit.root.clone(),
        modules,
        inputs,
        manifest: unit.manifest.as_ref(),
        readable,
    })
}

/// What every Terraform unit reads besides its own directories.
pub(super) struct Context<'a> {
    /// The `--var-file` files read, by index in `ScanOptions::tf_vars`.
    pub cli_files: &'a [(usize, Vec<(String, Input)>)],
    /// The canonical directories `file()` may read from.
    pub readable: &'a [PathBuf],
    pub opts: &'a ScanOptions,
    pub progress: &'a (dyn Fn(Progress) + Sync),
}

/// Reads the `--var-file` files; one that does not parse is a syntax error.
pub(super) fn read_cli_vars(
    files: Vec<(usize, Pending)>,
    errors: &mut Vec<FileError>,
) -> Vec<(usize, Vec<(String, Input)>)> {
    let mut out = Vec::new();
    for (i, file) in files {
        match read_vars(&file) {
            Ok(vars) => out.push((i, vars)),
            Err(e) => errors.push(syntax_error(&file, e)),
        }
    }
    out
}

/// The first pass: each root's unit, in parallel.
pub(super) fn evaluate_roots<'a>(
    units: Vec<TfUnit>,
    shared: &'a Shared,
    ctx: &'a Context<'a>,
) -> impl IndexedParallelIterator<Item = UnitOutput> + 'a {
    units
        .into_par_iter()
        .map(move |unit| terraform_unit(unit, shared, &BTreeSet::new(), ctx))
}

/// The second pass: directories thought to be called that no root of the
/// first pass instantiated are evaluated as roots of their own.
pub(super) fn evaluate_orphans(
    planner: &mut Planner,
    roots: &[PathBuf],
    shared: &mut Shared,
    first: &[UnitOutput],
    ctx: &Context,
) -> Vec<UnitOutput> {
    let called: BTreeSet<PathBuf> = first
        .iter()
        .flat_map(|o| o.called.iter().cloned())
        .collect();
    let orphans = planner.orphans(roots, &called);
    if orphans.is_empty() {
        return Vec::new();
    }
    let parsed: BTreeSet<PathBuf> = first
        .iter()
        .flat_map(|o| o.parsed.iter().cloned())
        .collect();
    let units = planner.units(&orphans);
    shared.add(&units);
    let shared = &*shared;
    units
        .into_par_iter()
        .map(|unit| terraform_unit(unit, shared, &parsed, ctx))
        .collect()
}

/// Parses, evaluates and adapts one Terraform root module with the modules
/// it calls.
fn terraform_unit(
    unit: TfUnit,
    shared: &Shared,
    already_parsed: &BTreeSet<PathBuf>,
    ctx: &Context,
) -> UnitOutput {
    let suppress = &ctx.opts.suppress;
    let mut out = UnitOutput::default();
    let mut modules: terraform::Modules = HashMap::new();
    for (dir, files) in &unit.dirs {
        // A directory an earlier pass parsed has reported its syntax.
        let report = !already_parsed.contains(dir);
        if report {
            out.parsed.push(dir.clone());
        }
        let parsed = shared.get(dir, || {
            let mut module = Vec::with_capacity(files.len());
            for file in files {
                let parsed = parse_file(file);
                if report {
                    (ctx.progress)(Progress::Parsed);
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
        match read_vars(file) {
            Ok(v) => vars.extend(v),
            Err(e) => out.errors.push(syntax_error(file, e)),
        }
    }
    undeclared_vars(&unit, &modules, &vars, &mut out);
    let mut inputs = inputs(vars, ctx.cli_files, ctx.opts);
    if let Some(tg) = &unit.terragrunt {
        inputs.splice(0..0, tg.root_inputs(modules.get(&unit.root)));
    }
    let budget = Budget::arm();
    let mut evaluated = evaluate(&unit, &modules, inputs, ctx.readable);
    if let Some(tg) = &unit.terragrunt {
        tg.relate(&evaluated.unit, &mut evaluated.related);
    }
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
    policy_unit(
        ctx.opts,
        &evaluated.unit,
        &evaluated.related,
        files,
        &mut out,
    );
    finish_unit(evaluated.unit, &evaluated.related, model, &mut out);
    out
}

/// A value in the root's own `.tfvars` files for a variable the root module
/// does not declare: Terraform ignores it with a warning, and so do we (a
/// misspelt name silently leaves the default in place). Not judged when a
/// file of the root did not parse, as its declarations are then unknown.
fn undeclared_vars(
    unit: &TfUnit,
    modules: &terraform::Modules,
    vars: &[(String, Input)],
    out: &mut UnitOutput,
) {
    let Some(files) = modules.get(&unit.root) else {
        return;
    };
    let root_files = unit
        .dirs
        .iter()
        .find(|(d, _)| *d == unit.root)
        .map_or(0, |(_, f)| f.len());
    if files.len() < root_files {
        return;
    }
    let declared: HashSet<&str> = files
        .iter()
        .flat_map(|f| f.body.blocks_of("variable"))
        .filter_map(|b| b.labels.first().map(|l| l.value.as_str()))
        .collect();
    out.root_vars = Some(declared.iter().map(|s| s.to_string()).collect());
    for (name, input) in vars {
        if let Input::Value(v) = input {
            if !declared.contains(name.as_str()) {
                out.errors.push(FileError {
                    level: Level::Warning,
                    kind: ErrorKind::Eval,
                    path: shown_dir(unit),
                    range: Some(v.range),
                    message: format!(
                        "no variable `{name}` is declared in this module: Terraform ignores this value (check the name)"
                    ),
                });
            }
        }
    }
}

/// A `--var` or `--var-file` value for a variable that no scanned root
/// module declares: a warning (Terraform itself rejects an undeclared
/// `-var`; as one scan covers several roots, a value one root declares is
/// fine). Not judged when a root's declarations are unknown (a file did not
/// parse) or when no Terraform root was scanned.
pub(super) fn undeclared_cli_vars(
    outputs: &[UnitOutput],
    cli_files: &[(usize, Vec<(String, Input)>)],
    opts: &ScanOptions,
    errors: &mut Vec<FileError>,
) {
    let mut declared: HashSet<&str> = HashSet::new();
    let mut roots = 0;
    for out in outputs {
        if let Some(vars) = &out.root_vars {
            roots += 1;
            declared.extend(vars.iter().map(String::as_str));
        }
    }
    // A root whose files did not all parse has unknown declarations.
    let unparsed = outputs
        .iter()
        .any(|o| o.errors.iter().any(|e| e.kind == ErrorKind::Syntax));
    if roots == 0 || unparsed {
        return;
    }
    let message = |name: &str| {
        format!(
            "no scanned root module declares a variable `{name}`: Terraform rejects this value (check the name)"
        )
    };
    for (i, v) in opts.tf_vars.iter().enumerate() {
        match v {
            TfVar::Assign(name, _) if !declared.contains(name.as_str()) => {
                errors.push(FileError {
                    level: Level::Warning,
                    kind: ErrorKind::Eval,
                    path: PathBuf::from(format!("--var {name}")),
                    range: None,
                    message: message(name),
                });
            }
            TfVar::File(path) => {
                let vars = cli_files
                    .iter()
                    .filter(|(j, _)| *j == i)
                    .flat_map(|(_, v)| v);
                for (name, input) in vars {
                    if let Input::Value(value) = input {
                        if !declared.contains(name.as_str()) {
                            errors.push(FileError {
                                level: Level::Warning,
                                kind: ErrorKind::Eval,
                                path: path.clone(),
                                range: Some(value.range),
                                message: message(name),
                            });
                        }
                    }
                }
            }
            TfVar::Assign(..) => {}
        }
    }
}

/// The directory of a Terraform unit's root module as reports show it.
fn shown_dir(unit: &TfUnit) -> PathBuf {
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

/// Parsed module directories, shared by the root units that call them: each
/// directory is parsed once. A directory is dropped when the last unit that
/// needs it is done, unless none of them instantiated it: then it is kept
/// for the pass that evaluates such directories as roots of their own
/// ([`Planner::orphans`]), which would otherwise parse it again.
pub(super) struct Shared {
    slots: HashMap<PathBuf, Mutex<Slot>>,
}

#[derive(Default)]
struct Slot {
    /// Units yet to release the directory.
    remaining: usize,
    /// Whether a unit instantiated it (as its root or through a call).
    instantiated: bool,
    parsed: Option<Arc<Vec<ModuleFile>>>,
}

impl Shared {
    pub fn new(units: &[TfUnit]) -> Shared {
        let mut shared = Shared {
            slots: HashMap::new(),
        };
        shared.add(units);
        shared
    }

    /// Counts the directories these units need (one more pass of units).
    pub fn add(&mut self, units: &[TfUnit]) {
        for u in units {
            for (d, _) in &u.dirs {
                let slot = self.slots.entry(d.clone()).or_default();
                slot.get_mut().unwrap_or_else(|e| e.into_inner()).remaining += 1;
            }
        }
    }

    /// The parsed directory: `parse` runs the first time (other units that
    /// need the directory meanwhile wait for it).
    pub fn get(&self, dir: &Path, parse: impl FnOnce() -> Vec<ModuleFile>) -> Arc<Vec<ModuleFile>> {
        let Some(slot) = self.slots.get(dir) else {
            return Arc::new(parse());
        };
        let mut slot = slot.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(p) = &slot.parsed {
            return p.clone();
        }
        let p = Arc::new(parse());
        slot.parsed = Some(p.clone());
        p
    }

    /// A unit is done with `dir`, which it `instantiated` or not.
    pub fn release(&self, dir: &Path, instantiated: bool) {
        if let Some(slot) = self.slots.get(dir) {
            let mut slot = slot.lock().unwrap_or_else(|e| e.into_inner());
            slot.instantiated |= instantiated;
            slot.remaining = slot.remaining.saturating_sub(1);
            if slot.remaining == 0 && slot.instantiated {
                slot.parsed = None;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use std::cell::Cell;
    use std::path::PathBuf;

    use super::{module_sources_lexical, Shared, TfUnit};

    fn unit(root: &str, dirs: &[&str]) -> TfUnit {
        TfUnit {
            root: PathBuf::from(root),
            dirs: dirs
                .iter()
                .map(|d| (PathBuf::from(d), Vec::new()))
                .collect(),
            vars: Vec::new(),
            manifest: None,
            terragrunt: None,
        }
    }

    #[test]
    fn a_directory_is_parsed_once_across_both_passes_unless_it_was_instantiated() {
        // Two roots call `m` (one instantiates it) and `w` (neither does).
        let first = [unit("a", &["a", "m", "w"]), unit("b", &["b", "m", "w"])];
        let mut shared = Shared::new(&first);
        let parses = Cell::new(0);
        let parse = || {
            parses.set(parses.get() + 1);
            Vec::new()
        };
        for u in &first {
            for (d, _) in &u.dirs {
                shared.get(d, parse);
            }
        }
        assert_eq!(parses.get(), 4, "a, b, m and w, each once");
        shared.release(&PathBuf::from("m"), true);
        shared.release(&PathBuf::from("m"), false);
        shared.release(&PathBuf::from("w"), false);
        shared.release(&PathBuf::from("w"), false);
        // The orphan pass evaluates `w` as a root that calls `m`.
        let orphans = [unit("w", &["w", "m"])];
        shared.add(&orphans);
        shared.get(&PathBuf::from("w"), parse);
        assert_eq!(parses.get(), 4, "w was kept");
        shared.get(&PathBuf::from("m"), parse);
        assert_eq!(parses.get(), 5, "m was dropped once its users were done");
    }

    #[test]
    fn module_sources_are_found_without_parsing() {
        let text = r#"
module "a" {
  providers = { aws = aws.x }
  tags = { "}" = "{" } # }
  source = "./a"
}

module b {
  for_each = {
    x = 1
  }
  source   = "../b"
}

locals {
  module = "x"
}

module "c" {
  inner = {
    source = "not this"
  }
  source = "registry/c/aws"
}
"#;
        assert_eq!(
            module_sources_lexical(text),
            ["./a", "../b", "registry/c/aws"]
        );
    }
}
