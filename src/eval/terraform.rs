//! Terraform evaluation: one module (a directory of `.tf` and `.tf.json`
//! files) at a time. Variables resolve to their defaults, locals in dependency
//! order (a cycle is reported, never a hang), references to resources and data
//! sources become unknown values that remember what they point at.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::path::PathBuf;
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

/// How deep references may chain (local → local → ...) before evaluation
/// gives up on that value.
const MAX_EVAL_DEPTH: usize = 64;
/// The most elements a `for` expression or `range()` may produce.
pub const MAX_COLLECTION: usize = 10_000;

pub(crate) struct Module<'a> {
    files: HashMap<FileId, &'a ModuleFile>,
    variables: HashMap<&'a str, (&'a Block, FileId)>,
    locals: HashMap<&'a str, (&'a Attribute, FileId)>,
    local_cache: RefCell<HashMap<&'a str, Value>>,
    local_stack: RefCell<Vec<&'a str>>,
    depth: Cell<usize>,
    problems: RefCell<Vec<(Range, String)>>,
}

/// Names bound by `for` expressions.
#[derive(Default, Clone)]
pub(crate) struct Scope {
    vars: Vec<(String, Value)>,
}

/// Evaluates the resources and data sources of one module.
pub fn evaluate(files: &[ModuleFile], dir: PathBuf) -> Unit {
    let mut m = Module {
        files: HashMap::new(),
        variables: HashMap::new(),
        locals: HashMap::new(),
        local_cache: RefCell::new(HashMap::new()),
        local_stack: RefCell::new(Vec::new()),
        depth: Cell::new(0),
        problems: RefCell::new(Vec::new()),
    };
    for f in files {
        m.files.insert(f.file, f);
        for b in &f.body.blocks {
            match b.ty.as_str() {
                "variable" => {
                    if let Some(name) = b.labels.first() {
                        m.variables.insert(&name.value, (b, f.file));
                    }
                }
                "locals" => {
                    for a in &b.body.attributes {
                        m.locals.insert(&a.name, (a, f.file));
                    }
                }
                _ => {}
            }
        }
    }
    let mut resources = Vec::new();
    for f in files {
        for b in &f.body.blocks {
            let data_source = match b.ty.as_str() {
                "resource" => false,
                "data" => true,
                _ => continue,
            };
            let [ty, name] = &b.labels[..] else { continue };
            let range = Range::new(f.file, header(b));
            let scope = Scope::default();
            if let Some(count) = b.body.attribute("count") {
                if m.eval(&count.expr, f.file, &scope).as_i64() == Some(0) {
                    continue;
                }
            }
            if let Some(each) = b.body.attribute("for_each") {
                let v = m.eval(&each.expr, f.file, &scope);
                if matches!(&v.kind, Kind::List(i) if i.is_empty())
                    || matches!(&v.kind, Kind::Map(i) if i.is_empty())
                {
                    continue;
                }
            }
            let prefix = if data_source { "data." } else { "" };
            resources.push(Resource {
                format: Format::Terraform,
                kind: ty.value.clone(),
                address: format!("{prefix}{}.{}", ty.value, name.value),
                range,
                body: m.eval_body(&b.body, f.file, range, &scope),
                when: None,
                data_source,
            });
        }
    }
    Unit {
        format: Format::Terraform,
        path: dir,
        resources,
        problems: m.problems.into_inner(),
    }
}

impl<'a> Module<'a> {
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
        self.problems.borrow_mut().push((range, message));
    }

    /// A block body as a map: attributes by name, nested blocks as lists of
    /// maps under their type. `dynamic` blocks contribute an unknown element.
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
            let (key, value) = if b.ty == "dynamic" {
                let Some(label) = b.labels.first() else {
                    continue;
                };
                (
                    label.value.clone(),
                    Value::unknown(self.range(file, b.span)),
                )
            } else {
                let r = self.range(file, header(b));
                (b.ty.clone(), self.eval_body(&b.body, file, r, scope))
            };
            match fields.iter_mut().find(|f| f.key == key) {
                Some(Field {
                    value:
                        Value {
                            kind: Kind::List(items),
                            ..
                        },
                    ..
                }) => items.push(value),
                _ => fields.push(Field {
                    key,
                    key_range: self.range(file, b.ty_span),
                    value: Value::new(Kind::List(vec![value]), self.range(file, b.span)),
                }),
            }
        }
        Value::new(Kind::Map(fields), range)
    }

    pub(crate) fn eval(&self, expr: &Expr, file: FileId, scope: &Scope) -> Value {
        let range = self.range(file, expr.span);
        let depth = self.depth.get();
        if depth > MAX_EVAL_DEPTH * 4 {
            return Value::unknown(range);
        }
        self.depth.set(depth + 1);
        let v = self.eval_inner(expr, file, scope, range);
        self.depth.set(depth);
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
                functions::call(name, values, range)
            }
            ExprKind::Conditional(c, a, b) => {
                let cond = self.eval(c, file, scope);
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
                let pairs: Vec<(Value, Value)> = match &coll.kind {
                    Kind::List(items) => items
                        .iter()
                        .enumerate()
                        .map(|(i, v)| (Value::new(Kind::Number(i as f64), v.range), v.clone()))
                        .collect(),
                    Kind::Map(fields) => fields
                        .iter()
                        .map(|f| (Value::string(f.key.clone(), f.key_range), f.value.clone()))
                        .collect(),
                    _ => return Value::unknown_from(range, coll.refs().into()),
                };
                if pairs.len() > MAX_COLLECTION {
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
        let reanchor = |v: Value| if v.is_known_scalar() { v.at(range) } else { v };
        match root {
            "var" => {
                let Some(name) = attr(0) else {
                    return Value::unknown(range);
                };
                let v = self.variable(name, range);
                reanchor(self.apply_steps(v, &steps[1..], file, scope, range))
            }
            "local" => {
                let Some(name) = attr(0) else {
                    return Value::unknown(range);
                };
                let v = self.local(name, range);
                reanchor(self.apply_steps(v, &steps[1..], file, scope, range))
            }
            "data" => match (attr(0), attr(1)) {
                (Some(t), Some(n)) => {
                    Value::unknown_from(range, Arc::from([Arc::from(format!("data.{t}.{n}"))]))
                }
                _ => Value::unknown(range),
            },
            "module" => match attr(0) {
                Some(n) => {
                    Value::unknown_from(range, Arc::from([Arc::from(format!("module.{n}"))]))
                }
                None => Value::unknown(range),
            },
            "each" | "count" | "self" | "path" | "terraform" => Value::unknown(range),
            ty => match attr(0) {
                Some(n) => Value::unknown_from(range, Arc::from([Arc::from(format!("{ty}.{n}"))])),
                None => Value::unknown(range),
            },
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
                Kind::Map(_) => match key.as_str().and_then(|k| v.get(k)) {
                    Some(x) => x.clone(),
                    None if key.is_unknown() => return Value::unknown_from(range, v.refs().into()),
                    None => return Value::unknown(range),
                },
                Kind::List(items) => match key.as_i64() {
                    Some(i) if i >= 0 && (i as usize) < items.len() => items[i as usize].clone(),
                    _ => return Value::unknown_from(range, v.refs().into()),
                },
                _ => return Value::unknown_from(range, v.refs().into()),
            };
        }
        v
    }

    fn variable(&self, name: &str, range: Range) -> Value {
        let Some((block, file)) = self.variables.get(name) else {
            return Value::unknown(range);
        };
        match block.body.attribute("default") {
            Some(d) => {
                let v = self.eval(&d.expr, *file, &Scope::default());
                let ty = block
                    .body
                    .attribute("type")
                    .map(|t| self.src(*file, t.expr.span).trim().to_string());
                convert(v, ty.as_deref())
            }
            None => Value::unknown(range),
        }
    }

    fn local(&self, name: &str, range: Range) -> Value {
        if let Some(v) = self.local_cache.borrow().get(name) {
            return v.clone();
        }
        let Some((attr, file)) = self.locals.get(name) else {
            return Value::unknown(range);
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

/// Applies a variable's declared primitive type to its default, as Terraform
/// converts `"true"` to a bool for `type = bool`.
fn convert(v: Value, ty: Option<&str>) -> Value {
    let range = v.range;
    match ty {
        Some("bool") => match v.as_bool() {
            Some(b) => Value::new(Kind::Bool(b), range),
            None => v,
        },
        Some("number") => match v.as_f64() {
            Some(n) => Value::new(Kind::Number(n), range),
            None => v,
        },
        Some("string") => match &v.kind {
            Kind::Bool(_) | Kind::Number(_) => {
                Value::string(scalar_string(&v).unwrap_or_default(), range)
            }
            _ => v,
        },
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
