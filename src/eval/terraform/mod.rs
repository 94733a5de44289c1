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

mod convert;
mod expr;
mod instances;
mod modules;
mod scope;
mod templates;

use std::cell::{Cell, RefCell};
use std::collections::{BTreeSet, HashMap};
use std::path::PathBuf;
use std::sync::Arc;

use super::value::{Refs, Value};
use super::{Format, Unit};
use crate::parse::hcl_ast::{Attribute, Block, Body, Expr};
use crate::source::{FileId, Range, Span};

pub(crate) use expr::{scalar_string, values_equal};
use modules::Children;
pub use modules::{is_local_source, module_sources, normalize, read_manifest};
use scope::{Lazy, Scope};

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
/// manifest's module keys (`vpc`, `vpc.subnets`) and their directories;
/// and where `--download-modules` put the others, by source and version
/// constraint as written (empty when none is), used when the key is not
/// installed.
#[derive(Clone, Debug, Default)]
pub struct Manifest {
    pub dirs: HashMap<String, PathBuf>,
    pub downloaded: HashMap<(String, String), PathBuf>,
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

/// State shared by every module instance of one root: what it reads, what
/// it records, and how much it has spent.
struct Ctx<'a> {
    modules: &'a Modules,
    root_dir: PathBuf,
    manifest: Option<&'a Manifest>,
    readable: &'a [PathBuf],
    record: RefCell<Record>,
    /// How deep expression evaluation is nested now.
    depth: Cell<usize>,
    /// Resource instances evaluated so far (see [`MAX_UNIT_RESOURCES`]).
    resources: Cell<usize>,
    /// Elements produced by `for` expressions, `dynamic` blocks, functions
    /// and module instances so far (see [`MAX_WORK`]).
    work: Cell<usize>,
}

/// What one root's evaluation reports besides its resources.
#[derive(Default)]
struct Record {
    problems: Vec<(Range, String)>,
    related: Related,
    /// Directories instantiated as child modules.
    called: BTreeSet<PathBuf>,
    /// See [`Unit::opaque_refs`].
    opaque_refs: Vec<Arc<str>>,
    /// See [`Unit::named_values`].
    named_values: Vec<crate::eval::NamedValue>,
    /// See [`Unit::opaque_places`].
    opaque_places: Vec<Range>,
}

impl<'a> Ctx<'a> {
    fn new(
        modules: &'a Modules,
        root_dir: PathBuf,
        manifest: Option<&'a Manifest>,
        readable: &'a [PathBuf],
    ) -> Ctx<'a> {
        Ctx {
            modules,
            root_dir,
            manifest,
            readable,
            record: RefCell::new(Record::default()),
            depth: Cell::new(0),
            resources: Cell::new(0),
            work: Cell::new(0),
        }
    }
}

/// The calling `module` blocks of resources evaluated inside modules, by
/// resource address, innermost call first: (the block's header, "instantiated
/// by module.x").
pub type Related = HashMap<String, Arc<[(Range, String)]>>;

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
    /// Variables, locals and outputs evaluated on first use.
    lazy: RefCell<Lazy<'a>>,
    /// Module calls instantiated on first use.
    children: RefCell<Children<'a>>,
}

/// A root module's evaluation.
pub struct Evaluated {
    pub unit: Unit,
    pub related: Related,
    /// The module directories it instantiated (not the root's own).
    pub called: BTreeSet<PathBuf>,
}

/// Evaluates a root module and the modules it calls.
pub fn evaluate(root: Root) -> Evaluated {
    let dir = normalize(&root.dir);
    let ctx = Ctx::new(root.modules, dir.clone(), root.manifest, root.readable);
    let inputs: HashMap<String, Input> = root.inputs.into_iter().collect();
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
    let record = ctx.record.into_inner();
    let mut problems = record.problems;
    problems
        .sort_by(|a, b| (a.0.file, a.0.span.start, &a.1).cmp(&(b.0.file, b.0.span.start, &b.1)));
    problems.dedup();
    let mut opaque_refs = record.opaque_refs;
    opaque_refs.sort();
    opaque_refs.dedup();
    let unit = Unit {
        format: Format::Terraform,
        path: root.dir,
        resources,
        problems,
        opaque_refs,
        named_values: record.named_values,
        opaque_places: record.opaque_places,
    };
    Evaluated {
        unit,
        related: record.related,
        called: record.called,
    }
}

/// Evaluates a `.tfvars` attribute: literal values only (no references).
pub fn eval_literal(expr: &Expr, file: FileId, text: Arc<str>) -> Value {
    let modules = HashMap::new();
    let ctx = Ctx::new(&modules, PathBuf::new(), None, &[]);
    let mf = ModuleFile {
        file,
        text,
        body: Body::default(),
    };
    let mut m = Module::empty(&ctx, PathBuf::new());
    m.files.insert(file, &mf);
    m.eval(expr, file, &Scope::default())
}

/// Evaluates an expression outside any module, with `names` bound as a
/// `for` expression binds its variables (Terragrunt's `local`, `include`,
/// `dependency`); other references are unknown, and no file is read.
pub fn eval_bound(expr: &Expr, file: FileId, text: Arc<str>, names: &[(String, Value)]) -> Value {
    let modules = HashMap::new();
    let ctx = Ctx::new(&modules, PathBuf::new(), None, &[]);
    let mf = ModuleFile {
        file,
        text,
        body: Body::default(),
    };
    let mut m = Module::empty(&ctx, PathBuf::new());
    m.files.insert(file, &mf);
    m.eval(
        expr,
        file,
        &Scope {
            vars: names.to_vec(),
        },
    )
}

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
            lazy: RefCell::default(),
            children: RefCell::default(),
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
            ctx.record.borrow_mut().called.insert(dir.clone());
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
        self.ctx.record.borrow_mut().problems.push((range, message));
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
}

/// A block's header: its type and labels (`resource "aws_vpc" "main"`), which
/// is where a finding about the block as a whole points.
fn header(b: &Block) -> Span {
    b.labels.iter().fold(b.ty_span, |s, l| s.cover(l.span))
}

/// Evaluating small trees of modules written in the tests.
#[cfg(test)]
mod testing {
    use super::*;
    use crate::eval::Resource;

    /// Evaluates the root module `root` of `files` (`("dir/name.tf",
    /// text)`), reading files only inside `readable`.
    pub fn eval_tree_reading(
        files: &[(&str, &str)],
        inputs: Vec<(String, Input)>,
        readable: &[PathBuf],
    ) -> Evaluated {
        let mut modules: HashMap<PathBuf, Vec<ModuleFile>> = HashMap::new();
        for (i, (path, text)) in files.iter().enumerate() {
            let path = std::path::Path::new(path);
            let body = crate::parse::hcl::parse(text).expect("valid HCL").body;
            modules
                .entry(normalize(path.parent().unwrap()))
                .or_default()
                .push(ModuleFile {
                    file: FileId(i as u32),
                    text: Arc::from(*text),
                    body,
                });
        }
        let modules: Modules = modules.into_iter().map(|(d, f)| (d, Arc::new(f))).collect();
        evaluate(Root {
            dir: PathBuf::from("root"),
            modules: &modules,
            inputs,
            manifest: None,
            readable,
        })
    }

    pub fn eval_tree(files: &[(&str, &str)]) -> Evaluated {
        eval_tree_reading(files, Vec::new(), &[])
    }

    /// The root module `text`, evaluated.
    pub fn eval_module(text: &str) -> Evaluated {
        eval_tree(&[("root/main.tf", text)])
    }

    pub fn resource<'a>(e: &'a Evaluated, address: &str) -> &'a Resource {
        e.unit
            .resources
            .iter()
            .find(|r| r.address == address)
            .unwrap_or_else(|| panic!("no {address} in {:?}", addresses(e)))
    }

    pub fn addresses(e: &Evaluated) -> Vec<&str> {
        e.unit
            .resources
            .iter()
            .map(|r| r.address.as_str())
            .collect()
    }

    pub fn problems(e: &Evaluated) -> Vec<&str> {
        e.unit.problems.iter().map(|(_, m)| m.as_str()).collect()
    }

    /// `expr` evaluated as the attribute `v` of a resource, after `decls`
    /// (variables, locals).
    pub fn eval_expr(decls: &str, expr: &str) -> Value {
        let e = eval_module(&format!(
            "{decls}\nresource \"t\" \"r\" {{\n  v = {expr}\n}}\n"
        ));
        let body = &resource(&e, "t.r").body;
        body.fields()
            .iter()
            .find(|f| f.key == "v")
            .map(|f| f.value.clone())
            .expect("attribute v")
    }

    /// A scalar as text, anything else as its debug form.
    pub fn text(v: &Value) -> String {
        scalar_string(v).unwrap_or_else(|| format!("{v:?}"))
    }

    pub fn texts(v: &Value) -> Vec<String> {
        v.items().into_iter().map(text).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::testing::*;

    #[test]
    fn a_cycle_is_reported_once_however_often_it_is_used() {
        let e = eval_module("locals {\n  a = local.b\n  b = local.a\n}\nresource \"t\" \"r\" {\n  x = local.a\n  y = local.b\n}\n");
        // local.b is found through local.a first and kept (unknown).
        assert_eq!(
            problems(&e),
            ["cycle in locals: local.a → local.b → local.a"]
        );
    }

    #[test]
    fn tfvars_literals_evaluate_without_a_module() {
        let text = "v = [\"a\", 1, { k = true }]\n";
        let parsed = crate::parse::hcl::parse(text).unwrap();
        let attr = &parsed.body.attributes[0];
        let v = super::eval_literal(
            &attr.expr,
            crate::source::FileId(0),
            std::sync::Arc::from(text),
        );
        assert_eq!(texts(&v)[..2], ["a", "1"]);
    }
}
