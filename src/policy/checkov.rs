//! Checkov-format YAML policies: loading (`metadata` and `definition`) and
//! the attribute operators. Evaluation over a unit is in `checkov_eval.rs`.
//!
//! The semantics follow Checkov's solvers (`checkov/common/checks_infra`):
//! attribute paths are matched against the flattened attributes
//! ([`super::document::Flat`]), `*` matches a list index or nothing, a
//! missing attribute is what Python's `vertex.get()` returns (`None`), and
//! values compare as Python compares them ([`PyVal`]). Palisade's one
//! deliberate difference: an operator that reads an unknown value gives
//! "unknown", and unknown is never a finding.

use regex::Regex;

use super::checkov_ops::{self, WordsCmp};
use super::document::{Flat, Look};
use super::jsonpath;
use super::pyval::PyVal;
use crate::eval::value::Kind;
use crate::finding::Severity;
use crate::parse::{Node, NodeKind};
use crate::source::{Range, Span};

/// A loaded policy's `metadata`.
#[derive(Clone, Debug)]
pub struct Metadata {
    pub id: String,
    pub name: String,
    pub category: Option<String>,
    pub severity: Option<Severity>,
    pub guideline: Option<String>,
}

/// Which resource types a condition applies to.
#[derive(Clone, Debug)]
pub enum Types {
    /// `all`, or none given.
    All,
    List(Vec<String>),
}

impl Types {
    pub fn matches(&self, kind: &str) -> bool {
        match self {
            Types::All => true,
            Types::List(l) => l.iter().any(|t| t == kind),
        }
    }

    fn union(items: &[Def]) -> Types {
        let mut out: Vec<String> = Vec::new();
        for d in items {
            match d.types() {
                Types::All => return Types::All,
                Types::List(l) => out.extend(l.iter().cloned()),
            }
        }
        if out.is_empty() {
            Types::All
        } else {
            Types::List(out)
        }
    }
}

/// One attribute condition.
#[derive(Debug)]
pub struct Attr {
    pub types: Types,
    pub attribute: String,
    pub op: Op,
    pub value: PyVal,
    /// For a path with `*`: the patterns with and without the indexes.
    wildcard: Option<(Regex, Regex)>,
    /// A compiled `regex_match` value.
    regex: Option<Regex>,
    /// For a `jsonpath_` operator: the attribute as a JSONPath.
    jsonpath: Option<jsonpath::Path>,
}

/// Checkov's attribute operators (the `not_` forms negate).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Op {
    Any,
    Equals,
    EqualsIgnoreCase,
    Exists,
    Contains,
    Within,
    StartingWith,
    EndingWith,
    RegexMatch,
    GreaterThan,
    GreaterThanOrEqual,
    LessThan,
    LessThanOrEqual,
    Subset,
    Intersects,
    IsEmpty,
    IsTrue,
    IsFalse,
    LengthEquals,
    LengthGreaterThan,
    LengthGreaterThanOrEqual,
    LengthLessThan,
    LengthLessThanOrEqual,
    RangeIncludes,
    NumberOfWords(WordsCmp),
    CidrRangeSubset,
    Not(&'static Op),
}

const OPS: &[(&str, Op)] = &[
    ("any", Op::Any),
    ("equals", Op::Equals),
    ("not_equals", Op::Not(&Op::Equals)),
    ("equals_ignore_case", Op::EqualsIgnoreCase),
    ("not_equals_ignore_case", Op::Not(&Op::EqualsIgnoreCase)),
    ("exists", Op::Exists),
    ("not_exists", Op::Not(&Op::Exists)),
    ("contains", Op::Contains),
    ("not_contains", Op::Not(&Op::Contains)),
    ("within", Op::Within),
    ("not_within", Op::Not(&Op::Within)),
    ("starting_with", Op::StartingWith),
    ("not_starting_with", Op::Not(&Op::StartingWith)),
    ("ending_with", Op::EndingWith),
    ("not_ending_with", Op::Not(&Op::EndingWith)),
    ("regex_match", Op::RegexMatch),
    ("not_regex_match", Op::Not(&Op::RegexMatch)),
    ("greater_than", Op::GreaterThan),
    ("greater_than_or_equal", Op::GreaterThanOrEqual),
    ("less_than", Op::LessThan),
    ("less_than_or_equal", Op::LessThanOrEqual),
    ("subset", Op::Subset),
    ("not_subset", Op::Not(&Op::Subset)),
    ("intersects", Op::Intersects),
    ("not_intersects", Op::Not(&Op::Intersects)),
    ("is_empty", Op::IsEmpty),
    ("is_not_empty", Op::Not(&Op::IsEmpty)),
    ("is_true", Op::IsTrue),
    ("is_false", Op::IsFalse),
    ("length_equals", Op::LengthEquals),
    ("length_not_equals", Op::Not(&Op::LengthEquals)),
    ("length_greater_than", Op::LengthGreaterThan),
    ("length_greater_than_or_equal", Op::LengthGreaterThanOrEqual),
    ("length_less_than", Op::LengthLessThan),
    ("length_less_than_or_equal", Op::LengthLessThanOrEqual),
    ("range_includes", Op::RangeIncludes),
    ("range_not_includes", Op::Not(&Op::RangeIncludes)),
    ("number_of_words_equals", Op::NumberOfWords(WordsCmp::Eq)),
    (
        "number_of_words_not_equals",
        Op::Not(&Op::NumberOfWords(WordsCmp::Eq)),
    ),
    (
        "number_of_words_greater_than",
        Op::NumberOfWords(WordsCmp::Gt),
    ),
    (
        "number_of_words_greater_than_or_equal",
        Op::NumberOfWords(WordsCmp::Ge),
    ),
    ("number_of_words_less_than", Op::NumberOfWords(WordsCmp::Lt)),
    (
        "number_of_words_less_than_or_equal",
        Op::NumberOfWords(WordsCmp::Le),
    ),
    ("cidr_range_subset", Op::CidrRangeSubset),
    ("cidr_range_not_subset", Op::Not(&Op::CidrRangeSubset)),
];

/// Operators Checkov has that this engine does not evaluate: loading a
/// policy that uses one is an error.
/// (`restrictable_except` needs an IAM action database.)
const UNSUPPORTED_OPS: &[&str] = &["restrictable_except"];

/// A `filter` (`operator: within`): Checkov's `WithinFilterSolver`.
#[derive(Debug)]
pub struct Filter {
    /// `resource_type`, or an attribute path.
    pub attribute: String,
    pub values: Vec<PyVal>,
}

impl Filter {
    /// The resource types a `resource_type` filter keeps.
    pub fn types(&self) -> Option<Vec<String>> {
        (self.attribute == "resource_type").then(|| self.values.iter().map(PyVal::py_str).collect())
    }

    /// Whether one configuration of a resource is kept: its attribute is
    /// set (Python-truthy) and one of the values.
    pub fn verdict(&self, kind: &str, flat: &Flat) -> Tri {
        let known = |v: &PyVal| Tri::of(v.truthy() && self.values.iter().any(|x| x.py_eq(v)));
        if self.attribute == "resource_type" {
            return known(&PyVal::Str(kind.to_string()));
        }
        match flat.get(&self.attribute) {
            Look::Missing => Tri::Fail,
            Look::Unknown(_) => Tri::Unknown,
            Look::Found(v) => PyVal::from_value(v).map_or(Tri::Unknown, |p| known(&p)),
        }
    }
}

/// A connection operator.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ConnOp {
    /// `exists`: both ends of a connection pass, the others fail.
    Exists,
    /// `one_exists`: as `exists`, but a resource with one counting
    /// connection passes even when another of its connections does not
    /// count.
    OneExists,
    /// `not_exists`: `exists` with passed and failed swapped.
    NotExists,
}

/// A policy `definition`.
#[derive(Debug)]
pub enum Def {
    Attr(Attr),
    /// `filter`: keeps the results whose attribute is one of the values.
    Filter(Filter),
    /// `cond_type: resource`: an allow list (`exists`: every resource of
    /// another type fails) or a deny list (`not_exists`: resources of
    /// these types fail).
    Resource {
        types: Vec<String>,
        allow: bool,
    },
    Conn {
        types: Types,
        connected: Types,
        op: ConnOp,
    },
    And(Vec<Def>),
    Or(Vec<Def>),
    Not(Box<Def>),
    /// `and`/`or` with a connection inside: Checkov's complex connection
    /// solvers, which work on sets of resources.
    AndConn(Vec<Def>),
    OrConn(Vec<Def>),
}

impl Def {
    pub fn types(&self) -> Types {
        match self {
            Def::Attr(a) => a.types.clone(),
            Def::Resource { .. } => Types::All,
            Def::Filter(_) => Types::List(Vec::new()),
            Def::Conn { types, .. } => types.clone(),
            Def::And(d) | Def::Or(d) | Def::AndConn(d) | Def::OrConn(d) => Types::union(d),
            Def::Not(d) => d.types(),
        }
    }

    pub fn is_connection(&self) -> bool {
        matches!(self, Def::Conn { .. } | Def::AndConn(_) | Def::OrConn(_))
    }
}

/// A loading problem at a span of the policy file.
pub type Problem = (Span, String);

/// Parses a policy document: `metadata` and `definition`.
pub fn parse(root: &Node) -> Result<(Metadata, Def), Problem> {
    let meta = root
        .get("metadata")
        .ok_or((root.span, "a Checkov policy needs `metadata`".to_string()))?;
    let text = |key: &str| -> Result<Option<String>, Problem> {
        match meta.get(key) {
            None
            | Some(Node {
                kind: NodeKind::Null,
                ..
            }) => Ok(None),
            Some(Node {
                kind: NodeKind::String(s) | NodeKind::Number(s),
                ..
            }) => Ok(Some(s.clone())),
            Some(n) => Err((n.span, format!("`metadata.{key}` must be a string"))),
        }
    };
    let id = text("id")?
        .filter(|s| !s.trim().is_empty())
        .ok_or((meta.span, "`metadata.id` is required".to_string()))?;
    let severity = match text("severity")? {
        None => None,
        Some(s) => Some(Severity::parse(&s).ok_or_else(|| {
            (
                meta.get("severity").map_or(meta.span, |n| n.span),
                format!("unknown severity `{s}` (expected low, medium, high or critical)"),
            )
        })?),
    };
    let metadata = Metadata {
        name: text("name")?.unwrap_or_else(|| id.clone()),
        id,
        category: text("category")?,
        severity,
        guideline: text("guideline")?,
    };
    let def = root.get("definition").ok_or((
        root.span,
        "a Checkov policy needs a `definition`".to_string(),
    ))?;
    Ok((metadata, parse_def(def, 0)?))
}

const COMPLEX: [&str; 3] = ["and", "or", "not"];

fn parse_def(n: &Node, depth: usize) -> Result<Def, Problem> {
    if depth > 64 {
        return Err((n.span, "definition nests deeper than 64 levels".into()));
    }
    if n.as_map().is_none() {
        return Err((n.span, "a condition must be a mapping".into()));
    }
    if let Some(op) = COMPLEX.iter().find(|k| n.get(k).is_some()) {
        let sub = n.get(op).expect("found");
        let items: Vec<&Node> = match &sub.kind {
            NodeKind::Seq(items) => items.iter().collect(),
            NodeKind::Map(_) => vec![sub],
            _ => return Err((sub.span, format!("`{op}` takes a list of conditions"))),
        };
        let defs = items
            .into_iter()
            .map(|i| parse_def(i, depth + 1))
            .collect::<Result<Vec<_>, _>>()?;
        let connection = defs.iter().any(Def::is_connection);
        return Ok(match (*op, connection) {
            ("and", false) => Def::And(defs),
            ("or", false) => Def::Or(defs),
            ("and", true) => Def::AndConn(defs),
            ("or", true) => Def::OrConn(defs),
            ("not", false) => {
                let [one]: [Def; 1] = defs
                    .try_into()
                    .map_err(|_| (sub.span, "`not` takes exactly one condition".to_string()))?;
                Def::Not(Box::new(one))
            }
            _ => {
                return Err((
                    sub.span,
                    "`not` around a connection is not supported (Checkov rejects it too)".into(),
                ))
            }
        });
    }
    let cond = n.get("cond_type").and_then(Node::as_str).unwrap_or("");
    let operator = n.get("operator").and_then(Node::as_str).unwrap_or("");
    let op_span = n.get("operator").map_or(n.span, |o| o.span);
    let types = resource_types(n, "resource_types")?;
    match cond {
        "resource" => {
            let allow = match operator {
                "exists" => true,
                "not_exists" => false,
                _ => {
                    return Err((
                        op_span,
                        format!(
                            "unsupported resource operator `{operator}` (supported: exists, not_exists)"
                        ),
                    ))
                }
            };
            let Types::List(types) = types else {
                return Err((n.span, "a `resource` condition needs `resource_types`".into()));
            };
            Ok(Def::Resource { types, allow })
        }
        "connection" => {
            let op = match operator {
                "exists" => ConnOp::Exists,
                "one_exists" => ConnOp::OneExists,
                "not_exists" => ConnOp::NotExists,
                _ => {
                    return Err((
                        op_span,
                        format!(
                            "unsupported connection operator `{operator}` (supported: exists, one_exists, not_exists)"
                        ),
                    ))
                }
            };
            let connected = resource_types(n, "connected_resource_types")?;
            Ok(Def::Conn {
                types,
                connected,
                op,
            })
        }
        "filter" => {
            let attribute = n.get("attribute").and_then(Node::as_str).unwrap_or("");
            if operator != "within" || attribute.is_empty() {
                return Err((
                    n.span,
                    "a `filter` needs an `attribute` and `operator: within`".into(),
                ));
            }
            let values = match n.get("value").map(PyVal::from_node) {
                Some(PyVal::List(items)) => items,
                Some(PyVal::Str(s)) if attribute == "resource_type" => vec![PyVal::Str(s)],
                _ => return Err((n.span, "a `filter` needs a list `value`".into())),
            };
            Ok(Def::Filter(Filter {
                attribute: attribute.to_string(),
                values,
            }))
        }
        "attribute" | "" => parse_attr(n, types, if cond.is_empty() { "any" } else { operator }),
        other => Err((
            n.get("cond_type").map_or(n.span, |c| c.span),
            format!("unknown `cond_type` `{other}` (expected attribute, connection, filter or resource)"),
        )),
    }
}

fn parse_attr(n: &Node, types: Types, operator: &str) -> Result<Def, Problem> {
    let op_span = n.get("operator").map_or(n.span, |o| o.span);
    let (is_jsonpath, name) = match operator.strip_prefix("jsonpath_") {
        Some(rest) => (true, rest),
        None => (false, operator),
    };
    let Some(&(_, op)) = OPS
        .iter()
        .find(|(o, _)| *o == name && !(is_jsonpath && *o == "any"))
    else {
        let why = if UNSUPPORTED_OPS.contains(&name) {
            "is not supported (see docs/custom-policies.md)"
        } else {
            "is not a Checkov operator"
        };
        return Err((op_span, format!("operator `{operator}` {why}")));
    };
    let attribute = match n.get("attribute") {
        Some(a) => match &a.kind {
            NodeKind::String(s) | NodeKind::Number(s) => s.clone(),
            _ => return Err((a.span, "`attribute` must be a string".into())),
        },
        None if op == Op::Any => String::new(),
        None => return Err((n.span, "an attribute condition needs an `attribute`".into())),
    };
    let attr_span = n.get("attribute").map_or(n.span, |a| a.span);
    let value_span = n.get("value").map_or(n.span, |v| v.span);
    let value = n.get("value").map(PyVal::from_node).unwrap_or(PyVal::None);
    let jsonpath = if is_jsonpath {
        Some(jsonpath::Path::parse(&attribute).map_err(|e| (attr_span, e))?)
    } else {
        None
    };
    let wildcard = if !is_jsonpath && is_wildcard(&attribute) {
        Some(patterns(&attribute).map_err(|e| (n.span, e))?)
    } else {
        None
    };
    let regex = if matches!(op, Op::RegexMatch | Op::Not(Op::RegexMatch)) {
        let re = Regex::new(&format!("^(?:{})", value.py_str()))
            .map_err(|e| (value_span, format!("invalid regular expression: {e}")))?;
        Some(re)
    } else {
        None
    };
    let check = match op {
        Op::RangeIncludes | Op::Not(Op::RangeIncludes) => checkov_ops::check_range_value(&value),
        Op::CidrRangeSubset | Op::Not(Op::CidrRangeSubset) => checkov_ops::check_cidr_value(&value),
        _ => Ok(()),
    };
    check.map_err(|e| (value_span, format!("`{operator}`: {e}")))?;
    Ok(Def::Attr(Attr {
        types,
        attribute,
        op,
        value,
        wildcard,
        regex,
        jsonpath,
    }))
}

fn resource_types(n: &Node, key: &str) -> Result<Types, Problem> {
    let Some(v) = n.get(key) else {
        return Ok(Types::All);
    };
    let list: Vec<String> = match &v.kind {
        NodeKind::Null => Vec::new(),
        NodeKind::String(s) => vec![s.clone()],
        NodeKind::Seq(items) => items
            .iter()
            .map(|i| {
                i.as_str()
                    .map(str::to_string)
                    .ok_or((i.span, format!("`{key}` must list resource types")))
            })
            .collect::<Result<_, _>>()?,
        _ => return Err((v.span, format!("`{key}` must list resource types"))),
    };
    if list.is_empty() || list[0].eq_ignore_ascii_case("all") {
        Ok(Types::All)
    } else {
        Ok(Types::List(list))
    }
}

/// Checkov's `WILDCARD_PATTERN`: a path with a `.*` part.
fn is_wildcard(attribute: &str) -> bool {
    attribute.contains(".*") && !attribute.starts_with('.')
}

/// Checkov's `get_attribute_patterns`: each `*` part matches an index, or
/// is left out; the other parts are regular expressions.
fn patterns(attribute: &str) -> Result<(Regex, Regex), String> {
    let mut with = Vec::new();
    let mut without = Vec::new();
    for part in attribute.split('.') {
        if part == "*" {
            with.push(r"\d+".to_string());
        } else {
            with.push(format!("({part})"));
            without.push(format!("({part})"));
        }
    }
    let build = |parts: Vec<String>| {
        Regex::new(&format!("^{}$", parts.join("[.]")))
            .map_err(|e| format!("invalid attribute pattern `{attribute}`: {e}"))
    };
    Ok((build(with)?, build(without)?))
}

/// A three-valued verdict: unknown is neither a pass nor a failure.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tri {
    Pass,
    Fail,
    Unknown,
}

impl Tri {
    pub fn of(b: bool) -> Tri {
        if b {
            Tri::Pass
        } else {
            Tri::Fail
        }
    }

    pub fn negate(self) -> Tri {
        match self {
            Tri::Pass => Tri::Fail,
            Tri::Fail => Tri::Pass,
            Tri::Unknown => Tri::Unknown,
        }
    }
}

impl Attr {
    /// Checkov's `get_operation` on one resource configuration: the
    /// verdict, and the range of the value it read when there is one.
    pub fn eval(&self, kind: &str, resource: Range, flat: &Flat) -> (Tri, Range) {
        if !self.types.matches(kind) {
            return (Tri::Fail, resource);
        }
        if self.op == Op::Any {
            return (Tri::Pass, resource);
        }
        if let Some(path) = &self.jsonpath {
            return self.eval_jsonpath(path, kind, resource, flat);
        }
        if let Some((with, without)) = &self.wildcard {
            let matches: Vec<&String> = flat
                .keys
                .iter()
                .filter(|k| with.is_match(k) || without.is_match(k))
                .collect();
            if !matches.is_empty() {
                // Checkov: any of the matched paths passes.
                let mut out = (Tri::Fail, resource);
                for k in matches {
                    let (t, r) = self.on(flat.get(k), kind, resource);
                    match t {
                        Tri::Pass => return (Tri::Pass, r),
                        Tri::Unknown => out = (Tri::Unknown, r),
                        Tri::Fail if out.0 == Tri::Fail && out.1 == resource => out.1 = r,
                        Tri::Fail => {}
                    }
                }
                return out;
            }
        }
        let look = if self.attribute == "resource_type" {
            return self.on_value(Some(PyVal::Str(kind.to_string())), resource);
        } else {
            flat.get(&self.attribute)
        };
        self.on(look, kind, resource)
    }

    /// Checkov's `jsonpath_` form: the operator holds for **every** value
    /// the path matches; without a match, it reads the attribute as a
    /// plain key (usually missing).
    fn eval_jsonpath(
        &self,
        path: &jsonpath::Path,
        kind: &str,
        resource: Range,
        flat: &Flat,
    ) -> (Tri, Range) {
        let expanded = jsonpath::with_json_documents(flat.body);
        let found = path.find(expanded.as_ref().unwrap_or(flat.body));
        if found.values.is_empty() {
            if found.unknown {
                return (Tri::Unknown, resource);
            }
            return self.on(flat.get(&self.attribute), kind, resource);
        }
        let mut out = (Tri::Pass, resource);
        for v in found.values {
            let look = if matches!(v.kind, Kind::Unknown(_) | Kind::Choice(_)) {
                Look::Unknown(v.range)
            } else {
                Look::Found(v)
            };
            match self.on(look, kind, resource) {
                (Tri::Fail, r) => return (Tri::Fail, r),
                (Tri::Unknown, r) => out = (Tri::Unknown, r),
                (Tri::Pass, _) => {}
            }
        }
        if found.unknown && out.0 == Tri::Pass {
            out.0 = Tri::Unknown;
        }
        out
    }

    fn on(&self, look: Look, _kind: &str, resource: Range) -> (Tri, Range) {
        match look {
            Look::Missing => self.on_value(None, resource),
            Look::Unknown(r) => {
                // A value that is there but unknown exists.
                match self.op {
                    Op::Exists => (Tri::Pass, r),
                    Op::Not(Op::Exists) => (Tri::Fail, r),
                    _ => (Tri::Unknown, r),
                }
            }
            Look::Found(v) => match PyVal::from_value(v) {
                Some(p) => self.on_value(Some(p), v.range),
                None => match self.op {
                    Op::Exists => (Tri::Pass, v.range),
                    Op::Not(Op::Exists) => (Tri::Fail, v.range),
                    _ => (Tri::Unknown, v.range),
                },
            },
        }
    }

    fn on_value(&self, attr: Option<PyVal>, at: Range) -> (Tri, Range) {
        let t = match decide(self.op, attr.as_ref(), &self.value, self.regex.as_ref()) {
            Some(b) => Tri::of(b),
            None => Tri::Unknown,
        };
        (t, at)
    }
}

/// [`apply`], or `None` where Checkov fails (an attribute that is not a
/// CIDR block for `cidr_range_subset`): undecided.
fn decide(op: Op, attr: Option<&PyVal>, value: &PyVal, regex: Option<&Regex>) -> Option<bool> {
    match op {
        Op::Not(inner) => decide(*inner, attr, value, regex).map(|b| !b),
        Op::CidrRangeSubset => checkov_ops::cidr_range_subset(attr, value),
        _ => Some(apply(op, attr, value, regex)),
    }
}

/// One operator on a known attribute value (`None`: missing), as Checkov's
/// solver computes it.
fn apply(op: Op, attr: Option<&PyVal>, value: &PyVal, regex: Option<&Regex>) -> bool {
    let none = PyVal::None;
    let a = attr.unwrap_or(&none);
    match op {
        Op::Not(inner) => !apply(*inner, attr, value, regex),
        Op::Any => true,
        Op::Exists => attr.is_some(),
        Op::Equals => match (a, value) {
            (PyVal::Bool(_), _) | (_, PyVal::Bool(_)) => {
                a.py_str().to_lowercase() == value.py_str().to_lowercase()
            }
            (PyVal::List(_), PyVal::List(_)) | (PyVal::Dict(_), PyVal::Dict(_)) => a.py_eq(value),
            _ => a.py_str() == value.py_str(),
        },
        Op::EqualsIgnoreCase => a.py_str().to_lowercase() == value.py_str().to_lowercase(),
        Op::Contains => {
            let parsed;
            let mut att = match attr {
                None => &PyVal::Dict(Vec::new()),
                Some(v) => v,
            };
            if let PyVal::Str(s) = att {
                if let Some(j) = json_like(s) {
                    parsed = j;
                    att = &parsed;
                }
            }
            if let PyVal::Dict(fields) = att {
                att.contains(value) == Some(true)
                    || fields.iter().any(|(_, v)| {
                        matches!(v, PyVal::Str(_) | PyVal::List(_) | PyVal::Dict(_))
                            && v.contains(value) == Some(true)
                    })
            } else {
                att.contains(value) == Some(true)
            }
        }
        Op::Within => value.contains(a) == Some(true),
        Op::StartingWith => matches!(a, PyVal::Str(s) if s.starts_with(&value.py_str())),
        Op::EndingWith => matches!(a, PyVal::Str(s) if s.ends_with(&value.py_str())),
        Op::RegexMatch => regex.is_some_and(|re| re.is_match(&a.py_str())),
        Op::GreaterThan | Op::GreaterThanOrEqual | Op::LessThan | Op::LessThanOrEqual => {
            if attr.is_none() {
                return false;
            }
            let ord = match (a.force_float(), value.force_float()) {
                (Some(x), Some(y)) if x != 0.0 && y != 0.0 => x.partial_cmp(&y),
                _ => Some(a.py_str().cmp(&value.py_str())),
            };
            let Some(ord) = ord else { return false };
            match op {
                Op::GreaterThan => ord.is_gt(),
                Op::GreaterThanOrEqual => ord.is_ge(),
                Op::LessThan => ord.is_lt(),
                _ => ord.is_le(),
            }
        }
        Op::Subset => {
            let items = match a {
                PyVal::List(_) | PyVal::Dict(_) => a.iter_items().unwrap_or_default(),
                other => vec![other.clone()],
            };
            items.iter().all(|i| value.contains(i) == Some(true))
        }
        Op::Intersects => match (value, a.iter_items()) {
            (PyVal::Str(_), Some(_)) => a.contains(value) == Some(true),
            (PyVal::List(_) | PyVal::Dict(_), Some(items)) => {
                items.iter().any(|i| value.contains(i) == Some(true))
            }
            _ => false,
        },
        Op::IsEmpty => a.len() == Some(0),
        Op::IsTrue => *a == PyVal::Bool(true),
        Op::IsFalse => *a == PyVal::Bool(false),
        Op::LengthEquals
        | Op::LengthGreaterThan
        | Op::LengthGreaterThanOrEqual
        | Op::LengthLessThan
        | Op::LengthLessThanOrEqual => {
            let (Some(len), Some(want)) = (a.len(), value.force_int()) else {
                return false;
            };
            let len = len as i64;
            match op {
                Op::LengthEquals => len == want,
                Op::LengthGreaterThan => len > want,
                Op::LengthGreaterThanOrEqual => len >= want,
                Op::LengthLessThan => len < want,
                _ => len <= want,
            }
        }
        Op::RangeIncludes => checkov_ops::range_includes(attr, value),
        Op::NumberOfWords(cmp) => checkov_ops::number_of_words(cmp, attr, value),
        Op::CidrRangeSubset => checkov_ops::cidr_range_subset(attr, value) == Some(true),
    }
}

/// Checkov's `json.loads(s.replace("'", '"'))` for `contains`: a string
/// holding a JSON object or list is searched as that structure.
fn json_like(s: &str) -> Option<PyVal> {
    let t = s.trim_start();
    if !(t.starts_with('{') || t.starts_with('[')) {
        return None;
    }
    let j: serde_json::Value = serde_json::from_str(&s.replace('\'', "\"")).ok()?;
    Some(from_json(&j))
}

fn from_json(j: &serde_json::Value) -> PyVal {
    match j {
        serde_json::Value::Null => PyVal::None,
        serde_json::Value::Bool(b) => PyVal::Bool(*b),
        serde_json::Value::Number(n) => PyVal::Num(n.as_f64().unwrap_or(0.0)),
        serde_json::Value::String(s) => PyVal::Str(s.clone()),
        serde_json::Value::Array(a) => PyVal::List(a.iter().map(from_json).collect()),
        serde_json::Value::Object(o) => {
            PyVal::Dict(o.iter().map(|(k, v)| (k.clone(), from_json(v))).collect())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(x: &str) -> PyVal {
        PyVal::Str(x.into())
    }

    #[test]
    fn missing_attributes_like_checkov() {
        assert!(!apply(Op::Equals, None, &s("x"), None));
        assert!(apply(Op::Not(&Op::Equals), None, &s("x"), None));
        assert!(!apply(Op::Contains, None, &s("x"), None));
        assert!(apply(Op::Not(&Op::Contains), None, &s("x"), None));
        assert!(!apply(Op::GreaterThan, None, &PyVal::Num(1.0), None));
        assert!(!apply(Op::IsEmpty, None, &PyVal::None, None));
        assert!(!apply(Op::Within, None, &PyVal::List(vec![s("a")]), None));
    }

    #[test]
    fn equals_compares_like_python() {
        assert!(apply(
            Op::Equals,
            Some(&PyVal::Bool(true)),
            &s("true"),
            None
        ));
        assert!(apply(Op::Equals, Some(&PyVal::Num(22.0)), &s("22"), None));
        assert!(!apply(
            Op::Equals,
            Some(&PyVal::List(vec![s("a")])),
            &s("a"),
            None
        ));
    }

    #[test]
    fn wildcard_patterns() {
        let (with, without) = patterns("ingress.*.cidr_blocks").unwrap();
        assert!(with.is_match("ingress.0.cidr_blocks"));
        assert!(without.is_match("ingress.cidr_blocks"));
        assert!(!with.is_match("ingress.0.cidr_blocks.0"));
    }
}
