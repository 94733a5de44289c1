//! CloudFormation evaluation: intrinsic functions over parameters (their
//! defaults, or values given with `--parameter`), pseudo parameters, mappings
//! and conditions.
//!
//! What is known statically is computed (`Fn::Sub`, `Fn::Join`, `Fn::Select`,
//! `Fn::Split`, `Fn::FindInMap`, `Fn::Base64`, `Fn::Cidr`, `Fn::Length`,
//! `Fn::ToJsonString`, conditions); what is not stays unknown (`Fn::GetAtt`,
//! a resource's `Ref`, `Fn::GetAZs`, `Fn::ImportValue`, `Fn::Transform`, a
//! parameter without default, SSM parameter types, pseudo parameters not
//! given). A condition that is decided statically picks its `Fn::If` branch
//! and removes a resource whose `Condition` is false; an undecided one keeps
//! both branches as a choice. `Fn::ForEach` loops under `Resources` are
//! expanded over known collections. AWS SAM `Globals` are merged into the
//! serverless resources, and the CDK construct path of each resource
//! (`Metadata: aws:cdk:path`) is collected to name it in messages.

use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::sync::Arc;

use super::cfn_params::ParameterValues;
use super::value::{variants, Branch, Field, Kind, Refs, Str, Value};
use super::{node_to_value, Format, Resource, Unit};
use crate::parse::{Node, NodeKind};
use crate::source::{FileId, Range, Span};

/// The transform that makes a template an AWS SAM template.
pub const SAM_TRANSFORM: &str = "AWS::Serverless-2016-10-31";

/// Logical id → CDK construct path (`MyStack/Bucket/Resource`).
pub type Labels = HashMap<String, String>;

/// Whether a parsed YAML/JSON document is a CloudFormation template: it has
/// `AWSTemplateFormatVersion`, or a `Resources` map whose entries have an
/// `AWS::` (or `Custom::`) `Type`.
pub fn is_template(root: &Node) -> bool {
    if root.get("AWSTemplateFormatVersion").is_some() {
        return true;
    }
    let Some(resources) = root.get("Resources").and_then(Node::as_map) else {
        return false;
    };
    !resources.is_empty()
        && resources.iter().any(|e| {
            e.value
                .get("Type")
                .and_then(Node::as_str)
                .is_some_and(|t| t.starts_with("AWS::") || t.starts_with("Custom::"))
        })
}

/// A condition's three states: `None` is undecided.
type Tri = Option<bool>;

struct Cx<'a> {
    file: FileId,
    params: HashMap<&'a str, &'a Node>,
    overrides: &'a ParameterValues,
    resources: HashSet<String>,
    /// The `Fn::ForEach` identifiers in scope and their current values.
    bindings: RefCell<Vec<(String, String)>>,
    mappings: Option<&'a Node>,
    conditions: HashMap<&'a str, &'a Node>,
    /// Decided conditions, and those being decided (a cycle is undecided).
    decided: RefCell<HashMap<String, Tri>>,
    deciding: RefCell<Vec<String>>,
}

/// An intrinsic function's argument. For a short form (`!Base64 text`) the
/// argument is the tagged node itself, read without its tag.
#[derive(Clone, Copy)]
struct Arg<'n> {
    node: &'n Node,
    bare: bool,
}

impl<'n> Arg<'n> {
    fn seq(&self) -> &'n [Node] {
        self.node.as_seq().unwrap_or(&[])
    }

    fn str(&self) -> Option<&'n str> {
        self.node.as_str()
    }
}

/// Evaluates every resource of a template, with parameter values given by
/// the user; also returns the CDK construct path of each resource that has
/// one.
pub fn evaluate(
    root: &Node,
    file: FileId,
    path: PathBuf,
    overrides: &ParameterValues,
) -> (Unit, Labels) {
    let map = |key: &str| root.get(key).and_then(Node::as_map).unwrap_or(&[]);
    let entries = map("Resources");
    let mut cx = Cx {
        file,
        params: map("Parameters")
            .iter()
            .map(|p| (p.key.as_str(), &p.value))
            .collect(),
        overrides,
        resources: HashSet::new(),
        bindings: RefCell::default(),
        mappings: root.get("Mappings"),
        conditions: map("Conditions")
            .iter()
            .map(|c| (c.key.as_str(), &c.value))
            .collect(),
        decided: RefCell::default(),
        deciding: RefCell::default(),
    };
    // Expand `Fn::ForEach` loops first, so that every logical id is known
    // before any reference is evaluated.
    let mut listed = Vec::new();
    let mut cut_at = None;
    expand(&cx, entries, &[], &mut listed, &mut cut_at);
    let mut problems = Vec::new();
    if let Some(span) = cut_at {
        problems.push((
            Range::new(file, span),
            format!(
                "Fn::ForEach expands to more than {MAX_RESOURCES} resources; the rest are not \
                 checked"
            ),
        ));
    }
    cx.resources = listed.iter().map(|l| l.id.clone()).collect();
    let globals: HashMap<String, Value> = if is_sam(root) {
        map("Globals")
            .iter()
            .map(|g| (format!("AWS::Serverless::{}", g.key), cx.eval(&g.value)))
            .collect()
    } else {
        HashMap::new()
    };
    let mut resources = Vec::new();
    let mut labels = Labels::new();
    for l in listed {
        let node = l.node;
        let Some(kind) = node.get("Type").and_then(Node::as_str) else {
            continue;
        };
        *cx.bindings.borrow_mut() = l.bindings;
        let condition = node.get("Condition").and_then(Node::as_str);
        let when = match condition.map(|c| (c, cx.condition(c))) {
            Some((_, Some(false))) => continue,
            Some((c, None)) => Some(format!("condition `{c}` is true")),
            Some((_, Some(true))) | None => None,
        };
        let range = Range::new(file, l.key_span);
        let mut body = match node.get("Properties") {
            Some(props) => cx.eval(props),
            None => Value::new(Kind::Map(Vec::new()), range),
        };
        if let Some(g) = globals.get(kind) {
            body = merge_globals(g, body);
        }
        if let Some(path) = node
            .get("Metadata")
            .and_then(|m| m.get("aws:cdk:path"))
            .and_then(Node::as_str)
        {
            labels.insert(l.id.clone(), path.to_string());
        }
        resources.push(Resource {
            format: Format::CloudFormation,
            kind: kind.to_string(),
            address: l.id,
            range,
            body,
            when,
            data_source: false,
        });
    }
    let unit = Unit {
        format: Format::CloudFormation,
        path,
        resources,
        problems,
        opaque_refs: Vec::new(),
    };
    (unit, labels)
}

/// The most resources `Fn::ForEach` loops may expand a template to (AWS
/// accepts 500 per stack): nested loops over long lists would otherwise
/// multiply without bound.
pub const MAX_RESOURCES: usize = 5_000;

/// A resource of the template, after `Fn::ForEach` expansion.
struct Listed<'a> {
    id: String,
    key_span: Span,
    node: &'a Node,
    bindings: Vec<(String, String)>,
}

/// Lists the resources of `entries`, expanding `Fn::ForEach::Name:
/// [Identifier, Collection, {Key${Identifier}: Resource}]` (language
/// extensions) once per item of a known collection; a loop over an unknown
/// collection gives no resources. Stops at [`MAX_RESOURCES`], setting
/// `cut_at` to the loop that was cut.
fn expand<'a>(
    cx: &Cx,
    entries: &'a [crate::parse::Entry],
    bindings: &[(String, String)],
    out: &mut Vec<Listed<'a>>,
    cut_at: &mut Option<Span>,
) {
    for e in entries {
        if out.len() >= MAX_RESOURCES {
            if !bindings.is_empty() || e.key.starts_with("Fn::ForEach::") {
                cut_at.get_or_insert(e.key_span);
            }
            if cut_at.is_some() {
                break;
            }
        }
        let substituted = substitute_key(&e.key, bindings);
        if !e.key.starts_with("Fn::ForEach::") {
            out.push(Listed {
                id: substituted,
                key_span: e.key_span,
                node: &e.value,
                bindings: bindings.to_vec(),
            });
            continue;
        }
        let args = e.value.as_seq().unwrap_or(&[]);
        let (Some(id), Some(collection), Some(fragment)) = (
            args.first().and_then(Node::as_str),
            args.get(1),
            args.get(2).and_then(Node::as_map),
        ) else {
            continue;
        };
        *cx.bindings.borrow_mut() = bindings.to_vec();
        let items = cx.eval(collection);
        let Kind::List(items) = &items.kind else {
            continue;
        };
        let Some(items) = items.iter().map(scalar_string).collect::<Option<Vec<_>>>() else {
            continue;
        };
        for item in items {
            let mut inner = bindings.to_vec();
            inner.push((id.to_string(), item));
            expand(cx, fragment, &inner, out, cut_at);
            if cut_at.is_some() {
                break;
            }
        }
    }
    cx.bindings.borrow_mut().clear();
}

/// `${Identifier}` becomes the item, `&{Identifier}` the item's letters and
/// digits only.
fn substitute_key(key: &str, bindings: &[(String, String)]) -> String {
    let mut key = key.to_string();
    for (name, value) in bindings.iter().rev() {
        key = key.replace(&format!("${{{name}}}"), value);
        let alnum: String = value.chars().filter(char::is_ascii_alphanumeric).collect();
        key = key.replace(&format!("&{{{name}}}"), &alnum);
    }
    key
}

/// Whether the template declares the AWS SAM transform.
fn is_sam(root: &Node) -> bool {
    match root.get("Transform") {
        Some(t) => match &t.kind {
            NodeKind::String(s) => s == SAM_TRANSFORM,
            NodeKind::Seq(items) => items.iter().any(|i| i.as_str() == Some(SAM_TRANSFORM)),
            _ => false,
        },
        None => false,
    }
}

/// AWS SAM's `Globals` merge: maps merge key by key, lists are concatenated
/// (global entries first), and any other value of the resource wins.
fn merge_globals(global: &Value, local: Value) -> Value {
    match (&global.kind, local.kind) {
        (Kind::Map(g), Kind::Map(mut l)) => {
            let mut out: Vec<Field> = Vec::with_capacity(g.len() + l.len());
            for gf in g {
                match l.iter().position(|f| f.key == gf.key) {
                    Some(i) => {
                        let mut f = l.remove(i);
                        f.value = merge_globals(&gf.value, f.value);
                        out.push(f);
                    }
                    None => out.push(gf.clone()),
                }
            }
            out.extend(l);
            Value::new(Kind::Map(out), local.range)
        }
        (Kind::List(g), Kind::List(l)) => {
            let mut items = g.clone();
            items.extend(l);
            Value::new(Kind::List(items), local.range)
        }
        (_, kind) => Value::new(kind, local.range),
    }
}

impl<'a> Cx<'a> {
    fn range(&self, span: Span) -> Range {
        Range::new(self.file, span)
    }

    fn eval(&self, node: &Node) -> Value {
        match &node.tag {
            Some(tag) => self.intrinsic(&short_name(tag), Arg { node, bare: true }, node.span),
            None => self.eval_bare(node),
        }
    }

    fn eval_arg(&self, arg: Arg) -> Value {
        if arg.bare {
            self.eval_bare(arg.node)
        } else {
            self.eval(arg.node)
        }
    }

    /// Evaluates a node, ignoring its tag.
    fn eval_bare(&self, node: &Node) -> Value {
        match &node.kind {
            NodeKind::Map(entries) => {
                if entries.len() == 1 {
                    let e = &entries[0];
                    if e.key == "Ref" || e.key.starts_with("Fn::") {
                        let arg = Arg {
                            node: &e.value,
                            bare: false,
                        };
                        return self.intrinsic(&e.key, arg, node.span);
                    }
                }
                let fields = entries
                    .iter()
                    .map(|e| {
                        let mut value = self.eval(&e.value);
                        // A nested structure is reported at its key.
                        if matches!(value.kind, Kind::Map(_) | Kind::List(_))
                            && e.value.tag.is_none()
                        {
                            value.range = self.range(e.key_span.cover(e.value.span));
                        }
                        Field {
                            key: e.key.clone(),
                            key_range: self.range(e.key_span),
                            value,
                        }
                    })
                    .collect();
                Value::new(Kind::Map(fields), self.range(node.span))
            }
            NodeKind::Seq(items) => Value::new(
                Kind::List(items.iter().map(|i| self.eval(i)).collect()),
                self.range(node.span),
            ),
            _ => node_to_value(node, self.file),
        }
    }

    /// Evaluates the function `name` applied to `arg`; `span` is the call.
    fn intrinsic(&self, name: &str, arg: Arg, span: Span) -> Value {
        let range = self.range(span);
        let args = |n: usize| -> Option<Vec<Value>> {
            let items = arg.seq();
            (items.len() >= n).then(|| items[..n].iter().map(|i| self.eval(i)).collect())
        };
        let unknown = |refs: Vec<Arc<str>>| Value::unknown_from(range, refs.into());
        let whole = || vec![self.eval_arg(arg)];
        match name {
            "Ref" => self.reference(arg.str().unwrap_or(""), range),
            "Fn::GetAtt" => {
                let target = match &arg.node.kind {
                    NodeKind::String(s) => s.split('.').next().unwrap_or(""),
                    NodeKind::Seq(items) => items.first().and_then(Node::as_str).unwrap_or(""),
                    _ => "",
                };
                unknown(vec![Arc::from(target)])
            }
            "Fn::Sub" => self.sub(arg, range),
            "Fn::Join" => match args(2) {
                Some(a) => lift(a, range, |a| join(&a[0], &a[1], range)),
                None => unknown(Vec::new()),
            },
            "Fn::Select" => match args(2) {
                Some(a) => lift(a, range, |a| select(&a[0], &a[1], range)),
                None => unknown(Vec::new()),
            },
            "Fn::Split" => match args(2) {
                Some(a) => lift(a, range, |a| match (a[0].as_str(), a[1].as_str()) {
                    (Some(d), Some(text)) if !d.is_empty() => Value::new(
                        Kind::List(text.split(d).map(|p| Value::string(p, range)).collect()),
                        range,
                    ),
                    _ => Value::unknown_from(range, a[1].refs().into()),
                }),
                None => unknown(Vec::new()),
            },
            "Fn::FindInMap" => self.find_in_map(arg, range),
            "Fn::If" => {
                let items = arg.seq();
                let (Some(c), Some(a), Some(b)) = (
                    items.first().and_then(Node::as_str),
                    items.get(1),
                    items.get(2),
                ) else {
                    return unknown(Vec::new());
                };
                match self.condition(c) {
                    Some(true) => self.eval(a),
                    Some(false) => self.eval(b),
                    None => Value::new(
                        Kind::Choice(vec![
                            Branch {
                                when: format!("condition `{c}` is true").into(),
                                value: self.eval(a),
                            },
                            Branch {
                                when: format!("condition `{c}` is false").into(),
                                value: self.eval(b),
                            },
                        ]),
                        range,
                    ),
                }
            }
            "Fn::Equals" | "Fn::And" | "Fn::Or" | "Fn::Not" | "Condition" => {
                match self.condition_call(name, arg) {
                    Some(b) => Value::new(Kind::Bool(b), range),
                    None => unknown(Vec::new()),
                }
            }
            "Fn::Base64" => lift(whole(), range, |a| match scalar_string(&a[0]) {
                Some(s) => Value::string(base64(s.as_bytes()), range),
                None => Value::unknown_from(range, a[0].refs().into()),
            }),
            "Fn::Cidr" => match args(3) {
                Some(a) => lift(a, range, |a| cidr(a, range)),
                None => unknown(Vec::new()),
            },
            "Fn::Length" => lift(whole(), range, |a| match &a[0].kind {
                Kind::List(items) => Value::new(
                    Kind::Number(items.iter().filter(|i| i.kind != Kind::Absent).count() as f64),
                    range,
                ),
                _ => Value::unknown_from(range, a[0].refs().into()),
            }),
            "Fn::ToJsonString" => lift(whole(), range, |a| match to_json(&a[0]) {
                Some(j) => Value::string(j.to_string(), range),
                None => Value::unknown_from(range, a[0].refs().into()),
            }),
            _ => {
                // Fn::GetAZs, Fn::ImportValue, Fn::Transform, Fn::GetParam and
                // anything not known: unknown, but keep what it refers to.
                let inner = self.eval_arg(arg);
                unknown(inner.refs())
            }
        }
    }

    fn reference(&self, name: &str, range: Range) -> Value {
        if let Some((_, v)) = self.bindings.borrow().iter().rev().find(|(n, _)| n == name) {
            return Value::string(v.clone(), range);
        }
        if name == "AWS::NoValue" {
            return Value::new(Kind::Absent, range);
        }
        if let Some(p) = self.params.get(name) {
            return self.parameter(name, p, range);
        }
        if self.resources.contains(name) {
            let refs: Refs = Arc::from([Arc::from(name)]);
            return Value::unknown_from(range, refs);
        }
        if name.starts_with("AWS::") {
            return self.pseudo(name, range);
        }
        Value::unknown(range)
    }

    /// A template parameter: the value given by the user, else its default.
    /// SSM parameter types hold the name of an SSM parameter, whose value is
    /// not knowable; so is a parameter without default.
    fn parameter(&self, name: &str, decl: &Node, range: Range) -> Value {
        let ty = decl.get("Type").and_then(Node::as_str).unwrap_or("String");
        if ty.starts_with("AWS::SSM::Parameter::Value<") {
            return Value::unknown(range);
        }
        let is_list = ty.starts_with("List<") || ty == "CommaDelimitedList";
        let (v, what, default) = match (self.overrides.get(name), decl.get("Default")) {
            (Some(s), _) => (
                Value::string(s.clone(), self.range(decl.span)),
                format!("the value given to parameter `{name}`"),
                false,
            ),
            (None, Some(d)) => (
                node_to_value(d, self.file),
                format!("the default of parameter `{name}`"),
                true,
            ),
            (None, None) => return Value::unknown(range),
        };
        let what: Arc<str> = what.into();
        match (is_list, v.as_str()) {
            (true, Some(s)) => list_of(s, range).through_from(v.range, &what, default),
            _ => v.through(&what, default).referenced_at(range).at(range),
        }
    }

    /// A pseudo parameter: known only when given by the user. The partition
    /// and URL suffix follow from a given region.
    fn pseudo(&self, name: &str, range: Range) -> Value {
        if let Some(v) = self.overrides.get(name) {
            return match name {
                "AWS::NotificationARNs" => list_of(v, range),
                _ => Value::string(v.clone(), range),
            };
        }
        let region = self.overrides.get("AWS::Region").map(String::as_str);
        match (name, region.map(partition_of)) {
            ("AWS::Partition", Some((partition, _))) => Value::string(partition, range),
            ("AWS::URLSuffix", Some((_, suffix))) => Value::string(suffix, range),
            _ => Value::unknown(range),
        }
    }

    /// `Fn::FindInMap: [Map, TopKey, SecondKey]`, with the language
    /// extensions' optional `{DefaultValue: ...}` fourth argument.
    fn find_in_map(&self, arg: Arg, range: Range) -> Value {
        let items = arg.seq();
        if items.len() < 3 {
            return Value::unknown(range);
        }
        let keys: Vec<Value> = items[..3].iter().map(|i| self.eval(i)).collect();
        let default = items
            .get(3)
            .and_then(|d| d.get("DefaultValue"))
            .map(|d| self.eval(d));
        lift(keys, range, |k| {
            let names: Option<Vec<String>> = k.iter().map(scalar_string).collect();
            let Some(names) = names else {
                return Value::unknown_from(range, k.iter().flat_map(Value::refs).collect());
            };
            let found = self
                .mappings
                .and_then(|m| m.get(&names[0]))
                .and_then(|m| m.get(&names[1]))
                .and_then(|m| m.get(&names[2]));
            match (found, &default) {
                (Some(n), _) => {
                    let what: Arc<str> = format!(
                        "the value of `{}` under `{}` in mapping `{}`",
                        names[2], names[1], names[0]
                    )
                    .into();
                    node_to_value(n, self.file)
                        .through(&what, false)
                        .referenced_at(range)
                        .at(range)
                }
                (None, Some(d)) => d.clone(),
                (None, None) => Value::unknown(range),
            }
        })
    }

    /// `Fn::Sub`: `${Name}`, `${Res.Attr}` and `${!Literal}` in a string,
    /// optionally with a map of variables.
    fn sub(&self, arg: Arg, range: Range) -> Value {
        let (template, vars) = match &arg.node.kind {
            NodeKind::String(s) => (s.as_str(), None),
            NodeKind::Seq(items) => match (items.first().and_then(Node::as_str), items.get(1)) {
                (Some(s), vars) => (s, vars),
                _ => return Value::unknown(range),
            },
            _ => return Value::unknown(range),
        };
        // Split the template into literal text and variables.
        enum Part<'t> {
            Text(&'t str),
            Literal(&'t str),
            Var(usize),
        }
        let mut parts = Vec::new();
        let mut values = Vec::new();
        let mut rest = template;
        while let Some(i) = rest.find("${") {
            parts.push(Part::Text(&rest[..i]));
            let after = &rest[i + 2..];
            let Some(end) = after.find('}') else {
                parts.push(Part::Text(&rest[i..]));
                rest = "";
                break;
            };
            let name = after[..end].trim();
            if let Some(lit) = name.strip_prefix('!') {
                parts.push(Part::Literal(lit));
            } else {
                let v = match vars.and_then(|v| v.get(name)) {
                    Some(n) => self.eval(n),
                    None if name.contains('.') && !name.starts_with("AWS::") => {
                        Value::unknown_from(
                            range,
                            Arc::from([Arc::from(name.split('.').next().unwrap_or(""))]),
                        )
                    }
                    None => self.reference(name, range),
                };
                parts.push(Part::Var(values.len()));
                values.push(v);
            }
            rest = &after[end + 1..];
        }
        parts.push(Part::Text(rest));
        lift(values, range, |vals| {
            let mut out = String::new();
            let mut refs: Vec<Arc<str>> = Vec::new();
            let mut known = true;
            for p in &parts {
                match p {
                    Part::Text(t) => out.push_str(t),
                    Part::Literal(l) => {
                        out.push_str("${");
                        out.push_str(l);
                        out.push('}');
                    }
                    Part::Var(i) => match scalar_string(&vals[*i]) {
                        Some(s) => out.push_str(&s),
                        None => {
                            known = false;
                            refs.extend(vals[*i].refs());
                        }
                    },
                }
            }
            if known {
                Value::new(Kind::String(Str::plain(out)), range)
            } else {
                Value::unknown_from(range, refs.into())
            }
        })
    }

    /// Decides a named condition of the `Conditions` section.
    fn condition(&self, name: &str) -> Tri {
        if let Some(t) = self.decided.borrow().get(name) {
            return *t;
        }
        if self.deciding.borrow().iter().any(|n| n == name) {
            return None;
        }
        let node = self.conditions.get(name)?;
        self.deciding.borrow_mut().push(name.to_string());
        let t = self.condition_expr(node);
        self.deciding.borrow_mut().pop();
        self.decided.borrow_mut().insert(name.to_string(), t);
        t
    }

    /// Decides a condition function (`Fn::Equals`, `Fn::And`, ..., or a
    /// `Condition` reference).
    fn condition_expr(&self, node: &Node) -> Tri {
        if let Some(tag) = &node.tag {
            return self.condition_call(&short_name(tag), Arg { node, bare: true });
        }
        let e = node.as_map().filter(|m| m.len() == 1)?.first()?;
        let arg = Arg {
            node: &e.value,
            bare: false,
        };
        self.condition_call(&e.key, arg)
    }

    fn condition_call(&self, name: &str, arg: Arg) -> Tri {
        let items = arg.seq();
        match name {
            "Condition" => self.condition(arg.str()?),
            "Fn::Equals" => {
                let [a, b] = items else { return None };
                equal(&self.eval(a), &self.eval(b))
            }
            "Fn::Not" => {
                let c = items.first()?;
                self.condition_expr(c).map(|b| !b)
            }
            "Fn::And" | "Fn::Or" => {
                // false (And) or true (Or) decides, whatever the others are.
                let decisive = name == "Fn::Or";
                let mut all_decided = !items.is_empty();
                for c in items {
                    match self.condition_expr(c) {
                        Some(b) if b == decisive => return Some(decisive),
                        Some(_) => {}
                        None => all_decided = false,
                    }
                }
                all_decided.then_some(!decisive)
            }
            _ => None,
        }
    }
}

/// Applies `f` to evaluated arguments. When a choice is inside them, `f` is
/// applied once per combination, and the result is a choice between those
/// results.
fn lift(args: Vec<Value>, range: Range, f: impl Fn(&[Value]) -> Value) -> Value {
    if args.iter().all(|a| !has_choice(a)) {
        return f(&args);
    }
    let packed = Value::new(Kind::List(args), range);
    let branches = variants(&packed)
        .into_iter()
        .map(|(conds, v)| {
            let when: Vec<&str> = conds.iter().map(|c| &**c).collect();
            Branch {
                when: when.join(" and ").into(),
                // Variants keep the list, unless the evaluation budget ran
                // out and made it unknown.
                value: match v.kind {
                    Kind::List(items) => f(&items),
                    _ => Value::unknown(range),
                },
            }
        })
        .collect();
    Value::new(Kind::Choice(branches), range)
}

fn has_choice(v: &Value) -> bool {
    match &v.kind {
        Kind::Choice(_) => true,
        Kind::List(items) => items.iter().any(has_choice),
        Kind::Map(fields) => fields.iter().any(|f| has_choice(&f.value)),
        _ => false,
    }
}

fn join(delim: &Value, list: &Value, range: Range) -> Value {
    if let (Some(d), Kind::List(items)) = (delim.as_str(), &list.kind) {
        let parts: Option<Vec<String>> = items
            .iter()
            .filter(|i| i.kind != Kind::Absent)
            .map(scalar_string)
            .collect();
        if let Some(p) = parts {
            return Value::string(p.join(d), range);
        }
    }
    Value::unknown_from(range, list.refs().into())
}

fn select(index: &Value, list: &Value, range: Range) -> Value {
    match (index.as_i64(), &list.kind) {
        (Some(i), Kind::List(items)) if i >= 0 && (i as usize) < items.len() => {
            items[i as usize].clone()
        }
        _ => Value::unknown_from(range, list.refs().into()),
    }
}

/// A comma-separated list parameter.
fn list_of(s: &str, range: Range) -> Value {
    Value::new(
        Kind::List(
            s.split(',')
                .map(|p| Value::string(p.trim(), range))
                .collect(),
        ),
        range,
    )
}

/// The partition and URL suffix of a region.
fn partition_of(region: &str) -> (&'static str, &'static str) {
    if region.starts_with("cn-") {
        ("aws-cn", "amazonaws.com.cn")
    } else if region.starts_with("us-gov-") {
        ("aws-us-gov", "amazonaws.com")
    } else if region.starts_with("us-isob-") {
        ("aws-iso-b", "sc2s.sgov.gov")
    } else if region.starts_with("us-iso-") {
        ("aws-iso", "c2s.ic.gov")
    } else if region.starts_with("eu-isoe-") {
        ("aws-iso-e", "cloud.adc-e.uk")
    } else if region.starts_with("us-isof-") {
        ("aws-iso-f", "csp.hci.ic.gov")
    } else {
        ("aws", "amazonaws.com")
    }
}

/// `Fn::Equals`: CloudFormation compares values as strings.
fn equal(a: &Value, b: &Value) -> Tri {
    match (&a.kind, &b.kind) {
        (Kind::List(x), Kind::List(y)) => {
            if x.len() != y.len() {
                return if a.is_wholly_known() && b.is_wholly_known() {
                    Some(false)
                } else {
                    None
                };
            }
            let mut all = Some(true);
            for (p, q) in x.iter().zip(y) {
                match equal(p, q) {
                    Some(false) => return Some(false),
                    Some(true) => {}
                    None => all = None,
                }
            }
            all
        }
        _ => Some(scalar_string(a)? == scalar_string(b)?),
    }
}

/// `Fn::Cidr: [ipBlock, count, cidrBits]`: `count` consecutive subnets with
/// `cidrBits` host bits each, from the start of the block.
fn cidr(a: &[Value], range: Range) -> Value {
    let unknown = || Value::unknown_from(range, a.iter().flat_map(Value::refs).collect());
    let (Some(block), Some(count), Some(bits)) = (a[0].as_str(), a[1].as_i64(), a[2].as_i64())
    else {
        return unknown();
    };
    match cidr_subnets(block, count, bits) {
        Some(list) => Value::new(
            Kind::List(list.into_iter().map(|s| Value::string(s, range)).collect()),
            range,
        ),
        None => unknown(),
    }
}

fn cidr_subnets(block: &str, count: i64, bits: i64) -> Option<Vec<String>> {
    let (addr, prefix) = block.trim().split_once('/')?;
    let prefix: u32 = prefix.parse().ok()?;
    if !(1..=256).contains(&count) || bits < 0 {
        return None;
    }
    let (count, bits) = (count as u32, bits as u32);
    if let Ok(v4) = addr.parse::<std::net::Ipv4Addr>() {
        let width = 32;
        if prefix > width || bits > width - prefix {
            return None;
        }
        let new_prefix = width - bits;
        if (new_prefix - prefix) < 32 && count as u64 > 1u64 << (new_prefix - prefix) {
            return None;
        }
        let base = u32::from(v4) & (u32::MAX.checked_shl(width - prefix).unwrap_or(0));
        return Some(
            (0..count)
                .map(|i| {
                    let net = base as u64 + ((i as u64) << bits);
                    format!("{}/{new_prefix}", std::net::Ipv4Addr::from(net as u32))
                })
                .collect(),
        );
    }
    let v6 = addr.parse::<std::net::Ipv6Addr>().ok()?;
    let width = 128;
    if prefix > width || bits > width - prefix {
        return None;
    }
    let new_prefix = width - bits;
    if (new_prefix - prefix) < 64 && count as u128 > 1u128 << (new_prefix - prefix) {
        return None;
    }
    let base = u128::from(v6) & u128::MAX.checked_shl(width - prefix).unwrap_or(0);
    Some(
        (0..count)
            .map(|i| {
                let net = base.wrapping_add((i as u128).checked_shl(bits).unwrap_or(0));
                format!("{}/{new_prefix}", std::net::Ipv6Addr::from(net))
            })
            .collect(),
    )
}

/// A wholly known value as JSON (`Fn::ToJsonString`).
fn to_json(v: &Value) -> Option<serde_json::Value> {
    use serde_json::Value as J;
    Some(match &v.kind {
        Kind::Null => J::Null,
        Kind::Bool(b) => J::Bool(*b),
        Kind::Number(n) => serde_json::Number::from_f64(*n)
            .map(|x| match v.as_i64() {
                Some(i) => J::from(i),
                None => J::Number(x),
            })
            .unwrap_or(J::Null),
        Kind::String(s) => J::String(s.text.clone()),
        Kind::List(items) => J::Array(
            items
                .iter()
                .filter(|i| i.kind != Kind::Absent)
                .map(to_json)
                .collect::<Option<_>>()?,
        ),
        Kind::Map(fields) => {
            let mut m = serde_json::Map::new();
            for f in fields.iter().filter(|f| f.value.kind != Kind::Absent) {
                m.insert(f.key.clone(), to_json(&f.value)?);
            }
            J::Object(m)
        }
        Kind::Unknown(_) | Kind::Choice(_) | Kind::Absent => return None,
    })
}

/// Standard base64 with padding (`Fn::Base64`).
fn base64(bytes: &[u8]) -> String {
    use ::base64::Engine as _;
    ::base64::engine::general_purpose::STANDARD.encode(bytes)
}

/// `!GetAtt` → `Fn::GetAtt`, `!Ref` → `Ref`, `!Condition` → `Condition`.
fn short_name(tag: &str) -> String {
    match tag {
        "Ref" | "Condition" => tag.to_string(),
        t if t.starts_with("Fn::") => t.to_string(),
        t => format!("Fn::{t}"),
    }
}

fn scalar_string(v: &Value) -> Option<String> {
    match &v.kind {
        Kind::String(s) => Some(s.text.clone()),
        Kind::Number(n) => Some(super::value::format_number(*n)),
        Kind::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn eval_yaml(src: &str) -> Unit {
        let parsed = crate::parse::yaml::parse(src).expect("parse");
        evaluate(
            &parsed.root,
            FileId(0),
            "t.yaml".into(),
            &ParameterValues::new(),
        )
        .0
    }

    #[test]
    fn ref_to_parameter_default_is_known_at_the_use_site() {
        let src = "Parameters:\n  Enc:\n    Type: String\n    Default: 'false'\nResources:\n  V:\n    Type: AWS::EC2::Volume\n    Properties:\n      Encrypted: !Ref Enc\n";
        let u = eval_yaml(src);
        let v = u.resources[0].body.get("Encrypted").unwrap();
        assert_eq!(v.as_bool(), Some(false));
        assert_eq!(
            &src[v.range.span.start as usize..v.range.span.end as usize],
            "!Ref Enc"
        );
    }

    #[test]
    fn if_keeps_both_branches_and_novalue_is_absent() {
        let src = "Parameters:\n  P:\n    Type: String\nConditions:\n  C: !Equals [!Ref P, b]\nResources:\n  V:\n    Type: AWS::EC2::Volume\n    Properties:\n      Encrypted: !If [C, true, !Ref AWS::NoValue]\n";
        let u = eval_yaml(src);
        let vs = super::super::value::variants(&u.resources[0].body);
        assert_eq!(vs.len(), 2);
        assert_eq!(vs[0].1.get("Encrypted").unwrap().as_bool(), Some(true));
        assert!(vs[1].1.get("Encrypted").is_none());
        assert_eq!(&*vs[1].0[0], "condition `C` is false");
    }

    #[test]
    fn refs_and_sub_link_resources() {
        let src = "Resources:\n  B:\n    Type: AWS::S3::Bucket\n  P:\n    Type: AWS::S3::BucketPolicy\n    Properties:\n      Bucket: !Ref B\n      Arn: !Sub 'arn:aws:s3:::${B}/*'\n      Name: !Sub 'x-${AWS::Region}-${!Lit}'\n      J: !Join ['-', [a, b]]\n";
        let u = eval_yaml(src);
        let p = &u.resources[1].body;
        assert_eq!(p.get("Bucket").unwrap().refs(), vec![Arc::from("B")]);
        assert_eq!(p.get("Arn").unwrap().refs(), vec![Arc::from("B")]);
        assert!(p.get("Name").unwrap().is_unknown());
        assert_eq!(p.get("J").unwrap().as_str(), Some("a-b"));
    }

    fn eval_with(src: &str, params: &[(&str, &str)]) -> Unit {
        let parsed = crate::parse::yaml::parse(src).expect("parse");
        let p: ParameterValues = params
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        evaluate(&parsed.root, FileId(0), "t.yaml".into(), &p).0
    }

    /// Evaluates `expr` as property `X` of a template with the given
    /// parameters, mappings and conditions sections.
    fn prop(sections: &str, expr: &str, params: &[(&str, &str)]) -> Value {
        let src = format!(
            "{sections}\nResources:\n  R:\n    Type: AWS::S3::Bucket\n    Properties:\n      X: {expr}\n"
        );
        let u = eval_with(&src, params);
        u.resources[0].body.get("X").cloned().expect("X")
    }

    fn s(v: &Value) -> &str {
        v.as_str().unwrap_or_else(|| panic!("not a string: {v:?}"))
    }

    fn strs(v: &Value) -> Vec<String> {
        match &v.kind {
            Kind::List(items) => items.iter().map(|i| s(i).to_string()).collect(),
            k => panic!("not a list: {k:?}"),
        }
    }

    const PARAMS: &str = "Parameters:\n  Env:\n    Type: String\n    Default: dev\n  Free:\n    Type: String\n  Nets:\n    Type: CommaDelimitedList\n    Default: 'a, b,c'\n  Ssm:\n    Type: AWS::SSM::Parameter::Value<String>\n    Default: /config/env\n  Ids:\n    Type: List<AWS::EC2::Subnet::Id>\n";

    #[test]
    fn parameters_defaults_overrides_lists_and_ssm() {
        assert_eq!(s(&prop(PARAMS, "!Ref Env", &[])), "dev");
        assert_eq!(s(&prop(PARAMS, "!Ref Env", &[("Env", "prod")])), "prod");
        assert!(prop(PARAMS, "!Ref Free", &[]).is_unknown());
        assert_eq!(s(&prop(PARAMS, "!Ref Free", &[("Free", "x")])), "x");
        assert_eq!(strs(&prop(PARAMS, "!Ref Nets", &[])), ["a", "b", "c"]);
        assert_eq!(
            strs(&prop(PARAMS, "!Ref Ids", &[("Ids", "s-1,s-2")])),
            ["s-1", "s-2"]
        );
        // An SSM parameter type's default names the SSM parameter, not its value.
        assert!(prop(PARAMS, "!Ref Ssm", &[]).is_unknown());
        assert!(prop(PARAMS, "!Ref Ssm", &[("Ssm", "/x")]).is_unknown());
        // An override of an undeclared name does nothing.
        assert!(prop("", "!Ref Nope", &[("Nope", "x")]).is_unknown());
    }

    #[test]
    fn pseudo_parameters_are_unknown_unless_given() {
        for p in [
            "AWS::Region",
            "AWS::AccountId",
            "AWS::Partition",
            "AWS::URLSuffix",
            "AWS::StackName",
            "AWS::StackId",
        ] {
            assert!(prop("", &format!("!Ref {p}"), &[]).is_unknown(), "{p}");
        }
        let given = [("AWS::Region", "cn-north-1"), ("AWS::AccountId", "123")];
        assert_eq!(s(&prop("", "!Ref AWS::Region", &given)), "cn-north-1");
        assert_eq!(s(&prop("", "!Ref AWS::AccountId", &given)), "123");
        assert_eq!(s(&prop("", "!Ref AWS::Partition", &given)), "aws-cn");
        assert_eq!(
            s(&prop("", "!Ref AWS::URLSuffix", &given)),
            "amazonaws.com.cn"
        );
        assert_eq!(
            s(&prop(
                "",
                "!Sub 'arn:${AWS::Partition}:s3:::b'",
                &[("AWS::Region", "eu-west-1")]
            )),
            "arn:aws:s3:::b"
        );
        let arns = [("AWS::NotificationARNs", "arn:1,arn:2")];
        assert_eq!(
            strs(&prop("", "!Ref AWS::NotificationARNs", &arns)),
            ["arn:1", "arn:2"]
        );
    }

    #[test]
    fn sub_in_both_forms() {
        assert_eq!(
            s(&prop(PARAMS, "!Sub '${Env}-${!Literal}-x'", &[])),
            "dev-${Literal}-x"
        );
        assert_eq!(
            s(&prop(
                PARAMS,
                "{'Fn::Sub': ['${A}/${Env}', {A: !Join ['', [x, y]]}]}",
                &[]
            )),
            "xy/dev"
        );
        let v = prop(PARAMS, "!Sub '${R.Arn}/${Env}'", &[]);
        assert_eq!(v.refs(), vec![Arc::from("R")]);
        assert!(prop(PARAMS, "!Sub '${AWS::Region}'", &[]).is_unknown());
    }

    #[test]
    fn join_select_split_length() {
        assert_eq!(s(&prop(PARAMS, "!Join [':', !Ref Nets]", &[])), "a:b:c");
        assert_eq!(s(&prop(PARAMS, "!Select [1, !Ref Nets]", &[])), "b");
        assert_eq!(strs(&prop("", "!Split [',', 'x,y']", &[])), ["x", "y"]);
        assert_eq!(prop("", "!Length [a, b, c]", &[]).as_i64(), Some(3));
        assert_eq!(
            prop(PARAMS, "{'Fn::Length': !Ref Nets}", &[]).as_i64(),
            Some(3)
        );
        assert_eq!(prop("", "{'Fn::Length': [a, b]}", &[]).as_i64(), Some(2));
        assert!(prop("", "!Select [0, !GetAZs '']", &[]).is_unknown());
        assert!(prop("", "!Join ['', [a, !GetAtt R.Arn]]", &[]).is_unknown());
        // A choice inside the arguments gives a choice of results.
        let v = prop(
            "Parameters:\n  F:\n    Type: String\nConditions:\n  C: !Equals [!Ref F, x]",
            "!Join ['-', [a, !If [C, b, c]]]",
            &[],
        );
        let Kind::Choice(b) = &v.kind else {
            panic!("{v:?}")
        };
        assert_eq!(
            (s(&b[0].value), &*b[0].when),
            ("a-b", "condition `C` is true")
        );
        assert_eq!(
            (s(&b[1].value), &*b[1].when),
            ("a-c", "condition `C` is false")
        );
    }

    #[test]
    fn find_in_map_with_and_without_default() {
        let maps = "Parameters:\n  Env:\n    Type: String\n    Default: dev\nMappings:\n  M:\n    dev:\n      Enc: 'false'\n";
        assert_eq!(
            s(&prop(maps, "!FindInMap [M, !Ref Env, Enc]", &[])),
            "false"
        );
        assert!(prop(maps, "!FindInMap [M, !Ref Env, Enc]", &[("Env", "prod")]).is_unknown());
        assert_eq!(
            s(&prop(
                maps,
                "!FindInMap [M, !Ref Env, Enc, {DefaultValue: 'true'}]",
                &[("Env", "prod")]
            )),
            "true"
        );
        assert!(prop(maps, "!FindInMap [M, !Ref AWS::Region, Enc]", &[]).is_unknown());
    }

    #[test]
    fn conditions_are_decided_when_their_inputs_are_known() {
        let conds = format!(
            "{PARAMS}Conditions:\n  IsProd: !Equals [!Ref Env, prod]\n  NotProd: !Not [!Condition IsProd]\n  Both: !And [!Condition IsProd, !Equals [!Ref Free, x]]\n  Either: {{'Fn::Or': [{{Condition: NotProd}}, !Equals [!Ref Free, x]]}}\n  Loop: !Not [!Condition Loop]\n"
        );
        let c = |expr: &str, p: &[(&str, &str)]| prop(&conds, expr, p);
        assert_eq!(s(&c("!If [IsProd, a, b]", &[])), "b");
        assert_eq!(s(&c("!If [IsProd, a, b]", &[("Env", "prod")])), "a");
        assert_eq!(s(&c("!If [NotProd, a, b]", &[])), "a");
        // False and anything is false; true or anything is true.
        assert_eq!(s(&c("!If [Both, a, b]", &[])), "b");
        assert_eq!(s(&c("!If [Either, a, b]", &[])), "a");
        // An unknown input keeps both branches.
        assert!(matches!(
            c("!If [Both, a, b]", &[("Env", "prod")]).kind,
            Kind::Choice(_)
        ));
        assert!(matches!(c("!If [Loop, a, b]", &[]).kind, Kind::Choice(_)));
        assert_eq!(c("!Condition NotProd", &[]).as_bool(), Some(true));
    }

    #[test]
    fn resource_conditions_remove_or_keep_resources() {
        let src = "Parameters:\n  Env:\n    Type: String\n    Default: dev\n  F:\n    Type: String\nConditions:\n  IsProd: !Equals [!Ref Env, prod]\n  IsDev: !Equals [!Ref Env, dev]\n  Maybe: !Equals [!Ref F, x]\nResources:\n  A:\n    Type: AWS::S3::Bucket\n    Condition: IsProd\n  B:\n    Type: AWS::S3::Bucket\n    Condition: IsDev\n  C:\n    Type: AWS::S3::Bucket\n    Condition: Maybe\n";
        let u = eval_with(src, &[]);
        let names: Vec<(&str, Option<&str>)> = u
            .resources
            .iter()
            .map(|r| (r.address.as_str(), r.when.as_deref()))
            .collect();
        assert_eq!(
            names,
            [("B", None), ("C", Some("condition `Maybe` is true"))]
        );
        let u = eval_with(src, &[("Env", "prod")]);
        assert_eq!(u.resources[0].address, "A");
    }

    #[test]
    fn base64_cidr_to_json_and_unknowables() {
        assert_eq!(s(&prop("", "!Base64 'hello!'", &[])), "aGVsbG8h");
        assert_eq!(s(&prop("", "{'Fn::Base64': ab}", &[])), "YWI=");
        assert_eq!(
            strs(&prop("", "!Cidr ['10.0.0.0/16', 3, 8]", &[])),
            ["10.0.0.0/24", "10.0.1.0/24", "10.0.2.0/24"]
        );
        assert_eq!(
            strs(&prop("", "!Cidr ['2001:db8::/56', 2, 64]", &[])),
            ["2001:db8::/64", "2001:db8:0:1::/64"]
        );
        assert!(prop("", "!Cidr ['10.0.0.0/30', 8, 8]", &[]).is_unknown());
        assert_eq!(
            s(&prop("", "{'Fn::ToJsonString': {a: [1, 'x', true]}}", &[])),
            r#"{"a":[1,"x",true]}"#
        );
        assert!(prop("", "!ToJsonString {a: !Ref AWS::Region}", &[]).is_unknown());
        for e in [
            "!GetAZs ''",
            "!ImportValue shared",
            "{'Fn::Transform': {Name: AWS::Include}}",
            "!GetAtt R.Arn",
        ] {
            assert!(prop("", e, &[]).is_unknown(), "{e}");
        }
        assert_eq!(
            prop("", "{'Fn::GetAtt': [R, Arn]}", &[]).refs(),
            vec![Arc::from("R")]
        );
    }

    #[test]
    fn sam_globals_merge_into_functions() {
        let src = "Transform: AWS::Serverless-2016-10-31\nGlobals:\n  Function:\n    Runtime: python3.12\n    Layers: [g]\n    Tracing: !Ref Q\n    Environment:\n      Variables: {A: '1', B: '2'}\nResources:\n  F:\n    Type: AWS::Serverless::Function\n    Properties:\n      Runtime: nodejs20.x\n      Layers: [l]\n      Environment:\n        Variables: {B: '3'}\n  Q:\n    Type: AWS::SQS::Queue\n";
        let u = eval_with(src, &[]);
        let f = &u.resources[0].body;
        assert_eq!(f.get("Runtime").and_then(Value::as_str), Some("nodejs20.x"));
        assert_eq!(strs(f.get("Layers").unwrap()), ["g", "l"]);
        let vars = f.get("Environment").unwrap().get("Variables").unwrap();
        assert_eq!(vars.get("A").and_then(Value::as_str), Some("1"));
        assert_eq!(vars.get("B").and_then(Value::as_str), Some("3"));
        assert!(u.resources[1].body.get("Runtime").is_none());
        assert_eq!(f.get("Tracing").unwrap().refs(), vec![Arc::from("Q")]);
    }

    #[test]
    fn for_each_loops_nest_and_bind_their_identifiers() {
        let src = "Resources:\n  Fn::ForEach::Outer:\n    - Env\n    - [dev, prod]\n    - Fn::ForEach::Inner:\n        - Tier\n        - [web, db]\n        - ${Env}${Tier}Volume:\n            Type: AWS::EC2::Volume\n            Properties:\n              Tags: [{Key: name, Value: !Sub '${Env}-${Tier}'}, {Key: env, Value: !Ref Env}]\n  Other:\n    Type: AWS::S3::Bucket\n    Properties:\n      Target: !Ref prodwebVolume\n";
        let u = eval_with(src, &[]);
        let ids: Vec<&str> = u.resources.iter().map(|r| r.address.as_str()).collect();
        assert_eq!(
            ids,
            [
                "devwebVolume",
                "devdbVolume",
                "prodwebVolume",
                "proddbVolume",
                "Other"
            ]
        );
        let tags = u.resources[3].body.get("Tags").unwrap().items();
        assert_eq!(
            tags[0].get("Value").and_then(Value::as_str),
            Some("prod-db")
        );
        assert_eq!(tags[1].get("Value").and_then(Value::as_str), Some("prod"));
        let r = u.resources[4].body.get("Target").unwrap();
        assert_eq!(r.refs(), vec![Arc::from("prodwebVolume")]);
    }
}
