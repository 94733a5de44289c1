//! Terraform evaluation: a root module (a directory of `.tf` and `.tf.json`
//! files) and every module it calls. Input variables resolve from the values
//! given to the root (tfvars files, `--var`, `TF_VAR_*`) or by the calling
//! `module` block, else their defaults; locals in dependency order (a cycle is
//! reported, never a hang); `count`, `for_each` and `dynamic` blocks expand into
//! instances; module outputs flow back to the caller. References to resources
//! and data sources become unknown values that remember what they point at.
//! An expression that would fail in Terraform (a missing attribute, a bad
//! function argument) evaluates to an unknown value marked as an error, which
//! is what `try` and `can` test.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};
use std::rc::Rc;
use std::sync::Arc;

use super::functions;
use super::value::{Branch, Field, Kind, Refs, Segment, Str, Value};
use super::{Format, Resource, Unit};
use crate::parse::hcl_ast::{
    Attribute, BinaryOp, Block, Body, Expr, ExprKind, ObjectKey, TemplatePart, Traverser, UnaryOp,
};
use crate::source::{FileId, Range, Span};

/// One parsed file of a module.
#[derive(Debug)]
pub struct ModuleFile {
    pub file: FileId,
    pub text: Arc<str>,
    pub body: Body,
}

/// Parsed module directories by [`normalize`]d path.
pub type Modules = HashMap<PathBuf, Arc<Vec<ModuleFile>>>;

/// A value given to a root module's input variable from outside its code.
#[derive(Clone, Debug)]
pub enum Input {
    /// From a `.tfvars` or `.tfvars.json` file.
    Value(Value),
    /// From `--var NAME=VALUE` or `TF_VAR_NAME`: a string, read as an HCL
    /// expression when the variable's type is a collection or object, as
    /// Terraform does.
    Raw(String),
}

/// Where `terraform init` installed registry and remote modules: the
/// manifest's module keys (`vpc`, `vpc.subnets`) and their directories.
#[derive(Clone, Debug, Default)]
pub struct Manifest {
    pub dirs: HashMap<String, PathBuf>,
}

/// Everything one root module's evaluation needs.
pub struct Root<'a> {
    pub dir: PathBuf,
    /// Parsed module directories, keyed by [`normalize`]d path: the root and
    /// every directory it may call.
    pub modules: &'a Modules,
    /// Values for the root's variables, lowest precedence first.
    pub inputs: Vec<(String, Input)>,
    pub manifest: Option<&'a Manifest>,
    /// Canonical directories `file()` and `templatefile()` may read from.
    pub readable: &'a [PathBuf],
}

/// How deep references may chain (local → local → ...) before evaluation
/// gives up on that value.
const MAX_EVAL_DEPTH: usize = 64;
/// The most elements a `for` expression or `range()` may produce.
pub const MAX_COLLECTION: usize = 10_000;
/// The most instances one `count` or `for_each` may expand into.
pub const MAX_INSTANCES: usize = 10_000;
/// How deep module calls may nest.
pub const MAX_MODULE_DEPTH: usize = 16;
/// The most resources one root module (with all its module instances) may
/// expand into.
pub const MAX_UNIT_RESOURCES: usize = 50_000;
/// The most elements one root module's evaluation may produce in `for`
/// expressions, `dynamic` blocks, collection functions and module instances;
/// past it, such values are unknown.
pub const MAX_WORK: usize = 2_000_000;
/// The largest file `file()` and `templatefile()` read.
pub const MAX_READ_BYTES: u64 = 1024 * 1024;

/// The reference an erroneous value carries (see [`Value::is_error`]).
pub(crate) const ERROR_REF: &str = "\u{0}error";

/// An unknown value that stands for an evaluation error.
pub(crate) fn error_value(range: Range) -> Value {
    Value::unknown_from(range, Arc::from([Arc::from(ERROR_REF)]))
}

/// Whether a value is, or contains, an evaluation error.
pub(crate) fn has_error(v: &Value) -> bool {
    match &v.kind {
        Kind::Unknown(r) => r.iter().any(|r| &**r == ERROR_REF),
        Kind::List(items) => items.iter().any(has_error),
        Kind::Map(fields) => fields.iter().any(|f| has_error(&f.value)),
        Kind::Choice(bs) => bs.iter().any(|b| has_error(&b.value)),
        _ => false,
    }
}

/// State shared by every module instance of one root.
struct Ctx<'a> {
    modules: &'a Modules,
    root_dir: PathBuf,
    manifest: Option<&'a Manifest>,
    readable: &'a [PathBuf],
    problems: RefCell<Vec<(Range, String)>>,
    related: RefCell<Related>,
    /// Directories instantiated as child modules.
    called: RefCell<std::collections::BTreeSet<PathBuf>>,
    depth: Cell<usize>,
    resources: Cell<usize>,
    /// Elements produced by `for` expressions, `dynamic` blocks, functions
    /// and module instances so far (see [`MAX_WORK`]).
    work: Cell<usize>,
}

/// The calling `module` blocks of resources evaluated inside modules, by
/// resource address, innermost call first: (the block's header, "instantiated
/// by module.x").
pub type Related = HashMap<String, Arc<[(Range, String)]>>;

/// An instance key: `[0]` or `["name"]`.
#[derive(Clone, Debug, PartialEq)]
enum Key {
    Int(i64),
    Str(String),
}

impl Key {
    fn suffix(&self) -> String {
        match self {
            Key::Int(i) => format!("[{i}]"),
            Key::Str(s) => format!("[{s:?}]"),
        }
    }
}

/// The instances a `count` or `for_each` expands into: a key (none for a
/// block without either, or whose count is unknown) and the scope binding
/// `count.index` or `each.key`/`each.value`.
type Instances = Vec<(Option<Key>, Scope)>;

/// A module call's instances.
enum Call<'a> {
    /// The module's code is not available (a remote source without an
    /// installed copy, a path outside the scanned tree) or could not be
    /// evaluated: its outputs are unknown.
    Opaque,
    Instances(Vec<(Option<Key>, Module<'a>)>),
}

pub(crate) struct Module<'a> {
    ctx: &'a Ctx<'a>,
    dir: PathBuf,
    files: HashMap<FileId, &'a ModuleFile>,
    variables: HashMap<&'a str, (&'a Block, FileId)>,
    locals: HashMap<&'a str, (&'a Attribute, FileId)>,
    outputs: HashMap<&'a str, (&'a Block, FileId)>,
    calls: Vec<(&'a str, &'a Block, FileId)>,
    inputs: HashMap<String, Input>,
    /// `module.a.module.b["k"].` inside a module instance, empty at the root.
    prefix: String,
    /// Call names from the root (the manifest's module key).
    key: Vec<String>,
    /// This module's directory and its callers' (recursion detection).
    stack: Vec<PathBuf>,
    /// The calling `module` blocks, innermost first.
    related: Vec<(Range, String)>,
    var_cache: RefCell<HashMap<&'a str, Value>>,
    local_cache: RefCell<HashMap<&'a str, Value>>,
    local_stack: RefCell<Vec<&'a str>>,
    output_cache: RefCell<HashMap<&'a str, Value>>,
    output_stack: RefCell<Vec<&'a str>>,
    children: RefCell<HashMap<&'a str, Rc<Call<'a>>>>,
    building: RefCell<Vec<&'a str>>,
}

/// Names bound by `for` expressions, `count`, `for_each` and `dynamic`.
#[derive(Default, Clone)]
pub(crate) struct Scope {
    vars: Vec<(String, Value)>,
}

impl Scope {
    fn with(&self, name: &str, v: Value) -> Scope {
        let mut s = self.clone();
        s.vars.push((name.to_string(), v));
        s
    }
}

/// A root module's evaluation.
pub struct Evaluated {
    pub unit: Unit,
    pub related: Related,
    /// The module directories it instantiated (not the root's own).
    pub called: std::collections::BTreeSet<PathBuf>,
}

/// Evaluates a root module and the modules it calls.
pub fn evaluate(root: Root) -> Evaluated {
    let dir = normalize(&root.dir);
    let ctx = Ctx {
        modules: root.modules,
        root_dir: dir.clone(),
        manifest: root.manifest,
        readable: root.readable,
        problems: RefCell::new(Vec::new()),
        related: RefCell::new(HashMap::new()),
        called: RefCell::new(Default::default()),
        depth: Cell::new(0),
        resources: Cell::new(0),
        work: Cell::new(0),
    };
    let mut inputs = HashMap::new();
    for (name, input) in root.inputs {
        inputs.insert(name, input);
    }
    let mut resources = Vec::new();
    if let Some(m) = Module::new(
        &ctx,
        dir.clone(),
        inputs,
        String::new(),
        Vec::new(),
        Vec::new(),
        Vec::new(),
    ) {
        m.collect(&mut resources);
    }
    let mut problems = ctx.problems.into_inner();
    problems
        .sort_by(|a, b| (a.0.file, a.0.span.start, &a.1).cmp(&(b.0.file, b.0.span.start, &b.1)));
    problems.dedup();
    let unit = Unit {
        format: Format::Terraform,
        path: root.dir,
        resources,
        problems,
    };
    Evaluated {
        unit,
        related: ctx.related.into_inner(),
        called: ctx.called.into_inner(),
    }
}

/// Evaluates a `.tfvars` attribute: literal values only (no references).
pub fn eval_literal(expr: &Expr, file: FileId, text: Arc<str>) -> Value {
    let modules = HashMap::new();
    let ctx = Ctx {
        modules: &modules,
        root_dir: PathBuf::new(),
        manifest: None,
        readable: &[],
        problems: RefCell::new(Vec::new()),
        related: RefCell::new(HashMap::new()),
        called: RefCell::new(Default::default()),
        depth: Cell::new(0),
        resources: Cell::new(0),
        work: Cell::new(0),
    };
    let mf = ModuleFile {
        file,
        text,
        body: Body::default(),
    };
    let mut m = Module::empty(&ctx, PathBuf::new());
    m.files.insert(file, &mf);
    m.eval(expr, file, &Scope::default())
}

/// The module calls of a parsed file: call name and literal `source`.
pub fn module_sources(body: &Body) -> Vec<(String, String)> {
    body.blocks_of("module")
        .filter_map(|b| {
            let name = b.labels.first()?.value.clone();
            let src = b.body.attribute("source")?;
            match &src.expr.kind {
                ExprKind::Template(parts) => match &parts[..] {
                    [TemplatePart::Literal { text, .. }] => Some((name, text.clone())),
                    _ => None,
                },
                _ => None,
            }
        })
        .collect()
}

/// Whether a module source is a local path (`./x`, `../x`).
pub fn is_local_source(source: &str) -> bool {
    source.starts_with("./") || source.starts_with("../") || source == "." || source == ".."
}

/// A path with `.` removed and `..` applied where possible, without touching
/// the file system.
pub fn normalize(p: &Path) -> PathBuf {
    let mut out: Vec<Component> = Vec::new();
    for c in p.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => match out.last() {
                Some(Component::Normal(_)) => {
                    out.pop();
                }
                Some(Component::RootDir | Component::Prefix(_)) => {}
                _ => out.push(c),
            },
            c => out.push(c),
        }
    }
    out.iter().collect()
}

/// `to` relative to `from` (both normalized), as `path.module` is relative to
/// the root module.
fn relative(from: &Path, to: &Path) -> String {
    let f: Vec<_> = from.components().collect();
    let t: Vec<_> = to.components().collect();
    let common = f.iter().zip(&t).take_while(|(a, b)| a == b).count();
    let mut parts: Vec<String> = vec!["..".to_string(); f.len() - common];
    parts.extend(
        t[common..]
            .iter()
            .map(|c| c.as_os_str().to_string_lossy().into_owned()),
    );
    if parts.is_empty() {
        ".".to_string()
    } else {
        parts.join("/")
    }
}

/// Reads `.terraform/modules/modules.json` in `root`: each installed module's
/// key and directory, kept only when the directory lies inside `root`.
pub fn read_manifest(root: &Path) -> Option<Manifest> {
    let path = root.join(".terraform/modules/modules.json");
    let meta = std::fs::metadata(&path).ok()?;
    if meta.len() > MAX_READ_BYTES * 4 {
        return None;
    }
    let text = std::fs::read_to_string(&path).ok()?;
    let node = crate::parse::json::parse(&text).ok()?;
    let canonical_root = std::fs::canonicalize(root).ok()?;
    let mut dirs = HashMap::new();
    let modules = match node.get("Modules").map(|n| &n.kind) {
        Some(crate::parse::NodeKind::Seq(items)) => items,
        _ => return None,
    };
    for m in modules {
        let (Some(key), Some(dir)) = (
            m.get("Key").and_then(|k| k.as_str()),
            m.get("Dir").and_then(|d| d.as_str()),
        ) else {
            continue;
        };
        if key.is_empty() || Path::new(dir).is_absolute() {
            continue;
        }
        let full = normalize(&root.join(dir));
        let inside = std::fs::canonicalize(&full)
            .map(|c| c.starts_with(&canonical_root))
            .unwrap_or(false);
        if inside {
            dirs.insert(key.to_string(), full);
        }
    }
    Some(Manifest { dirs })
}

/// Meta-arguments of a `module` block: not input variables.
const MODULE_META: &[&str] = &[
    "source",
    "version",
    "count",
    "for_each",
    "providers",
    "depends_on",
];

impl<'a> Module<'a> {
    fn empty(ctx: &'a Ctx<'a>, dir: PathBuf) -> Module<'a> {
        Module {
            ctx,
            dir,
            files: HashMap::new(),
            variables: HashMap::new(),
            locals: HashMap::new(),
            outputs: HashMap::new(),
            calls: Vec::new(),
            inputs: HashMap::new(),
            prefix: String::new(),
            key: Vec::new(),
            stack: Vec::new(),
            related: Vec::new(),
            var_cache: RefCell::new(HashMap::new()),
            local_cache: RefCell::new(HashMap::new()),
            local_stack: RefCell::new(Vec::new()),
            output_cache: RefCell::new(HashMap::new()),
            output_stack: RefCell::new(Vec::new()),
            children: RefCell::new(HashMap::new()),
            building: RefCell::new(Vec::new()),
        }
    }

    fn new(
        ctx: &'a Ctx<'a>,
        dir: PathBuf,
        inputs: HashMap<String, Input>,
        prefix: String,
        key: Vec<String>,
        mut stack: Vec<PathBuf>,
        related: Vec<(Range, String)>,
    ) -> Option<Module<'a>> {
        let files = ctx.modules.get(&dir)?;
        if !stack.is_empty() {
            ctx.called.borrow_mut().insert(dir.clone());
        }
        stack.push(dir.clone());
        let mut m = Module::empty(ctx, dir);
        m.inputs = inputs;
        m.prefix = prefix;
        m.key = key;
        m.stack = stack;
        m.related = related;
        for f in files.iter() {
            m.files.insert(f.file, f);
            for b in &f.body.blocks {
                let name = b.labels.first().map(|l| l.value.as_str());
                match (b.ty.as_str(), name) {
                    ("variable", Some(name)) => {
                        m.variables.insert(name, (b, f.file));
                    }
                    ("output", Some(name)) => {
                        m.outputs.insert(name, (b, f.file));
                    }
                    ("module", Some(name)) => m.calls.push((name, b, f.file)),
                    ("locals", _) => {
                        for a in &b.body.attributes {
                            m.locals.insert(&a.name, (a, f.file));
                        }
                    }
                    _ => {}
                }
            }
        }
        Some(m)
    }

    fn range(&self, file: FileId, span: Span) -> Range {
        Range::new(file, span)
    }

    fn src(&self, file: FileId, span: Span) -> &str {
        self.files
            .get(&file)
            .and_then(|f| f.text.get(span.start as usize..span.end as usize))
            .unwrap_or("")
    }

    fn problem(&self, range: Range, message: String) {
        self.ctx.problems.borrow_mut().push((range, message));
    }

    /// Accounts for `n` more elements; false (reported once) past
    /// [`MAX_WORK`].
    fn spend(&self, n: usize, at: Range) -> bool {
        let before = self.ctx.work.get();
        let after = before.saturating_add(n);
        self.ctx.work.set(after);
        if after <= MAX_WORK {
            return true;
        }
        if before <= MAX_WORK {
            self.problem(
                at,
                format!("evaluation produces more than {MAX_WORK} values; the rest are unknown"),
            );
        }
        false
    }

    fn reference(&self, address: String) -> Refs {
        Arc::from([Arc::from(format!("{}{address}", self.prefix))])
    }

    /// The resources of this module instance and of every module it calls.
    fn collect(&self, out: &mut Vec<Resource>) {
        let mut files: Vec<&ModuleFile> = self.files.values().copied().collect();
        files.sort_by_key(|f| f.file);
        for f in files {
            for b in &f.body.blocks {
                let data_source = match b.ty.as_str() {
                    "resource" => false,
                    "data" => true,
                    _ => continue,
                };
                let [ty, name] = &b.labels[..] else { continue };
                let range = Range::new(f.file, header(b));
                let prefix = if data_source { "data." } else { "" };
                let base = format!("{}{prefix}{}.{}", self.prefix, ty.value, name.value);
                for (key, scope) in self.instances(&b.body, f.file, &Scope::default(), &base, range)
                {
                    let n = self.ctx.resources.get() + 1;
                    self.ctx.resources.set(n);
                    if n > MAX_UNIT_RESOURCES {
                        if n == MAX_UNIT_RESOURCES + 1 {
                            self.problem(
                                range,
                                format!(
                                    "more than {MAX_UNIT_RESOURCES} resource instances; the rest are not evaluated"
                                ),
                            );
                        }
                        return;
                    }
                    let address = match &key {
                        Some(k) => format!("{base}{}", k.suffix()),
                        None => base.clone(),
                    };
                    out.push(Resource {
                        format: Format::Terraform,
                        kind: ty.value.clone(),
                        address,
                        range,
                        body: self.eval_body(&b.body, f.file, range, &scope),
                        when: None,
                        data_source,
                    });
                    if !self.related.is_empty() {
                        self.ctx.related.borrow_mut().insert(
                            out.last().map(|r| r.address.clone()).unwrap_or_default(),
                            self.related.clone().into(),
                        );
                    }
                }
            }
        }
        for (name, _, _) in &self.calls {
            if let Some(call) = self.call(name) {
                if let Call::Instances(instances) = &*call {
                    for (_, child) in instances {
                        child.collect(out);
                    }
                }
            }
        }
    }

    /// Expands `count` or `for_each`. An unknown count or collection is one
    /// instance without a key whose `count.index`/`each.*` stay unknown.
    fn instances(
        &self,
        body: &Body,
        file: FileId,
        scope: &Scope,
        what: &str,
        at: Range,
    ) -> Instances {
        let one = || vec![(None, scope.clone())];
        let too_many = |n: usize| {
            self.problem(
                at,
                format!(
                    "`{what}` expands into {n} instances, more than {MAX_INSTANCES}; evaluated as one instance with unknown keys"
                ),
            );
            vec![(None, scope.clone())]
        };
        if let Some(count) = body.attribute("count") {
            let v = self.eval(&count.expr, file, scope);
            let Some(n) = v.as_i64() else { return one() };
            if n <= 0 {
                return Vec::new();
            }
            if n as usize > MAX_INSTANCES {
                return too_many(n as usize);
            }
            return (0..n)
                .map(|i| {
                    let idx = Value::new(Kind::Number(i as f64), v.range);
                    let count = Value::new(
                        Kind::Map(vec![Field {
                            key: "index".into(),
                            key_range: v.range,
                            value: idx,
                        }]),
                        v.range,
                    );
                    (Some(Key::Int(i)), scope.with("count", count))
                })
                .collect();
        }
        let Some(each) = body.attribute("for_each") else {
            return one();
        };
        let v = self.eval(&each.expr, file, scope);
        let pairs: Vec<(String, Range, Value)> = match &v.kind {
            Kind::Map(fields) => sorted_fields(fields)
                .map(|f| (f.key.clone(), f.key_range, f.value.clone()))
                .collect(),
            Kind::List(items) => {
                // A set of strings: each distinct element once.
                let mut out = Vec::new();
                let mut seen = std::collections::HashSet::new();
                for i in items {
                    let Some(s) = scalar_string(i) else {
                        return one();
                    };
                    if seen.insert(s.clone()) {
                        out.push((s, i.range, i.clone()));
                    }
                }
                out
            }
            _ => return one(),
        };
        if pairs.len() > MAX_INSTANCES {
            return too_many(pairs.len());
        }
        pairs
            .into_iter()
            .map(|(k, kr, value)| {
                let each = Value::new(
                    Kind::Map(vec![
                        Field {
                            key: "key".into(),
                            key_range: kr,
                            value: Value::string(k.clone(), kr),
                        },
                        Field {
                            key: "value".into(),
                            key_range: kr,
                            value,
                        },
                    ]),
                    v.range,
                );
                (Some(Key::Str(k)), scope.with("each", each))
            })
            .collect()
    }

    /// A module call's instances, created on first use and kept.
    fn call(&self, name: &str) -> Option<Rc<Call<'a>>> {
        if let Some(c) = self.children.borrow().get(name) {
            return Some(c.clone());
        }
        let &(key, block, file) = self.calls.iter().find(|(n, _, _)| *n == name)?;
        if self.building.borrow().contains(&key) {
            // The call's arguments refer to its own outputs.
            return None;
        }
        self.building.borrow_mut().push(key);
        let call = Rc::new(self.instantiate(key, block, file));
        self.building.borrow_mut().pop();
        self.children.borrow_mut().insert(key, call.clone());
        Some(call)
    }

    fn instantiate(&self, name: &str, block: &'a Block, file: FileId) -> Call<'a> {
        let at = self.range(file, header(block));
        let source = block
            .body
            .attribute("source")
            .map(|s| self.eval(&s.expr, file, &Scope::default()));
        let Some(source) = source.as_ref().and_then(Value::as_str) else {
            return Call::Opaque;
        };
        let mut key = self.key.clone();
        key.push(name.to_string());
        let dir = if is_local_source(source) {
            normalize(&self.dir.join(source))
        } else {
            match self.ctx.manifest.and_then(|m| m.dirs.get(&key.join("."))) {
                Some(d) => d.clone(),
                None => return Call::Opaque,
            }
        };
        if !self.ctx.modules.contains_key(&dir) {
            return Call::Opaque;
        }
        if self.stack.contains(&dir) {
            self.problem(
                at,
                format!(
                    "module call `{}module.{name}` is recursive: its source is already being evaluated; not evaluated again",
                    self.prefix
                ),
            );
            return Call::Opaque;
        }
        if self.stack.len() >= MAX_MODULE_DEPTH {
            self.problem(
                at,
                format!("modules nest deeper than {MAX_MODULE_DEPTH}; `{name}` not evaluated"),
            );
            return Call::Opaque;
        }
        let what = format!("{}module.{name}", self.prefix);
        let mut out = Vec::new();
        let instances = self.instances(&block.body, file, &Scope::default(), &what, at);
        if !self.spend(instances.len() * 64, at) {
            return Call::Opaque;
        }
        for (k, scope) in instances {
            let inputs: HashMap<String, Input> = block
                .body
                .attributes
                .iter()
                .filter(|a| !MODULE_META.contains(&a.name.as_str()))
                .map(|a| {
                    (
                        a.name.clone(),
                        Input::Value(self.eval(&a.expr, file, &scope)),
                    )
                })
                .collect();
            let address = match &k {
                Some(k) => format!("{what}{}", k.suffix()),
                None => what.clone(),
            };
            let mut related = vec![(at, format!("instantiated by {address}"))];
            related.extend(self.related.iter().cloned());
            if let Some(child) = Module::new(
                self.ctx,
                dir.clone(),
                inputs,
                format!("{address}."),
                key.clone(),
                self.stack.clone(),
                related,
            ) {
                out.push((k, child));
            }
        }
        Call::Instances(out)
    }

    /// `module.NAME...`: an output of one instance, or all instances' outputs.
    fn module_ref(&self, steps: &[Traverser], file: FileId, scope: &Scope, range: Range) -> Value {
        let Some(Traverser::Attr(name, _)) = steps.first() else {
            return Value::unknown(range);
        };
        let opaque = || Value::unknown_from(range, self.reference(format!("module.{name}")));
        let Some(call) = self.call(name) else {
            return opaque();
        };
        let Call::Instances(instances) = &*call else {
            return opaque();
        };
        let keyed = instances.iter().any(|(k, _)| k.is_some());
        let mut rest = &steps[1..];
        if !keyed {
            // `module.x[0].out` on a call whose count is unknown: the one
            // instance stands for all of them.
            if let Some(Traverser::Index(_)) = rest.first() {
                rest = &rest[1..];
            }
            let Some((_, m)) = instances.first() else {
                // No instances (`count = 0`, an empty `for_each`): an empty
                // list or map.
                let counted = self
                    .calls
                    .iter()
                    .any(|(n, b, _)| n == name && b.body.attribute("count").is_some());
                let empty = if counted {
                    Kind::List(Vec::new())
                } else {
                    Kind::Map(Vec::new())
                };
                return self.apply_steps(Value::new(empty, range), rest, file, scope, range);
            };
            return match rest.first() {
                Some(Traverser::Attr(out, _)) => {
                    let v = m.output(out, range);
                    self.apply_steps(v, &rest[1..], file, scope, range)
                }
                _ => {
                    let all = m.all_outputs(range);
                    self.apply_steps(all, rest, file, scope, range)
                }
            };
        }
        // Keyed instances: `module.x[k].out` evaluates only that output.
        if let (Some(Traverser::Index(e)), Some(Traverser::Attr(out, _))) =
            (rest.first(), rest.get(1))
        {
            let k = self.eval(e, file, scope);
            if k.is_unknown() {
                return Value::unknown_from(range, self.reference(format!("module.{name}")));
            }
            let found = instances.iter().find(|(key, _)| match key {
                Some(Key::Int(i)) => k.as_i64() == Some(*i),
                Some(Key::Str(s)) => scalar_string(&k).as_deref() == Some(s.as_str()),
                None => false,
            });
            return match found {
                Some((_, m)) => {
                    let v = m.output(out, range);
                    self.apply_steps(v, &rest[2..], file, scope, range)
                }
                None => error_value(range),
            };
        }
        let by_int = matches!(instances.first(), Some((Some(Key::Int(_)), _)));
        let all: Vec<(String, Value)> = instances
            .iter()
            .map(|(k, m)| {
                let key = match k {
                    Some(Key::Int(i)) => i.to_string(),
                    Some(Key::Str(s)) => s.clone(),
                    None => String::new(),
                };
                (key, m.all_outputs(range))
            })
            .collect();
        let v = if by_int {
            Value::new(Kind::List(all.into_iter().map(|(_, v)| v).collect()), range)
        } else {
            Value::new(
                Kind::Map(
                    all.into_iter()
                        .map(|(key, value)| Field {
                            key,
                            key_range: range,
                            value,
                        })
                        .collect(),
                ),
                range,
            )
        };
        self.apply_steps(v, rest, file, scope, range)
    }

    fn all_outputs(&self, range: Range) -> Value {
        let mut names: Vec<&str> = self.outputs.keys().copied().collect();
        names.sort();
        let fields = names
            .into_iter()
            .map(|n| Field {
                key: n.to_string(),
                key_range: range,
                value: self.output(n, range),
            })
            .collect();
        Value::new(Kind::Map(fields), range)
    }

    fn output(&self, name: &str, range: Range) -> Value {
        if let Some(v) = self.output_cache.borrow().get(name) {
            return v.clone();
        }
        let Some(&(block, file)) = self.outputs.get(name) else {
            return error_value(range);
        };
        let key: &'a str = &block.labels[0].value;
        if self.output_stack.borrow().contains(&key)
            || self.output_stack.borrow().len() >= MAX_EVAL_DEPTH
        {
            return Value::unknown(range);
        }
        let Some(value) = block.body.attribute("value") else {
            return Value::null(range);
        };
        self.output_stack.borrow_mut().push(key);
        let v = self.eval(&value.expr, file, &Scope::default());
        self.output_stack.borrow_mut().pop();
        self.output_cache.borrow_mut().insert(key, v.clone());
        v
    }

    /// A block body as a map: attributes by name, nested blocks as lists of
    /// maps under their type; `dynamic` blocks expand into such blocks.
    pub(crate) fn eval_body(
        &self,
        body: &Body,
        file: FileId,
        range: Range,
        scope: &Scope,
    ) -> Value {
        let mut fields: Vec<Field> = body
            .attributes
            .iter()
            .map(|a| Field {
                key: a.name.clone(),
                key_range: self.range(file, a.name_span),
                value: self.eval(&a.expr, file, scope),
            })
            .collect();
        for b in &body.blocks {
            let (key, values) = if b.ty == "dynamic" {
                let Some(label) = b.labels.first() else {
                    continue;
                };
                (
                    label.value.clone(),
                    self.dynamic(b, &label.value, file, scope),
                )
            } else {
                let r = self.range(file, header(b));
                (b.ty.clone(), vec![self.eval_body(&b.body, file, r, scope)])
            };
            match fields.iter_mut().find(|f| f.key == key) {
                Some(Field {
                    value:
                        Value {
                            kind: Kind::List(items),
                            ..
                        },
                    ..
                }) => items.extend(values),
                _ => fields.push(Field {
                    key,
                    key_range: self.range(file, b.ty_span),
                    value: Value::new(Kind::List(values), self.range(file, b.span)),
                }),
            }
        }
        Value::new(Kind::Map(fields), range)
    }

    /// `dynamic "x" { for_each = ..., iterator = it, content { ... } }`: one
    /// block per element. An unknown collection gives one block whose
    /// iterator is unknown.
    fn dynamic(&self, b: &Block, label: &str, file: FileId, scope: &Scope) -> Vec<Value> {
        let Some(content) = b.body.blocks_of("content").next() else {
            return Vec::new();
        };
        let at = self.range(file, header(content));
        let iterator = match b.body.attribute("iterator").map(|a| &a.expr.kind) {
            Some(ExprKind::Variable(n)) => n.clone(),
            _ => label.to_string(),
        };
        let coll = b
            .body
            .attribute("for_each")
            .map(|a| self.eval(&a.expr, file, scope))
            .unwrap_or_else(|| Value::unknown(at));
        let pairs: Vec<(Value, Value)> = match key_value_pairs(&coll) {
            Some(pairs) => pairs,
            None => {
                let it = Value::unknown_from(at, coll.refs().into());
                return vec![self.eval_body(&content.body, file, at, &scope.with(&iterator, it))];
            }
        };
        if pairs.len() > MAX_INSTANCES {
            self.problem(
                self.range(file, header(b)),
                format!("dynamic block `{label}` expands into more than {MAX_INSTANCES} blocks; evaluated as one block"),
            );
        }
        if pairs.len() > MAX_INSTANCES || !self.spend(pairs.len(), at) {
            let it = Value::unknown(at);
            return vec![self.eval_body(&content.body, file, at, &scope.with(&iterator, it))];
        }
        pairs
            .into_iter()
            .map(|(k, v)| {
                let r = v.range;
                let it = Value::new(
                    Kind::Map(vec![
                        Field {
                            key: "key".into(),
                            key_range: k.range,
                            value: k,
                        },
                        Field {
                            key: "value".into(),
                            key_range: r,
                            value: v,
                        },
                    ]),
                    r,
                );
                self.eval_body(&content.body, file, at, &scope.with(&iterator, it))
            })
            .collect()
    }

    pub(crate) fn eval(&self, expr: &Expr, file: FileId, scope: &Scope) -> Value {
        let range = self.range(file, expr.span);
        let depth = self.ctx.depth.get();
        if depth > MAX_EVAL_DEPTH * 4 {
            return Value::unknown(range);
        }
        self.ctx.depth.set(depth + 1);
        let v = self.eval_inner(expr, file, scope, range);
        self.ctx.depth.set(depth);
        v
    }
    fn eval_inner(&self, expr: &Expr, file: FileId, scope: &Scope, range: Range) -> Value {
        match &expr.kind {
            ExprKind::Null => Value::null(range),
            ExprKind::Bool(b) => Value::new(Kind::Bool(*b), range),
            ExprKind::Number(n) => Value::new(Kind::Number(*n), range),
            ExprKind::Template(parts) => self.template(parts, file, scope, range),
            ExprKind::Tuple(items) => Value::new(
                Kind::List(items.iter().map(|e| self.eval(e, file, scope)).collect()),
                range,
            ),
            ExprKind::Object(items) => {
                let mut fields = Vec::new();
                for item in items {
                    let key = match &item.key {
                        ObjectKey::Ident(k) => Some(k.clone()),
                        ObjectKey::Expr(e) => match self.eval(e, file, scope) {
                            v if v.is_known_scalar() => scalar_string(&v),
                            _ => None,
                        },
                    };
                    let value = self.eval(&item.value, file, scope);
                    match key {
                        Some(key) => fields.push(Field {
                            key,
                            key_range: self.range(file, item.key_span),
                            value,
                        }),
                        None => return Value::unknown_from(range, value.refs().into()),
                    }
                }
                Value::new(Kind::Map(fields), range)
            }
            ExprKind::Variable(_) | ExprKind::GetAttr(..) | ExprKind::Index(..) => {
                self.traversal(expr, file, scope, range)
            }
            ExprKind::Splat(base, steps) => {
                let base = self.eval(base, file, scope);
                match &base.kind {
                    Kind::List(items) => Value::new(
                        Kind::List(
                            items
                                .iter()
                                .map(|i| self.apply_steps(i.clone(), steps, file, scope, range))
                                .collect(),
                        ),
                        range,
                    ),
                    Kind::Null => Value::new(Kind::List(Vec::new()), range),
                    Kind::Unknown(r) => Value::unknown_from(range, r.clone()),
                    _ => {
                        let one = self.apply_steps(base.clone(), steps, file, scope, range);
                        Value::new(Kind::List(vec![one]), range)
                    }
                }
            }
            ExprKind::Call { name, args, expand } => {
                let mut values: Vec<Value> =
                    args.iter().map(|a| self.eval(a, file, scope)).collect();
                if *expand {
                    if let Some(last) = values.pop() {
                        match last.kind {
                            Kind::List(items) => values.extend(items),
                            _ => return Value::unknown_from(range, last.refs().into()),
                        }
                    }
                }
                self.call_function(name, values, range)
            }
            ExprKind::Conditional(c, a, b) => {
                let cond = self.eval(c, file, scope);
                if has_error(&cond) {
                    return error_value(range);
                }
                match cond.as_bool() {
                    Some(true) => self.eval(a, file, scope),
                    Some(false) => self.eval(b, file, scope),
                    None => {
                        let text = self.src(file, c.span).trim().to_string();
                        Value::new(
                            Kind::Choice(vec![
                                Branch {
                                    when: format!("`{text}` is true").into(),
                                    value: self.eval(a, file, scope),
                                },
                                Branch {
                                    when: format!("`{text}` is false").into(),
                                    value: self.eval(b, file, scope),
                                },
                            ]),
                            range,
                        )
                    }
                }
            }
            ExprKind::Unary(op, e) => {
                let v = self.eval(e, file, scope);
                match (op, &v.kind) {
                    (UnaryOp::Not, _) if v.as_bool().is_some() => {
                        Value::new(Kind::Bool(!v.as_bool().unwrap_or(false)), range)
                    }
                    (UnaryOp::Neg, _) if v.as_f64().is_some() => {
                        Value::new(Kind::Number(-v.as_f64().unwrap_or(0.0)), range)
                    }
                    _ => Value::unknown_from(range, v.refs().into()),
                }
            }
            ExprKind::Binary(op, a, b) => {
                let (a, b) = (self.eval(a, file, scope), self.eval(b, file, scope));
                binary(*op, &a, &b, range)
            }
            ExprKind::For(f) => {
                let coll = self.eval(&f.collection, file, scope);
                let Some(pairs) = key_value_pairs(&coll) else {
                    return Value::unknown_from(range, coll.refs().into());
                };
                if pairs.len() > MAX_COLLECTION {
                    self.problem(
                        range,
                        format!(
                            "`for` expression over {} elements, more than {MAX_COLLECTION}; its value is unknown",
                            pairs.len()
                        ),
                    );
                    return Value::unknown(range);
                }
                if !self.spend(pairs.len(), range) {
                    return Value::unknown(range);
                }
                let mut list = Vec::new();
                let mut map: Vec<Field> = Vec::new();
                for (k, v) in pairs {
                    let mut inner = scope.clone();
                    if let Some(kv) = &f.key_var {
                        inner.vars.push((kv.clone(), k));
                    }
                    inner.vars.push((f.value_var.clone(), v));
                    if let Some(c) = &f.condition {
                        match self.eval(c, file, &inner).as_bool() {
                            Some(true) => {}
                            Some(false) => continue,
                            None => return Value::unknown(range),
                        }
                    }
                    let value = self.eval(&f.value, file, &inner);
                    match &f.key {
                        None => list.push(value),
                        Some(ke) => {
                            let kv = self.eval(ke, file, &inner);
                            let Some(key) = scalar_string(&kv) else {
                                return Value::unknown(range);
                            };
                            if f.grouping {
                                match map.iter_mut().find(|x| x.key == key) {
                                    Some(Field {
                                        value:
                                            Value {
                                                kind: Kind::List(items),
                                                ..
                                            },
                                        ..
                                    }) => items.push(value),
                                    _ => map.push(Field {
                                        key,
                                        key_range: kv.range,
                                        value: Value::new(Kind::List(vec![value]), range),
                                    }),
                                }
                            } else {
                                map.retain(|x| x.key != key);
                                map.push(Field {
                                    key,
                                    key_range: kv.range,
                                    value,
                                });
                            }
                        }
                    }
                }
                if f.key.is_some() {
                    Value::new(Kind::Map(map), range)
                } else {
                    Value::new(Kind::List(list), range)
                }
            }
        }
    }

    fn template(&self, parts: &[TemplatePart], file: FileId, scope: &Scope, range: Range) -> Value {
        // "${expr}" alone keeps the type of expr.
        if let [TemplatePart::Interpolation(e)] = parts {
            let v = self.eval(e, file, scope);
            return if v.is_known_scalar() { v.at(range) } else { v };
        }
        let mut text = String::new();
        let mut segments = Vec::new();
        let mut refs: Vec<Arc<str>> = Vec::new();
        let mut known = true;
        for part in parts {
            match part {
                TemplatePart::Literal {
                    text: t,
                    span,
                    verbatim,
                } => {
                    if *verbatim && !t.is_empty() {
                        segments.push(Segment {
                            at: text.len() as u32,
                            src: span.start,
                            len: t.len() as u32,
                        });
                    } else if let Some(segs) =
                        escaped_segments(self.src(file, *span), span.start, text.len() as u32, t)
                    {
                        segments.extend(segs);
                    }
                    text.push_str(t);
                }
                TemplatePart::Interpolation(e) => {
                    let v = self.eval(e, file, scope);
                    match scalar_string(&v) {
                        Some(s) => text.push_str(&s),
                        None => {
                            known = false;
                            refs.extend(v.refs());
                        }
                    }
                }
                TemplatePart::Directive(_) => known = false,
            }
        }
        if !known {
            return Value::unknown_from(range, refs.into());
        }
        Value::new(
            Kind::String(Str {
                text,
                segments: (!segments.is_empty()).then(|| Arc::from(segments)),
            }),
            range,
        )
    }

    /// `var.x`, `local.y[0]`, `aws_s3_bucket.b.id`, `data.t.n.json`, ...
    fn traversal(&self, expr: &Expr, file: FileId, scope: &Scope, range: Range) -> Value {
        let mut steps: Vec<Traverser> = Vec::new();
        let mut cur = expr;
        let root = loop {
            match &cur.kind {
                ExprKind::Variable(name) => break Some(name.as_str()),
                ExprKind::GetAttr(inner, name) => {
                    steps.push(Traverser::Attr(name.clone(), cur.span));
                    cur = inner;
                }
                ExprKind::Index(inner, idx) => {
                    steps.push(Traverser::Index((**idx).clone()));
                    cur = inner;
                }
                _ => break None,
            }
        };
        steps.reverse();
        let Some(root) = root else {
            // An index or attribute on an arbitrary expression.
            let base = self.eval(cur, file, scope);
            return self.apply_steps(base, &steps, file, scope, range);
        };
        if let Some((_, v)) = scope.vars.iter().rev().find(|(n, _)| n == root) {
            return self.apply_steps(v.clone(), &steps, file, scope, range);
        }
        let attr = |i: usize| match steps.get(i) {
            Some(Traverser::Attr(a, _)) => Some(a.as_str()),
            _ => None,
        };
        let reanchor = |v: Value| reanchor(v, range);
        match root {
            "var" => {
                let Some(name) = attr(0) else {
                    return error_value(range);
                };
                let v = self.variable(name, range);
                reanchor(self.apply_steps(v, &steps[1..], file, scope, range))
            }
            "local" => {
                let Some(name) = attr(0) else {
                    return error_value(range);
                };
                let v = self.local(name, range);
                reanchor(self.apply_steps(v, &steps[1..], file, scope, range))
            }
            "module" => reanchor(self.module_ref(&steps, file, scope, range)),
            "path" => {
                let v = match attr(0) {
                    Some("module") => relative(&self.ctx.root_dir, &self.dir),
                    Some("root") => ".".to_string(),
                    _ => return Value::unknown(range),
                };
                Value::string(v, range)
            }
            "data" => match (attr(0), attr(1)) {
                (Some(t), Some(n)) => {
                    let key = self.instance_key(steps.get(2), file, scope);
                    Value::unknown_from(range, self.reference(format!("data.{t}.{n}{key}")))
                }
                _ => Value::unknown(range),
            },
            "each" | "count" | "self" | "terraform" => Value::unknown(range),
            ty => match attr(0) {
                Some(n) => {
                    let key = self.instance_key(steps.get(1), file, scope);
                    Value::unknown_from(range, self.reference(format!("{ty}.{n}{key}")))
                }
                None => Value::unknown(range),
            },
        }
    }

    /// `[0]`/`["k"]` when a resource reference is followed by a known index.
    fn instance_key(&self, step: Option<&Traverser>, file: FileId, scope: &Scope) -> String {
        let Some(Traverser::Index(e)) = step else {
            return String::new();
        };
        let k = self.eval(e, file, scope);
        match &k.kind {
            Kind::Number(_) => k.as_i64().map(|i| Key::Int(i).suffix()).unwrap_or_default(),
            Kind::String(s) => Key::Str(s.text.clone()).suffix(),
            _ => String::new(),
        }
    }

    fn apply_steps(
        &self,
        mut v: Value,
        steps: &[Traverser],
        file: FileId,
        scope: &Scope,
        range: Range,
    ) -> Value {
        for step in steps {
            let key: Value = match step {
                Traverser::Attr(a, span) => Value::string(a.clone(), self.range(file, *span)),
                Traverser::Index(e) => self.eval(e, file, scope),
            };
            v = match &v.kind {
                Kind::Unknown(r) => return Value::unknown_from(range, r.clone()),
                Kind::Choice(_) => return Value::unknown_from(range, v.refs().into()),
                _ if key.is_unknown() => {
                    let mut refs = v.refs();
                    refs.extend(key.refs());
                    return Value::unknown_from(range, refs.into());
                }
                Kind::Map(fields) => {
                    let found =
                        scalar_string(&key).and_then(|k| fields.iter().rev().find(|f| f.key == k));
                    match found {
                        Some(f) => f.value.clone(),
                        None => return error_value(range),
                    }
                }
                Kind::List(items) => match key.as_i64() {
                    Some(i) if i >= 0 && (i as usize) < items.len() => items[i as usize].clone(),
                    _ => return error_value(range),
                },
                _ => return error_value(range),
            };
        }
        v
    }

    fn variable(&self, name: &str, range: Range) -> Value {
        if let Some(v) = self.var_cache.borrow().get(name) {
            return v.clone();
        }
        let Some(&(block, file)) = self.variables.get(name) else {
            return error_value(range);
        };
        let key: &'a str = &block.labels[0].value;
        let decl = self.range(file, header(block));
        let ty = block.body.attribute("type").map(|t| &t.expr);
        let default = || match block.body.attribute("default") {
            Some(d) => self.eval(&d.expr, file, &Scope::default()),
            None => Value::unknown(decl),
        };
        let v = match self.inputs.get(name) {
            Some(Input::Value(v)) if matches!(v.kind, Kind::Null) => {
                // A null argument means "not set" for a non-nullable variable.
                let nullable = block
                    .body
                    .attribute("nullable")
                    .map(|n| self.eval(&n.expr, file, &Scope::default()).as_bool() != Some(false))
                    .unwrap_or(true);
                if nullable {
                    v.clone()
                } else {
                    default()
                }
            }
            Some(Input::Value(v)) => v.clone(),
            Some(Input::Raw(s)) => self.raw_input(s, ty, file, decl),
            None => default(),
        };
        let v = match ty {
            Some(t) => self.convert(v, t, file),
            None => v,
        };
        self.var_cache.borrow_mut().insert(key, v.clone());
        v
    }

    /// A `--var` or `TF_VAR_` string: kept as a string for primitive types,
    /// read as an HCL expression for collections and objects.
    fn raw_input(&self, raw: &str, ty: Option<&Expr>, file: FileId, decl: Range) -> Value {
        let primitive = match ty.map(type_name) {
            None => true,
            Some(Some((name, _))) => matches!(name, "string" | "number" | "bool" | "any"),
            Some(None) => false,
        };
        if primitive {
            return Value::string(raw, decl);
        }
        let text = format!("v = {raw}\n");
        let Ok(parsed) = crate::parse::hcl::parse(&text) else {
            return error_value(decl);
        };
        let Some(attr) = parsed.body.attributes.first() else {
            return error_value(decl);
        };
        let mf = ModuleFile {
            file,
            text: Arc::from(text.as_str()),
            body: Body::default(),
        };
        let mut detached = Module::empty(self.ctx, PathBuf::new());
        detached.files.insert(file, &mf);
        let v = detached.eval(&attr.expr, file, &Scope::default());
        functions::detach(v, decl)
    }

    /// Converts a value to a variable's declared type as Terraform does.
    fn convert(&self, v: Value, ty: &Expr, file: FileId) -> Value {
        let Some((name, args)) = type_name(ty) else {
            return v;
        };
        if matches!(v.kind, Kind::Unknown(_) | Kind::Choice(_) | Kind::Null) {
            return v;
        }
        let range = v.range;
        match (name, &v.kind) {
            ("string", Kind::Bool(_) | Kind::Number(_)) => {
                Value::string(scalar_string(&v).unwrap_or_default(), range)
            }
            ("string", Kind::String(_)) => v,
            ("number", _) => match v.as_f64() {
                Some(n) => Value::new(Kind::Number(n), range),
                None => error_value(range),
            },
            ("bool", _) => match (&v.kind, v.as_bool()) {
                (Kind::String(s), Some(b)) if s.text == "true" || s.text == "false" => {
                    Value::new(Kind::Bool(b), range)
                }
                (Kind::Bool(_), _) => v,
                _ => error_value(range),
            },
            ("list" | "set", Kind::List(items)) => {
                let Some(elem) = args.first() else { return v };
                let mut out: Vec<Value> = items
                    .iter()
                    .map(|i| self.convert(i.clone(), elem, file))
                    .collect();
                if name == "set" {
                    let mut uniq: Vec<Value> = Vec::new();
                    for i in out {
                        if !i.is_wholly_known() || !uniq.iter().any(|u| values_equal(u, &i)) {
                            uniq.push(i);
                        }
                    }
                    out = uniq;
                }
                Value::new(Kind::List(out), range)
            }
            ("map", Kind::Map(fields)) => {
                let Some(elem) = args.first() else { return v };
                Value::new(
                    Kind::Map(
                        fields
                            .iter()
                            .map(|f| Field {
                                key: f.key.clone(),
                                key_range: f.key_range,
                                value: self.convert(f.value.clone(), elem, file),
                            })
                            .collect(),
                    ),
                    range,
                )
            }
            ("tuple", Kind::List(items)) => {
                let Some(ExprKind::Tuple(types)) = args.first().map(|a| &a.kind) else {
                    return v;
                };
                if types.len() != items.len() {
                    return error_value(range);
                }
                Value::new(
                    Kind::List(
                        items
                            .iter()
                            .zip(types)
                            .map(|(i, t)| self.convert(i.clone(), t, file))
                            .collect(),
                    ),
                    range,
                )
            }
            ("object", Kind::Map(fields)) => {
                let Some(ExprKind::Object(attrs)) = args.first().map(|a| &a.kind) else {
                    return v;
                };
                let mut out = Vec::new();
                for a in attrs {
                    let ObjectKey::Ident(k) = &a.key else {
                        continue;
                    };
                    let given = fields.iter().rev().find(|f| f.key == *k);
                    let (aty, optional_default) = match &a.value.kind {
                        ExprKind::Call { name, args, .. } if name == "optional" => {
                            (args.first(), Some(args.get(1)))
                        }
                        _ => (Some(&a.value), None),
                    };
                    let value = match (given, optional_default) {
                        (Some(f), _) if !matches!(f.value.kind, Kind::Null) => {
                            let val = f.value.clone();
                            let val = match aty {
                                Some(t) => self.convert(val, t, file),
                                None => val,
                            };
                            out.push(Field {
                                key: k.clone(),
                                key_range: f.key_range,
                                value: val,
                            });
                            continue;
                        }
                        (_, Some(Some(d))) => {
                            let dv = self.eval(d, file, &Scope::default());
                            match aty {
                                Some(t) => self.convert(dv, t, file),
                                None => dv,
                            }
                        }
                        (_, Some(None)) => Value::null(range),
                        (Some(f), None) => f.value.clone(),
                        (None, None) => return error_value(range),
                    };
                    out.push(Field {
                        key: k.clone(),
                        key_range: range,
                        value,
                    });
                }
                Value::new(Kind::Map(out), range)
            }
            ("map" | "object", Kind::List(_)) | ("list" | "set" | "tuple", Kind::Map(_)) => {
                error_value(range)
            }
            // A collection given for a string is most likely `jsonencode`'s
            // result, which evaluation keeps as a structure: left as it is.
            _ => v,
        }
    }

    fn local(&self, name: &str, range: Range) -> Value {
        if let Some(v) = self.local_cache.borrow().get(name) {
            return v.clone();
        }
        let Some((attr, file)) = self.locals.get(name) else {
            return error_value(range);
        };
        let key: &'a str = &attr.name;
        if self.local_stack.borrow().contains(&key) {
            let mut chain: Vec<&str> = self.local_stack.borrow().clone();
            chain.push(key);
            let start = chain.iter().position(|n| *n == key).unwrap_or(0);
            let cycle = chain[start..]
                .iter()
                .map(|n| format!("local.{n}"))
                .collect::<Vec<_>>()
                .join(" → ");
            self.problem(
                self.range(*file, attr.span),
                format!("cycle in locals: {cycle}"),
            );
            return Value::unknown(range);
        }
        if self.local_stack.borrow().len() >= MAX_EVAL_DEPTH {
            self.problem(
                self.range(*file, attr.span),
                format!(
                    "locals nest deeper than {MAX_EVAL_DEPTH} references; value treated as unknown"
                ),
            );
            return Value::unknown(range);
        }
        self.local_stack.borrow_mut().push(key);
        let v = self.eval(&attr.expr, *file, &Scope::default());
        self.local_stack.borrow_mut().pop();
        self.local_cache.borrow_mut().insert(key, v.clone());
        v
    }

    /// Built-in functions; `file`, `fileexists` and `templatefile` read only
    /// inside the scanned tree.
    fn call_function(&self, name: &str, args: Vec<Value>, range: Range) -> Value {
        match name {
            "file" | "fileexists" | "templatefile" => {}
            _ => {
                let sized = matches!(name, "range" | "setproduct")
                    && args.iter().all(Value::is_wholly_known);
                let v = functions::call(name, args, range);
                if sized && v.is_unknown() && !has_error(&v) {
                    self.problem(
                        range,
                        format!(
                            "`{name}()` would produce more than {MAX_COLLECTION} elements; its value is unknown"
                        ),
                    );
                }
                let size = match &v.kind {
                    Kind::List(items) => items.len(),
                    Kind::Map(fields) => fields.len(),
                    _ => 1,
                };
                return if self.spend(size, range) {
                    v
                } else {
                    Value::unknown(range)
                };
            }
        }
        let Some(path) = args.first().and_then(Value::as_str) else {
            let refs: Vec<Arc<str>> = args.iter().flat_map(Value::refs).collect();
            return Value::unknown_from(range, refs.into());
        };
        let text = self.read_file(path);
        match name {
            "fileexists" => match text {
                Some(_) => Value::new(Kind::Bool(true), range),
                None => Value::unknown(range),
            },
            "file" => match text {
                Some(t) => Value::string(t, range),
                None => Value::unknown(range),
            },
            _ => {
                let (Some(t), Some(vars)) = (text, args.get(1)) else {
                    return Value::unknown(range);
                };
                self.render_template(&t, vars, range)
            }
        }
    }

    /// Reads a file named by a configuration, relative to the root module as
    /// Terraform does, only when it resolves inside a scanned directory and
    /// is small.
    fn read_file(&self, path: &str) -> Option<String> {
        let p = Path::new(path);
        let full = if p.is_absolute() {
            p.to_path_buf()
        } else {
            self.ctx.root_dir.join(p)
        };
        let canonical = std::fs::canonicalize(full).ok()?;
        if !self.ctx.readable.iter().any(|r| canonical.starts_with(r)) {
            return None;
        }
        let meta = std::fs::metadata(&canonical).ok()?;
        if !meta.is_file() || meta.len() > MAX_READ_BYTES {
            return None;
        }
        std::fs::read_to_string(canonical).ok()
    }

    /// `templatefile`: the template's interpolations with `vars` in scope.
    /// Directives (`%{ if }`, `%{ for }`) are not evaluated: the result is
    /// then unknown. The result is reported at the call.
    fn render_template(&self, text: &str, vars: &Value, range: Range) -> Value {
        let Kind::Map(fields) = &vars.kind else {
            return Value::unknown_from(range, vars.refs().into());
        };
        let Ok(expr) = crate::parse::hcl::parse_template(text, 0) else {
            return Value::unknown(range);
        };
        let mf = ModuleFile {
            file: range.file,
            text: Arc::from(text),
            body: Body::default(),
        };
        let mut detached = Module::empty(self.ctx, self.dir.clone());
        detached.files.insert(range.file, &mf);
        let scope = Scope {
            vars: fields
                .iter()
                .map(|f| (f.key.clone(), f.value.clone()))
                .collect(),
        };
        let v = detached.eval(&expr, range.file, &scope);
        if matches!(v.kind, Kind::Choice(_)) {
            return Value::unknown(range);
        }
        functions::detach(v, range)
    }
}

/// A type expression's name and arguments: `string`, `list(string)`,
/// `object({...})`, or the legacy quoted `"string"`.
fn type_name(ty: &Expr) -> Option<(&str, &[Expr])> {
    match &ty.kind {
        ExprKind::Variable(n) => Some((n.as_str(), &[])),
        ExprKind::Call { name, args, .. } => Some((name.as_str(), args.as_slice())),
        ExprKind::Template(parts) => match &parts[..] {
            [TemplatePart::Literal { text, .. }] => Some((text.as_str(), &[])),
            _ => None,
        },
        _ => None,
    }
}

/// Maps a quoted-string literal with escapes back to its source: runs of plain
/// characters map one to one, each escape sequence maps to its backslash.
/// `None` when unescaping `raw` does not give `text` (then positions inside the
/// string fall back to the whole string).
fn escaped_segments(raw: &str, src: u32, at: u32, text: &str) -> Option<Vec<Segment>> {
    let mut segs: Vec<Segment> = Vec::new();
    let mut out = String::new();
    let mut push = |out: &mut String, piece: &str, from: usize, one_to_one: bool| {
        let seg = Segment {
            at: at + out.len() as u32,
            src: src + from as u32,
            len: piece.len() as u32,
        };
        match segs.last_mut() {
            Some(last)
                if one_to_one && last.at + last.len == seg.at && last.src + last.len == seg.src =>
            {
                last.len += seg.len
            }
            _ => segs.push(seg),
        }
        out.push_str(piece);
    };
    let bytes = raw.as_bytes();
    let mut i = 0;
    while i < raw.len() {
        let rest = &raw[i..];
        if rest.starts_with("$${") || rest.starts_with("%%{") {
            push(&mut out, &rest[1..3], i, false);
            i += 3;
        } else if bytes[i] == b'\\' && i + 1 < raw.len() {
            let (ch, used) = match bytes[i + 1] {
                b'n' => ('\n', 2),
                b'r' => ('\r', 2),
                b't' => ('\t', 2),
                b'"' => ('"', 2),
                b'\\' => ('\\', 2),
                b'u' => (
                    char::from_u32(u32::from_str_radix(raw.get(i + 2..i + 6)?, 16).ok()?)?,
                    6,
                ),
                b'U' => (
                    char::from_u32(u32::from_str_radix(raw.get(i + 2..i + 10)?, 16).ok()?)?,
                    10,
                ),
                _ => return None,
            };
            push(&mut out, ch.encode_utf8(&mut [0; 4]), i, false);
            i += used;
        } else {
            let ch = rest.chars().next()?;
            push(&mut out, ch.encode_utf8(&mut [0; 4]), i, true);
            i += ch.len_utf8();
        }
    }
    (out == text).then_some(segs)
}

/// A block's header: its type and labels (`resource "aws_vpc" "main"`), which
/// is where a finding about the block as a whole points.
fn header(b: &Block) -> Span {
    b.labels.iter().fold(b.ty_span, |s, l| s.cover(l.span))
}

/// A map's fields in key order (the last of duplicate keys), as Terraform
/// iterates maps and objects.
/// The (key, value) pairs a `for` expression or a `dynamic` block iterates:
/// a list's indices, or a map's keys in key order (as Terraform iterates
/// maps and objects). `None` for anything else, an unknown included.
fn key_value_pairs(coll: &Value) -> Option<Vec<(Value, Value)>> {
    match &coll.kind {
        Kind::List(items) => Some(
            items
                .iter()
                .enumerate()
                .map(|(i, v)| (Value::new(Kind::Number(i as f64), v.range), v.clone()))
                .collect(),
        ),
        Kind::Map(fields) => Some(
            sorted_fields(fields)
                .map(|f| (Value::string(f.key.clone(), f.key_range), f.value.clone()))
                .collect(),
        ),
        _ => None,
    }
}

fn sorted_fields(fields: &[Field]) -> impl Iterator<Item = &Field> {
    let mut seen = std::collections::HashSet::new();
    let mut v: Vec<&Field> = fields
        .iter()
        .rev()
        .filter(|f| seen.insert(f.key.as_str()))
        .collect();
    v.sort_by(|a, b| a.key.cmp(&b.key));
    v.into_iter()
}

/// A referenced value is reported where it is used: a scalar moves to the
/// reference, as do the scalar branches of a choice; collections keep the
/// ranges of their elements.
fn reanchor(v: Value, range: Range) -> Value {
    match v.kind {
        Kind::Choice(bs) => Value::new(
            Kind::Choice(
                bs.into_iter()
                    .map(|b| Branch {
                        when: b.when,
                        value: reanchor(b.value, range),
                    })
                    .collect(),
            ),
            range,
        ),
        _ if v.is_known_scalar() => v.at(range),
        _ => v,
    }
}

/// The string form of a known scalar, as template interpolation renders it.
pub(crate) fn scalar_string(v: &Value) -> Option<String> {
    match &v.kind {
        Kind::String(s) => Some(s.text.clone()),
        Kind::Number(n) => Some(super::value::format_number(*n)),
        Kind::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

fn binary(op: BinaryOp, a: &Value, b: &Value, range: Range) -> Value {
    let unknown = || {
        let mut refs = a.refs();
        refs.extend(b.refs());
        let refs: Refs = refs.into();
        Value::unknown_from(range, refs)
    };
    use BinaryOp::*;
    match op {
        And | Or => {
            let (x, y) = (a.as_bool(), b.as_bool());
            let r = match (op, x, y) {
                (And, Some(false), _) | (And, _, Some(false)) => Some(false),
                (Or, Some(true), _) | (Or, _, Some(true)) => Some(true),
                (And, Some(true), Some(true)) => Some(true),
                (Or, Some(false), Some(false)) => Some(false),
                _ => None,
            };
            r.map(|b| Value::new(Kind::Bool(b), range))
                .unwrap_or_else(unknown)
        }
        Eq | Ne => {
            if !a.is_wholly_known() || !b.is_wholly_known() {
                return unknown();
            }
            let eq = values_equal(a, b);
            Value::new(Kind::Bool(if op == Eq { eq } else { !eq }), range)
        }
        _ => {
            let (Some(x), Some(y)) = (a.as_f64(), b.as_f64()) else {
                return unknown();
            };
            let n = |v: f64| Value::new(Kind::Number(v), range);
            let bo = |v: bool| Value::new(Kind::Bool(v), range);
            match op {
                Add => n(x + y),
                Sub => n(x - y),
                Mul => n(x * y),
                Div if y != 0.0 => n(x / y),
                Mod if y != 0.0 => n(x % y),
                Lt => bo(x < y),
                Le => bo(x <= y),
                Gt => bo(x > y),
                Ge => bo(x >= y),
                _ => unknown(),
            }
        }
    }
}

/// Structural equality ignoring positions.
pub(crate) fn values_equal(a: &Value, b: &Value) -> bool {
    match (&a.kind, &b.kind) {
        (Kind::Null, Kind::Null) => true,
        (Kind::Bool(x), Kind::Bool(y)) => x == y,
        (Kind::Number(x), Kind::Number(y)) => x == y,
        (Kind::String(x), Kind::String(y)) => x.text == y.text,
        (Kind::List(x), Kind::List(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(p, q)| values_equal(p, q))
        }
        (Kind::Map(x), Kind::Map(y)) => {
            x.len() == y.len()
                && x.iter()
                    .all(|f| b.get(&f.key).is_some_and(|v| values_equal(&f.value, v)))
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_normalize_and_relate_lexically() {
        assert_eq!(normalize(Path::new("a/./b/../c")), PathBuf::from("a/c"));
        assert_eq!(normalize(Path::new("../x/./y/..")), PathBuf::from("../x"));
        assert_eq!(normalize(Path::new("./")), PathBuf::from(""));
        assert_eq!(
            relative(Path::new("root"), Path::new("root/modules/a")),
            "modules/a"
        );
        assert_eq!(relative(Path::new("root/a"), Path::new("root/b")), "../b");
        assert_eq!(relative(Path::new("root"), Path::new("root")), ".");
    }

    #[test]
    fn manifest_keeps_only_directories_inside_the_root() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("root");
        std::fs::create_dir_all(root.join(".terraform/modules/vpc")).unwrap();
        std::fs::create_dir_all(tmp.path().join("outside")).unwrap();
        std::fs::write(
            root.join(".terraform/modules/modules.json"),
            r#"{"Modules":[{"Key":"","Dir":"."},{"Key":"vpc","Dir":".terraform/modules/vpc"},{"Key":"escape","Dir":"../outside"},{"Key":"abs","Dir":"/etc"}]}"#,
        )
        .unwrap();
        let m = read_manifest(&root).unwrap();
        let mut keys: Vec<&String> = m.dirs.keys().collect();
        keys.sort();
        assert_eq!(keys, ["vpc"]);
        assert_eq!(
            m.dirs["vpc"],
            normalize(&root.join(".terraform/modules/vpc"))
        );
    }
}
