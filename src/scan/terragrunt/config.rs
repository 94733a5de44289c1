//! Evaluating one Terragrunt configuration: its `include` blocks (the
//! included files evaluated in its context, nested includes bounded, cycles
//! reported), `locals`, `inputs` and `terraform.source`, with Terragrunt's
//! functions. Expressions go through the Terraform evaluator
//! ([`terraform::eval_bound`]): a call of a Terragrunt function is computed
//! here first and stands in the expression as a bound name; `local`,
//! `include` and `dependency` are bound names too (a dependency's outputs are
//! unknown, as before `terragrunt apply` they are). Nothing is executed:
//! `run_cmd`, `get_env` and the AWS identity functions are unknown.

use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

use crate::eval::terraform;
use crate::eval::value::{Budget, Field, Kind, Value, MAX_EVAL_COST};
use crate::finding::{ErrorKind, FileError, Level};
use crate::parse;
use crate::parse::hcl_ast::{Block, Body, Expr, ExprKind, ObjectItem, ObjectKey, TemplatePart};
use crate::parse::hcl_ast::{ForExpr, Traverser};
use crate::source::{FileId, Range, Span};

/// How deep `include`s and `read_terragrunt_config` may nest.
pub const MAX_INCLUDE_DEPTH: usize = 8;
/// The most locals one configuration may declare (the rest are missing).
const MAX_LOCALS: usize = 512;

/// A configuration file's text, as a scan reads it.
pub(super) struct Loaded {
    pub file: FileId,
    pub text: Arc<str>,
    pub display: PathBuf,
}

/// Where configuration files come from: the files read for the scan (with
/// their ids), or the disk while the scan decides what to read.
pub(super) trait Texts {
    /// The file at `scan` (the path as the scan spells it; `abs` is the
    /// same file, absolute); `None` when it cannot be read.
    fn load(&mut self, scan: &Path, abs: &Path) -> Option<Loaded>;
}

/// A directory as the scan spells it and as an absolute path.
#[derive(Clone, Debug)]
pub(super) struct Place {
    pub scan: PathBuf,
    pub abs: PathBuf,
}

impl Place {
    /// The scan's spelling of an absolute path, relative to this place.
    pub fn scan_of(&self, abs: &Path) -> PathBuf {
        terraform::normalize(&self.scan.join(relative(&self.abs, abs)))
    }
}

/// `to` relative to `from`, both absolute and normalized.
pub(super) fn relative(from: &Path, to: &Path) -> PathBuf {
    let f: Vec<Component> = from.components().collect();
    let t: Vec<Component> = to.components().collect();
    let common = f.iter().zip(&t).take_while(|(a, b)| a == b).count();
    let mut out = PathBuf::new();
    for _ in common..f.len() {
        out.push("..");
    }
    for c in &t[common..] {
        out.push(c.as_os_str());
    }
    out
}

fn rel_string(from: &Path, to: &Path) -> String {
    let r = relative(from, to);
    if r.as_os_str().is_empty() {
        ".".into()
    } else {
        r.to_string_lossy().replace('\\', "/")
    }
}

/// How an included configuration's values join the includer's.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Strategy {
    NoMerge,
    Shallow,
    Deep,
}

/// One evaluated configuration file.
pub(super) struct Config {
    pub file: FileId,
    pub display: PathBuf,
    pub locals: Value,
    /// `inputs`, merged with those of the included files.
    pub inputs: Option<Value>,
    /// `terraform { source }`: its value and the attribute, from this file or
    /// (when it has none) from an included one.
    pub source: Option<(Value, Range)>,
    /// The header of the `include` block whose file gave the source.
    pub source_include: Option<Range>,
    /// An include could not be read or evaluated: the values are incomplete.
    pub incomplete: bool,
}

impl Config {
    /// What `include.NAME` (with `expose = true`) and
    /// `read_terragrunt_config` give: `locals`, `inputs`, `terraform`.
    fn exposed(&self, at: Range) -> Value {
        let mut fields = vec![field("locals", self.locals.clone(), at)];
        if let Some(inputs) = &self.inputs {
            fields.push(field("inputs", inputs.clone(), at));
        }
        if let Some((source, _)) = &self.source {
            let tf = Value::new(Kind::Map(vec![field("source", source.clone(), at)]), at);
            fields.push(field("terraform", tf, at));
        }
        Value::new(Kind::Map(fields), at)
    }
}

fn field(key: &str, value: Value, at: Range) -> Field {
    Field {
        key: key.into(),
        key_range: at,
        value,
    }
}

/// What the functions of one file see: the unit's directory (the child
/// configuration's: `get_terragrunt_dir()`), the directory of the file that
/// is being evaluated, and its includes' directories.
#[derive(Clone)]
struct Env {
    tg_dir: PathBuf,
    this_dir: PathBuf,
    /// For an included file: its own directory (`get_parent_terragrunt_dir`).
    include_dir: Option<PathBuf>,
    /// The directories of the file's own includes, by name.
    includes: Vec<(String, PathBuf)>,
}

impl Env {
    /// The directory `path_relative_to_include()` and
    /// `get_parent_terragrunt_dir()` are about.
    fn parent_dir(&self, name: Option<&str>) -> PathBuf {
        if let Some(d) = &self.include_dir {
            return d.clone();
        }
        let named = name.and_then(|n| self.includes.iter().find(|(k, _)| k == n));
        named
            .or(self.includes.first())
            .map(|(_, d)| d.clone())
            .unwrap_or_else(|| self.tg_dir.clone())
    }
}

/// An expression's evaluation context: the file, its environment and the
/// names bound so far (`local`, `include`, `dependency`, computed calls).
struct Cx {
    file: FileId,
    display: PathBuf,
    text: Arc<str>,
    env: Env,
    names: Vec<(String, Value)>,
}

impl Cx {
    fn at(&self, span: Span) -> Range {
        Range::new(self.file, span)
    }
}

/// Evaluates configurations, reading the files they include.
pub(super) struct Loader<'a> {
    texts: &'a mut dyn Texts,
    /// The canonical directories included files may be read from, besides
    /// the directories above the unit.
    readable: &'a [PathBuf],
    /// The unit's configuration's directory.
    place: Place,
    /// Files being evaluated, innermost last.
    stack: Vec<PathBuf>,
    /// `read_terragrunt_config` results by path.
    read_cache: HashMap<PathBuf, Option<Value>>,
    pub problems: Vec<FileError>,
}

impl<'a> Loader<'a> {
    pub fn new(texts: &'a mut dyn Texts, readable: &'a [PathBuf], place: Place) -> Loader<'a> {
        Loader {
            texts,
            readable,
            place,
            stack: Vec::new(),
            read_cache: HashMap::new(),
            problems: Vec::new(),
        }
    }

    /// Evaluates the unit's own configuration (at `abs`, in the place's
    /// directory).
    pub fn unit(&mut self, abs: &Path) -> Option<Config> {
        let env = Env {
            tg_dir: self.place.abs.clone(),
            this_dir: self.place.abs.clone(),
            include_dir: None,
            includes: Vec::new(),
        };
        let budget = Budget::arm();
        let mut config = self.config(abs, env, None);
        if budget.exhausted() {
            if let Some(c) = &mut config {
                c.incomplete = true;
            }
            let path = self.place.scan_of(abs);
            self.problem(
                &path,
                None,
                format!(
                    "evaluation limit reached: values worth more than {MAX_EVAL_COST} made or \
                     copied (a value that doubles with each reference?); {NOT_EVALUATED}"
                ),
            );
        }
        config
    }

    fn problem(&mut self, display: &Path, range: Option<Range>, message: String) {
        self.problems.push(FileError {
            level: Level::Warning,
            kind: ErrorKind::Eval,
            path: display.to_path_buf(),
            range,
            message,
        });
    }

    /// Whether an included or read file may be read: inside the scanned
    /// paths, or a `.hcl` file in a directory above the unit (where
    /// `find_in_parent_folders` looks).
    fn allowed(&self, abs: &Path) -> bool {
        let above = abs.parent().is_some_and(|d| self.place.abs.starts_with(d))
            && abs.extension().is_some_and(|e| e == "hcl");
        above
            || std::fs::canonicalize(abs)
                .is_ok_and(|c| self.readable.iter().any(|r| c.starts_with(r)))
    }

    /// Reads, parses and evaluates the configuration at `abs`; `from` is the
    /// block that includes or reads it (for diagnostics).
    fn config(&mut self, abs: &Path, env: Env, from: Option<From>) -> Option<Config> {
        let shown = |l: &Self| l.place.scan_of(abs);
        let why = if let Some(start) = self.stack.iter().position(|p| p == abs) {
            let chain: Vec<String> = self.stack[start..]
                .iter()
                .chain([&abs.to_path_buf()])
                .map(|p| self.place.scan_of(p).display().to_string())
                .collect();
            Some(format!("include cycle: {}", chain.join(" → ")))
        } else if self.stack.len() >= MAX_INCLUDE_DEPTH {
            Some(format!("includes nest deeper than {MAX_INCLUDE_DEPTH}"))
        } else if from.is_some() && !abs.is_file() {
            Some(format!(
                "{} does not exist (Terragrunt fails here)",
                shown(self).display()
            ))
        } else if from.is_some() && !self.allowed(abs) {
            Some(format!(
                "{} is outside the scanned paths and not read (scan a directory that contains it)",
                shown(self).display()
            ))
        } else {
            None
        };
        if let Some(why) = why {
            let (path, range, then) = match &from {
                Some(f) => (f.path.clone(), Some(f.at), f.then),
                None => (shown(self), None, NOT_EVALUATED),
            };
            self.problem(&path, range, format!("{why}; {then}"));
            return None;
        }
        let loaded = self.texts.load(&shown(self), abs)?;
        // A syntax error is reported where the file is grouped (see
        // `mod.rs`); here the configuration is just not evaluated.
        let body = parse::hcl::parse(&loaded.text).ok()?.body;
        self.stack.push(abs.to_path_buf());
        let config = self.evaluate(&body, loaded, env);
        self.stack.pop();
        Some(config)
    }

    fn evaluate(&mut self, body: &Body, loaded: Loaded, mut env: Env) -> Config {
        let dir = env.this_dir.clone();
        let mut cx = Cx {
            file: loaded.file,
            display: loaded.display.clone(),
            text: loaded.text,
            env: env.clone(),
            names: Vec::new(),
        };
        let whole = cx.at(Span::new(0, 0));
        // Includes first: their paths may use functions, not locals.
        let mut included: Vec<Included> = Vec::new();
        let mut incomplete = false;
        for b in body.blocks_of("include") {
            let name = b.labels.first().map_or(String::new(), |l| l.value.clone());
            let at = cx.at(header(b));
            let attr = |n: &str| b.body.attribute(n);
            let before = self.problems.len();
            let path = attr("path").map(|p| self.eval(&p.expr, &mut cx));
            let expose =
                attr("expose").is_some_and(|e| self.eval(&e.expr, &mut cx).as_bool() == Some(true));
            let merge = match attr("merge_strategy").map(|m| self.eval(&m.expr, &mut cx)) {
                Some(v) if v.as_str() == Some("no_merge") => Strategy::NoMerge,
                Some(v) if v.as_str() == Some("deep") => Strategy::Deep,
                _ => Strategy::Shallow,
            };
            let target = path
                .as_ref()
                .and_then(|p| p.as_str())
                .map(|p| terraform::normalize(&dir.join(p)));
            let Some(target) = target else {
                incomplete = true;
                if self.problems.len() > before {
                    // A function said why.
                    if let Some(p) = self.problems.last_mut() {
                        p.message.push_str("; ");
                        p.message.push_str(NOT_EVALUATED);
                    }
                    continue;
                }
                let why = if path.as_ref().is_some_and(Value::has_error) {
                    "its path cannot be evaluated (no such file above this directory?)"
                } else {
                    "its path is not known statically"
                };
                self.problem(
                    &loaded.display,
                    Some(at),
                    format!("include: {why}; {NOT_EVALUATED}"),
                );
                continue;
            };
            let parent_env = Env {
                tg_dir: env.tg_dir.clone(),
                this_dir: target.parent().map(Path::to_path_buf).unwrap_or_default(),
                include_dir: None,
                includes: Vec::new(),
            };
            let mut parent_env = parent_env;
            parent_env.include_dir = Some(parent_env.this_dir.clone());
            env.includes
                .push((name.clone(), parent_env.this_dir.clone()));
            let from = From {
                path: loaded.display.clone(),
                at,
                then: NOT_EVALUATED,
            };
            let config = self.config(&target, parent_env, Some(from));
            incomplete |= config.as_ref().is_none_or(|c| c.incomplete);
            included.push((name, at, config, expose, merge));
        }
        cx.env = env;
        let exposed: Vec<Field> = included
            .iter()
            .filter(|(_, _, _, expose, _)| *expose)
            .map(|(name, at, config, _, _)| {
                let v = config
                    .as_ref()
                    .map_or_else(|| Value::unknown(*at), |c| c.exposed(*at));
                field(name, v, *at)
            })
            .collect();
        cx.names
            .push(("include".into(), Value::new(Kind::Map(exposed), whole)));
        for unknown in ["dependency", "dependencies", "feature", "values"] {
            cx.names.push((unknown.into(), Value::unknown(whole)));
        }
        let locals = self.locals(body, &mut cx, whole);
        cx.names.push(("local".into(), locals.clone()));
        let inputs = body
            .attribute("inputs")
            .map(|a| self.eval(&a.expr, &mut cx));
        let source = body
            .blocks_of("terraform")
            .find_map(|b| b.body.attribute("source"))
            .map(|a| (self.eval(&a.expr, &mut cx), cx.at(a.span)));
        let mut config = Config {
            file: cx.file,
            display: loaded.display,
            locals,
            inputs,
            source,
            source_include: None,
            incomplete,
        };
        merge_includes(&mut config, &included);
        config
    }

    /// The `locals` blocks, each evaluated once after the locals it refers
    /// to (a local in a cycle sees the others of the cycle as missing, an
    /// error, as Terragrunt rejects it).
    fn locals(&mut self, body: &Body, cx: &mut Cx, whole: Range) -> Value {
        let attrs: Vec<_> = body
            .blocks_of("locals")
            .flat_map(|b| &b.body.attributes)
            .take(MAX_LOCALS)
            .collect();
        let index: HashMap<&str, usize> = attrs
            .iter()
            .enumerate()
            .map(|(i, a)| (a.name.as_str(), i))
            .collect();
        let deps: Vec<Vec<usize>> = attrs
            .iter()
            .map(|a| {
                let mut names = Some(Vec::new());
                local_refs(&a.expr, &mut names);
                match names {
                    None => (0..attrs.len()).collect(),
                    Some(names) => names.iter().filter_map(|n| index.get(n).copied()).collect(),
                }
            })
            .collect();
        let mut values: Vec<Option<Value>> = vec![None; attrs.len()];
        // 0: not visited, 1: waiting for its dependencies, 2: evaluated.
        let mut state = vec![0u8; attrs.len()];
        for root in 0..attrs.len() {
            let mut stack = vec![(root, false)];
            while let Some((i, ready)) = stack.pop() {
                if state[i] == 2 || (!ready && state[i] == 1) {
                    continue;
                }
                if !ready {
                    state[i] = 1;
                    stack.push((i, true));
                    stack.extend(
                        deps[i]
                            .iter()
                            .filter(|d| state[**d] == 0)
                            .map(|d| (*d, false)),
                    );
                    continue;
                }
                let fields = deps[i]
                    .iter()
                    .filter_map(|d| {
                        values[*d]
                            .as_ref()
                            .map(|v| field(&attrs[*d].name, v.clone(), v.range))
                    })
                    .collect();
                let mark = cx.names.len();
                cx.names
                    .push(("local".into(), Value::new(Kind::Map(fields), whole)));
                values[i] = Some(self.eval(&attrs[i].expr, cx));
                cx.names.truncate(mark);
                state[i] = 2;
            }
        }
        let fields = attrs
            .iter()
            .zip(values)
            .filter_map(|(a, v)| v.map(|v| field(&a.name, v.clone(), v.range)))
            .collect();
        Value::new(Kind::Map(fields), whole)
    }

    /// An expression's value: its Terragrunt function calls computed, then
    /// the Terraform evaluator with the bound names.
    fn eval(&mut self, expr: &Expr, cx: &mut Cx) -> Value {
        let e = self.rewrite(expr, cx);
        terraform::eval_bound(&e, cx.file, cx.text.clone(), &cx.names)
    }

    /// `expr` with every call of a Terragrunt function replaced by a name
    /// bound to its result.
    fn rewrite(&mut self, expr: &Expr, cx: &mut Cx) -> Expr {
        if let ExprKind::Call { name, args, .. } = &expr.kind {
            if FUNCTIONS.contains(&name.as_str()) {
                let args: Vec<Value> = args.iter().map(|a| self.eval(a, cx)).collect();
                let at = cx.at(expr.span);
                let v = self.function(name, &args, cx, at);
                let bound = format!("tg\u{b7}{}", cx.names.len());
                cx.names.push((bound.clone(), v));
                return Expr {
                    kind: ExprKind::Variable(bound),
                    span: expr.span,
                };
            }
        }
        map_children(expr, &mut |e| self.rewrite(e, cx))
    }

    fn function(&mut self, name: &str, args: &[Value], cx: &Cx, at: Range) -> Value {
        let s = |i: usize| args.get(i).and_then(Value::as_str);
        let env = &cx.env;
        let path = |p: &Path| Value::string(p.to_string_lossy().replace('\\', "/"), at);
        match name {
            "find_in_parent_folders" => {
                let target = s(0).unwrap_or("terragrunt.hcl");
                if args.first().is_some_and(|a| a.as_str().is_none()) {
                    return Value::unknown_of(at, args);
                }
                let mut dir = env.tg_dir.parent();
                while let Some(d) = dir {
                    let candidate = d.join(target);
                    if candidate.is_file() {
                        return path(&terraform::normalize(&candidate));
                    }
                    dir = d.parent();
                }
                if let Some(fallback) = args.get(1) {
                    return fallback.clone();
                }
                let shown = self.place.scan_of(&env.tg_dir);
                self.problem(
                    &cx.display,
                    Some(at),
                    format!(
                        "find_in_parent_folders: no `{target}` in the directories above {} (Terragrunt fails here)",
                        shown.display()
                    ),
                );
                Value::error(at)
            }
            "get_terragrunt_dir" | "get_original_terragrunt_dir" => path(&env.tg_dir),
            "get_parent_terragrunt_dir" => path(&env.parent_dir(s(0))),
            "path_relative_to_include" => {
                Value::string(rel_string(&env.parent_dir(s(0)), &env.tg_dir), at)
            }
            "path_relative_from_include" => {
                Value::string(rel_string(&env.tg_dir, &env.parent_dir(s(0))), at)
            }
            "mark_as_read" => args.first().cloned().unwrap_or_else(|| Value::error(at)),
            "read_terragrunt_config" => {
                let Some(p) = s(0) else {
                    return Value::unknown_of(at, args);
                };
                let abs = terraform::normalize(&env.this_dir.join(p));
                let read = self.read_config(&abs, cx, at);
                match (read, args.get(1)) {
                    (Some(v), _) => v,
                    (None, Some(default)) => default.clone(),
                    (None, None) => Value::unknown(at),
                }
            }
            // Anything that depends on the machine, the environment, the
            // account or a command: unknown.
            _ => Value::unknown_of(at, args),
        }
    }

    /// `read_terragrunt_config(path)`: the file evaluated in its own
    /// directory; `None` when it cannot be read.
    fn read_config(&mut self, abs: &Path, cx: &Cx, at: Range) -> Option<Value> {
        if let Some(v) = self.read_cache.get(abs) {
            return v.clone();
        }
        let dir = abs.parent().map(Path::to_path_buf).unwrap_or_default();
        let env = Env {
            tg_dir: dir.clone(),
            this_dir: dir,
            include_dir: None,
            includes: Vec::new(),
        };
        let display = self.place.scan_of(&cx.env.this_dir);
        let v = self
            .config(
                abs,
                env,
                Some(From {
                    path: display,
                    at,
                    then: "its values are unknown",
                }),
            )
            .filter(|c| !c.incomplete)
            .map(|c| c.exposed(at));
        self.read_cache.insert(abs.to_path_buf(), v.clone());
        v
    }
}

/// Joins the included configurations' `inputs` and `terraform.source`
/// with the includer's, each by its include's strategy: the includer wins,
/// and a later include wins over an earlier one.
fn merge_includes(config: &mut Config, included: &[Included]) {
    for (_, at, parent, _, how) in included.iter().rev() {
        let Some(parent) = parent else { continue };
        if *how == Strategy::NoMerge {
            continue;
        }
        config.inputs = match (parent.inputs.clone(), config.inputs.take()) {
            (Some(p), Some(c)) => Some(merge_values(p, c, *how)),
            (p, c) => c.or(p),
        };
        if config.source.is_none() && parent.source.is_some() {
            config.source = parent.source.clone();
            config.source_include = Some(*at);
        }
    }
}

/// An `include` block: its name, header, the configuration it includes
/// (`None` when it could not be read), `expose` and `merge_strategy`.
type Included = (String, Range, Option<Config>, bool, Strategy);

/// The block that includes or reads a file, and what happens when the
/// file cannot be evaluated.
struct From {
    path: PathBuf,
    at: Range,
    then: &'static str,
}

const NOT_EVALUATED: &str = "the configuration is not evaluated";

/// Terragrunt's own functions (the rest are Terraform's).
const FUNCTIONS: &[&str] = &[
    "find_in_parent_folders",
    "path_relative_to_include",
    "path_relative_from_include",
    "get_env",
    "get_platform",
    "get_repo_root",
    "get_path_from_repo_root",
    "get_path_to_repo_root",
    "get_terragrunt_dir",
    "get_working_dir",
    "get_parent_terragrunt_dir",
    "get_original_terragrunt_dir",
    "get_terraform_commands_that_need_vars",
    "get_terraform_commands_that_need_input",
    "get_terraform_commands_that_need_locking",
    "get_terraform_commands_that_need_parallelism",
    "get_terraform_command",
    "get_terraform_cli_args",
    "get_default_retryable_errors",
    "get_aws_account_alias",
    "get_aws_account_id",
    "get_aws_caller_identity_arn",
    "get_aws_caller_identity_user_id",
    "run_cmd",
    "read_terragrunt_config",
    "sops_decrypt_file",
    "get_terragrunt_source_cli_flag",
    "read_tfvars_file",
    "mark_as_read",
    "constraint_check",
];

/// Joins an included file's value with the includer's, the includer
/// winning: a shallow merge replaces top-level keys, a deep one merges maps
/// key by key and concatenates lists. Anything else is replaced, except
/// that an unknown value of the included file makes the result unknown.
fn merge_values(parent: Value, child: Value, how: Strategy) -> Value {
    let range = child.range;
    let unknown_parent = match &parent.kind {
        Kind::Unknown(_) | Kind::Choice(_) => parent.clone(),
        _ => Value::null(range),
    };
    match (parent.kind, child.kind) {
        (Kind::Map(mut fields), Kind::Map(child_fields)) => {
            for f in child_fields {
                match fields.iter().position(|p| p.key == f.key) {
                    Some(i) if how == Strategy::Deep => {
                        let p = fields.remove(i);
                        let value = merge_values(p.value, f.value, how);
                        fields.push(Field { value, ..f });
                    }
                    Some(i) => {
                        fields.remove(i);
                        fields.push(f);
                    }
                    None => fields.push(f),
                }
            }
            Value::new(Kind::Map(fields), range)
        }
        (Kind::List(mut items), Kind::List(child_items)) if how == Strategy::Deep => {
            items.extend(child_items);
            Value::new(Kind::List(items), range)
        }
        // Which keys an unknown value sets is unknown: so is the result.
        (Kind::Unknown(_) | Kind::Choice(_), _) => Value::unknown_of(range, [&unknown_parent]),
        (_, kind) => Value::new(kind, range),
    }
}

/// The locals `e` refers to (`local.NAME`) added to `out`; `None` when it
/// uses `local` as a whole.
fn local_refs<'e>(e: &'e Expr, out: &mut Option<Vec<&'e str>>) {
    if out.is_none() {
        return;
    }
    match &e.kind {
        ExprKind::GetAttr(base, name) if matches!(&base.kind, ExprKind::Variable(v) if v == "local") => {
            if let Some(names) = out {
                names.push(name);
            }
        }
        ExprKind::Variable(v) if v == "local" => *out = None,
        _ => for_each_child(e, &mut |c| local_refs(c, out)),
    }
}

/// Calls `f` on each direct sub-expression of `e`.
fn for_each_child<'e>(e: &'e Expr, f: &mut impl FnMut(&'e Expr)) {
    match &e.kind {
        ExprKind::Null | ExprKind::Bool(_) | ExprKind::Number(_) | ExprKind::Variable(_) => {}
        ExprKind::Template(parts) => parts.iter().for_each(|p| {
            if let TemplatePart::Interpolation(x) = p {
                f(x)
            }
        }),
        ExprKind::Tuple(items) => items.iter().for_each(f),
        ExprKind::Call { args, .. } => args.iter().for_each(f),
        ExprKind::Object(items) => items.iter().for_each(|i| {
            if let ObjectKey::Expr(k) = &i.key {
                f(k)
            }
            f(&i.value)
        }),
        ExprKind::GetAttr(x, _) | ExprKind::Unary(_, x) => f(x),
        ExprKind::Index(x, y) | ExprKind::Binary(_, x, y) => {
            f(x);
            f(y)
        }
        ExprKind::Splat(x, steps) => {
            f(x);
            for s in steps {
                if let Traverser::Index(i) = s {
                    f(i)
                }
            }
        }
        ExprKind::Conditional(c, x, y) => {
            f(c);
            f(x);
            f(y)
        }
        ExprKind::For(fe) => {
            f(&fe.collection);
            fe.key.iter().for_each(&mut *f);
            f(&fe.value);
            fe.condition.iter().for_each(f)
        }
    }
}

/// A block's header: its type and labels.
fn header(b: &Block) -> Span {
    b.labels.iter().fold(b.ty_span, |s, l| s.cover(l.span))
}

/// `e` with `f` applied to each direct sub-expression.
fn map_children(e: &Expr, f: &mut impl FnMut(&Expr) -> Expr) -> Expr {
    let b = |x: &Expr, f: &mut dyn FnMut(&Expr) -> Expr| Box::new(f(x));
    let kind = match &e.kind {
        ExprKind::Null | ExprKind::Bool(_) | ExprKind::Number(_) | ExprKind::Variable(_) => {
            e.kind.clone()
        }
        ExprKind::Template(parts) => ExprKind::Template(
            parts
                .iter()
                .map(|p| match p {
                    TemplatePart::Interpolation(x) => TemplatePart::Interpolation(f(x)),
                    other => other.clone(),
                })
                .collect(),
        ),
        ExprKind::Tuple(items) => ExprKind::Tuple(items.iter().map(&mut *f).collect()),
        ExprKind::Object(items) => ExprKind::Object(
            items
                .iter()
                .map(|i| ObjectItem {
                    key: match &i.key {
                        ObjectKey::Expr(k) => ObjectKey::Expr(f(k)),
                        k => k.clone(),
                    },
                    key_span: i.key_span,
                    value: f(&i.value),
                })
                .collect(),
        ),
        ExprKind::GetAttr(x, name) => ExprKind::GetAttr(b(x, f), name.clone()),
        ExprKind::Index(x, i) => ExprKind::Index(b(x, f), b(i, f)),
        ExprKind::Splat(x, steps) => ExprKind::Splat(
            b(x, f),
            steps
                .iter()
                .map(|s| match s {
                    Traverser::Index(i) => Traverser::Index(f(i)),
                    other => other.clone(),
                })
                .collect(),
        ),
        ExprKind::Call { name, args, expand } => ExprKind::Call {
            name: name.clone(),
            args: args.iter().map(&mut *f).collect(),
            expand: *expand,
        },
        ExprKind::Conditional(c, x, y) => ExprKind::Conditional(b(c, f), b(x, f), b(y, f)),
        ExprKind::Unary(op, x) => ExprKind::Unary(*op, b(x, f)),
        ExprKind::Binary(op, x, y) => ExprKind::Binary(*op, b(x, f), b(y, f)),
        ExprKind::For(fe) => ExprKind::For(Box::new(ForExpr {
            key_var: fe.key_var.clone(),
            value_var: fe.value_var.clone(),
            collection: f(&fe.collection),
            key: fe.key.as_ref().map(&mut *f),
            value: f(&fe.value),
            condition: fe.condition.as_ref().map(&mut *f),
            grouping: fe.grouping,
        })),
    };
    Expr { kind, span: e.span }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Value {
        let body = parse::hcl::parse(&format!("v = {text}\n")).unwrap().body;
        let e = &body.attributes[0].expr;
        terraform::eval_bound(e, FileId(0), Arc::from(format!("v = {text}\n")), &[])
    }

    fn shown(v: &Value) -> String {
        match &v.kind {
            Kind::Map(fields) => {
                let inner: Vec<String> = fields
                    .iter()
                    .map(|f| format!("{}={}", f.key, shown(&f.value)))
                    .collect();
                format!("{{{}}}", inner.join(","))
            }
            Kind::List(items) => {
                let inner: Vec<String> = items.iter().map(shown).collect();
                format!("[{}]", inner.join(","))
            }
            _ => v.display(),
        }
    }

    #[test]
    fn merges_keep_the_includers_values() {
        let parent = "{ a = 1, m = { x = 1, y = 2 }, l = [1] }";
        let child = "{ m = { y = 3 }, l = [2], b = 4 }";
        let merged = |how| shown(&merge_values(parse(parent), parse(child), how));
        assert_eq!(merged(Strategy::Shallow), "{a=1,m={y=3},l=[2],b=4}");
        assert_eq!(merged(Strategy::Deep), "{a=1,m={x=1,y=3},l=[1,2],b=4}");
        // Anything but two maps: the includer's value.
        assert_eq!(
            shown(&merge_values(
                parse("{ a = 1 }"),
                parse("\"s\""),
                Strategy::Deep
            )),
            parse("\"s\"").display()
        );
        // The included file's inputs unknown: which variables they set is too.
        let unknown = merge_values(parse("aws_x.y.inputs"), parse(child), Strategy::Shallow);
        assert!(unknown.is_unknown());
    }

    #[test]
    fn paths_relate_and_keep_the_scans_spelling() {
        assert_eq!(
            rel_string(Path::new("/r/live"), Path::new("/r/live/prod/app")),
            "prod/app"
        );
        assert_eq!(
            rel_string(Path::new("/r/live/prod"), Path::new("/r/modules")),
            "../../modules"
        );
        assert_eq!(rel_string(Path::new("/r"), Path::new("/r")), ".");
        let place = Place {
            scan: PathBuf::from("infra/live/app"),
            abs: PathBuf::from("/w/infra/live/app"),
        };
        assert_eq!(
            place.scan_of(Path::new("/w/infra/modules/x")),
            PathBuf::from("infra/modules/x")
        );
        assert_eq!(
            place.scan_of(Path::new("/w/other")),
            PathBuf::from("other"),
            "above the spelling's first directory"
        );
    }
}
