//! Evaluated values: what the evaluators produce and the adapters read.
//!
//! A [`Value`] is either known (a literal, a default, something computed from
//! known parts), [`Kind::Unknown`] (a variable without default, a resource
//! attribute, `!GetAtt`, ...), or a [`Kind::Choice`] between branches whose
//! condition cannot be decided statically (`Fn::If`, a Terraform conditional on
//! an unknown value). Every value keeps the [`Range`] it was written at, and
//! the [`Trail`] of references it reached its place through.

use std::cell::Cell;
use std::sync::Arc;

use crate::source::{FileId, Range, Span};

#[derive(Debug, PartialEq)]
pub struct Value {
    pub kind: Kind,
    pub range: Range,
    /// Where the value came from when it reached this place through a
    /// reference (a variable, a local, a module output, a template
    /// parameter or mapping): empty for a value written here.
    pub trail: Trail,
}

/// The places a value passed through on its way from where it is written:
/// the first step is its origin. A scalar moved to each reference it
/// passed (see [`Value::at`]); a collection stays where it is written, so
/// its steps also remember the reference that passed it on
/// ([`Step::at`]). Cloning is cheap: the steps are shared.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Trail(Option<Arc<Vec<Step>>>);

/// One place of a [`Trail`].
#[derive(Clone, Debug, PartialEq)]
pub struct Step {
    /// Where the value was when it was referenced: the literal for the
    /// first step, the reference that passed it on for the later ones.
    pub range: Range,
    /// What it is there, for people: "the default of variable `x`".
    pub what: Arc<str>,
    /// It is the declared default (of a variable or template parameter).
    pub default: bool,
    /// For a collection (which keeps its own ranges): the reference that
    /// took it from here.
    pub at: Option<Range>,
}

impl Trail {
    pub fn steps(&self) -> &[Step] {
        self.0.as_deref().map_or(&[], Vec::as_slice)
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_none()
    }

    fn pushed(&self, step: Step) -> Trail {
        let mut steps = self.steps().to_vec();
        steps.push(step);
        Trail(Some(Arc::new(steps)))
    }

    /// Where a collection that passed through these steps was last used.
    fn last_use(&self) -> Option<Range> {
        self.steps().last().and_then(|s| s.at)
    }

    fn used_at(&self, range: Range) -> Trail {
        match self.steps().split_last() {
            Some((last, before)) => {
                let mut steps = before.to_vec();
                steps.push(Step {
                    at: Some(range),
                    ..last.clone()
                });
                Trail(Some(Arc::new(steps)))
            }
            None => Trail(None),
        }
    }
}

/// How much one unit's evaluation may make and copy (see [`Budget`]).
pub const MAX_EVAL_COST: u64 = 4_000_000;
/// A string costs one more per this many bytes.
const STRING_BYTES_PER_COST: u64 = 32;

thread_local! {
    /// What is left on this thread while a [`Budget`] is armed.
    static LEFT: Cell<Option<u64>> = const { Cell::new(None) };
    static EXHAUSTED: Cell<bool> = const { Cell::new(false) };
}

/// Bounds the work of evaluating one module or template. Values are trees
/// copied as they flow through references, so a few lines can describe an
/// exponential amount of data (`a1 = [a0, a0]`, `a2 = [a1, a1]`, or strings
/// that double: `s1 = "${s0}${s0}"`). While a budget is armed on a thread,
/// every value copied (each node of a cloned tree) and every string made
/// ([`Value::new`]) costs one, and a string one more per 32 bytes; once
/// [`MAX_EVAL_COST`] is spent, such a value is unknown instead (an unknown never produces a
/// finding), so evaluation finishes in bounded time and memory and the
/// caller reports the limit. Outside a budget nothing is counted.
pub struct Budget {
    /// The budget armed before this one (what was left, exhausted),
    /// restored when this one is dropped.
    previous: (Option<u64>, bool),
}

impl Budget {
    pub fn arm() -> Budget {
        Budget::with_limit(MAX_EVAL_COST)
    }

    pub fn with_limit(cost: u64) -> Budget {
        Budget {
            previous: (
                LEFT.with(|c| c.replace(Some(cost))),
                EXHAUSTED.with(|e| e.replace(false)),
            ),
        }
    }

    /// Whether the budget ran out (some values were replaced by unknowns).
    pub fn exhausted(&self) -> bool {
        EXHAUSTED.with(Cell::get)
    }
}

impl Drop for Budget {
    fn drop(&mut self) {
        LEFT.with(|c| c.set(self.previous.0));
        EXHAUSTED.with(|e| e.set(self.previous.1));
    }
}

fn cost(kind: &Kind) -> u64 {
    match kind {
        // What a value becomes when the budget is spent: free.
        Kind::Unknown(_) => 0,
        Kind::String(s) => 1 + s.text.len() as u64 / STRING_BYTES_PER_COST,
        _ => 1,
    }
}

/// Spends the cost of `kind`; false when the armed budget cannot pay it.
fn spend(kind: &Kind) -> bool {
    let cost = cost(kind);
    if cost == 0 {
        return true;
    }
    LEFT.with(|c| match c.get() {
        None => true,
        Some(n) if n >= cost => {
            c.set(Some(n - cost));
            true
        }
        Some(_) => {
            c.set(Some(0));
            EXHAUSTED.with(|e| e.set(true));
            false
        }
    })
}

fn spent(range: Range) -> Value {
    Value {
        kind: Kind::Unknown(Unknown::default()),
        range,
        trail: Default::default(),
    }
}

impl Clone for Value {
    fn clone(&self) -> Value {
        if !spend(&self.kind) {
            return spent(self.range);
        }
        Value {
            kind: self.kind.clone(),
            range: self.range,
            trail: self.trail.clone(),
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub enum Kind {
    Null,
    Bool(bool),
    Number(f64),
    String(Str),
    List(Vec<Value>),
    Map(Vec<Field>),
    /// Not knowable statically: see [`Unknown`].
    Unknown(Unknown),
    /// One of several values depending on a condition.
    Choice(Vec<Branch>),
    /// CloudFormation's `AWS::NoValue`: the property is removed.
    Absent,
}

/// The resources an unknown value refers to.
pub type Refs = Arc<[Arc<str>]>;

/// What is known about an unknown value.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Unknown {
    /// The resources it was derived from (`aws_s3_bucket.logs`, a
    /// CloudFormation logical id), which is how the adapters link resources
    /// to each other.
    pub refs: Refs,
    /// It stands for an expression Terraform would reject (a missing
    /// attribute, a bad function argument), or was computed from one. Only
    /// `try` and `can` look at this; to everything else it is unknown.
    pub error: bool,
}

impl Unknown {
    /// The resources it refers to.
    pub fn iter(&self) -> std::slice::Iter<'_, Arc<str>> {
        self.refs.iter()
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Field {
    pub key: String,
    pub key_range: Range,
    pub value: Value,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Branch {
    /// Human description: "condition `IsProd` is true".
    pub when: Arc<str>,
    pub value: Value,
}

/// A string and, when parts of it were copied verbatim from the source, where
/// they came from, so a JSON document inside a string maps back to exact
/// positions.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Str {
    pub text: String,
    /// Verbatim segments: `text[at..at+len]` is the file's bytes `[src..src+len]`.
    pub segments: Option<Arc<[Segment]>>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Segment {
    pub at: u32,
    pub src: u32,
    pub len: u32,
}

impl Str {
    pub fn plain(text: impl Into<String>) -> Str {
        Str {
            text: text.into(),
            segments: None,
        }
    }

    /// The file span of `text[start..end]`, when that part was copied verbatim.
    pub fn source_span(&self, start: usize, end: usize) -> Option<Span> {
        let segs = self.segments.as_ref()?;
        let (start, end) = (start as u32, end as u32);
        let seg = segs
            .iter()
            .find(|s| s.at <= start && start < s.at + s.len.max(1))?;
        let s = seg.src + (start - seg.at);
        let e = if end <= seg.at + seg.len {
            seg.src + (end - seg.at)
        } else {
            // The end lies in a later segment: map it there if possible.
            segs.iter()
                .find(|t| t.at < end && end <= t.at + t.len)
                .map(|t| t.src + (end - t.at))
                .unwrap_or(seg.src + seg.len)
        };
        Some(Span {
            start: s,
            end: e.max(s),
        })
    }
}

impl Value {
    /// A value. A new string (concatenation can double a string with each
    /// reference) is paid for from an armed [`Budget`], and is unknown
    /// instead when the budget is spent.
    pub fn new(kind: Kind, range: Range) -> Value {
        if matches!(kind, Kind::String(_)) && !spend(&kind) {
            return spent(range);
        }
        Value {
            kind,
            range,
            trail: Default::default(),
        }
    }

    pub fn unknown(range: Range) -> Value {
        Value::new(Kind::Unknown(Unknown::default()), range)
    }

    pub fn unknown_from(range: Range, refs: Refs) -> Value {
        Value::new(Kind::Unknown(Unknown { refs, error: false }), range)
    }

    /// An unknown value computed from `sources`: it refers to what they
    /// refer to, and is an error when one of them holds one.
    pub fn unknown_of<'a>(range: Range, sources: impl IntoIterator<Item = &'a Value>) -> Value {
        let mut refs = Vec::new();
        let mut error = false;
        for v in sources {
            v.collect_refs(&mut refs);
            error |= v.has_error();
        }
        Value::new(
            Kind::Unknown(Unknown {
                refs: refs.into(),
                error,
            }),
            range,
        )
    }

    /// An unknown value that stands for an evaluation error (see
    /// [`Unknown::error`]).
    pub fn error(range: Range) -> Value {
        Value::new(
            Kind::Unknown(Unknown {
                refs: Arc::from([]),
                error: true,
            }),
            range,
        )
    }

    /// Whether the value is, or contains, an evaluation error.
    pub fn has_error(&self) -> bool {
        match &self.kind {
            Kind::Unknown(u) => u.error,
            Kind::List(items) => items.iter().any(Value::has_error),
            Kind::Map(fields) => fields.iter().any(|f| f.value.has_error()),
            Kind::Choice(bs) => bs.iter().any(|b| b.value.has_error()),
            _ => false,
        }
    }

    pub fn string(text: impl Into<String>, range: Range) -> Value {
        Value::new(Kind::String(Str::plain(text)), range)
    }

    pub fn null(range: Range) -> Value {
        Value::new(Kind::Null, range)
    }

    pub fn file(&self) -> FileId {
        self.range.file
    }

    /// Looks up a map key; absent and null values count as missing.
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.field(key).map(|f| &f.value)
    }

    pub fn field(&self, key: &str) -> Option<&Field> {
        match &self.kind {
            Kind::Map(fields) => fields
                .iter()
                .rev()
                .find(|f| f.key == key && !matches!(f.value.kind, Kind::Absent | Kind::Null)),
            _ => None,
        }
    }

    pub fn fields(&self) -> &[Field] {
        match &self.kind {
            Kind::Map(f) => f,
            _ => &[],
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match &self.kind {
            Kind::String(s) => Some(&s.text),
            _ => None,
        }
    }

    /// A boolean, converting the strings `"true"`/`"false"` as both Terraform
    /// and CloudFormation do.
    pub fn as_bool(&self) -> Option<bool> {
        match &self.kind {
            Kind::Bool(b) => Some(*b),
            Kind::String(s) => match s.text.to_ascii_lowercase().as_str() {
                "true" => Some(true),
                "false" => Some(false),
                _ => None,
            },
            _ => None,
        }
    }

    /// A number, converting numeric strings.
    pub fn as_f64(&self) -> Option<f64> {
        match &self.kind {
            Kind::Number(n) => Some(*n),
            Kind::String(s) => s.text.trim().parse().ok(),
            _ => None,
        }
    }

    pub fn as_i64(&self) -> Option<i64> {
        self.as_f64()
            .filter(|n| n.fract() == 0.0 && n.abs() < 9.0e15)
            .map(|n| n as i64)
    }

    pub fn is_unknown(&self) -> bool {
        matches!(self.kind, Kind::Unknown(_))
    }

    pub fn is_known_scalar(&self) -> bool {
        matches!(
            self.kind,
            Kind::Null | Kind::Bool(_) | Kind::Number(_) | Kind::String(_)
        )
    }

    /// The items of a list; a single non-list value is a list of itself (IAM
    /// `Action: "s3:*"`, a Terraform nested block given once in JSON).
    pub fn items(&self) -> Vec<&Value> {
        match &self.kind {
            Kind::List(items) => items
                .iter()
                .filter(|v| !matches!(v.kind, Kind::Absent | Kind::Null))
                .collect(),
            Kind::Absent | Kind::Null => Vec::new(),
            _ => vec![self],
        }
    }

    /// Nested blocks of a type: a list of maps (HCL blocks, JSON arrays of
    /// objects) or a single map.
    pub fn blocks(&self, key: &str) -> Vec<&Value> {
        self.get(key).map(|v| v.items()).unwrap_or_default()
    }

    /// Every resource this value (or anything inside it) refers to.
    pub fn refs(&self) -> Vec<Arc<str>> {
        let mut out = Vec::new();
        self.collect_refs(&mut out);
        out
    }

    fn collect_refs(&self, out: &mut Vec<Arc<str>>) {
        match &self.kind {
            Kind::Unknown(u) => out.extend(u.iter().cloned()),
            Kind::List(items) => items.iter().for_each(|v| v.collect_refs(out)),
            Kind::Map(fields) => fields.iter().for_each(|f| f.value.collect_refs(out)),
            Kind::Choice(bs) => bs.iter().for_each(|b| b.value.collect_refs(out)),
            _ => {}
        }
    }

    /// Whether the value is fully known (no unknown or choice anywhere inside).
    pub fn is_wholly_known(&self) -> bool {
        match &self.kind {
            Kind::Unknown(_) | Kind::Choice(_) => false,
            Kind::List(items) => items.iter().all(Value::is_wholly_known),
            Kind::Map(fields) => fields.iter().all(|f| f.value.is_wholly_known()),
            _ => true,
        }
    }

    /// Moves a scalar to a new range (a reference is reported where it is
    /// used); collections keep the ranges of their elements.
    pub fn at(mut self, range: Range) -> Value {
        self.range = range;
        self
    }

    /// Every place the value, or a value inside it, passed through on its
    /// way here (the ranges of their trails' steps).
    pub fn trail_places(&self, out: &mut Vec<Range>) {
        out.extend(self.trail.steps().iter().map(|s| s.range));
        match &self.kind {
            Kind::List(items) => items.iter().for_each(|i| i.trail_places(out)),
            Kind::Map(fields) => fields.iter().for_each(|f| f.value.trail_places(out)),
            Kind::Choice(bs) => bs.iter().for_each(|b| b.value.trail_places(out)),
            _ => {}
        }
    }

    /// Records that the value is reached through a reference described by
    /// `what` ("the default of variable `x`"), from where it is now. Each
    /// branch of a choice records it; an unknown has nothing to trace.
    pub fn through(self, what: &Arc<str>, default: bool) -> Value {
        let from = self.trail.last_use().unwrap_or(self.range);
        self.through_from(from, what, default)
    }

    /// [`Value::through`], with the place the value was at given: a value
    /// rebuilt from the one written there (a template's comma-delimited
    /// list parameter, split where it is used).
    pub fn through_from(mut self, from: Range, what: &Arc<str>, default: bool) -> Value {
        match &mut self.kind {
            Kind::Unknown(_) | Kind::Absent => {}
            Kind::Choice(bs) => {
                for b in bs.iter_mut() {
                    let v = std::mem::replace(&mut b.value, Value::null(self.range));
                    b.value = v.through(what, default);
                }
            }
            _ => {
                self.trail = self.trail.pushed(Step {
                    range: from,
                    what: what.clone(),
                    default,
                    at: None,
                });
            }
        }
        self
    }

    /// A referenced value is reported where it is used: a scalar moves to
    /// the reference, as do the scalar branches of a choice; a collection
    /// keeps the ranges of its elements and remembers the reference in its
    /// trail.
    pub fn referenced_at(self, range: Range) -> Value {
        match self.kind {
            Kind::Choice(bs) => Value::new(
                Kind::Choice(
                    bs.into_iter()
                        .map(|b| Branch {
                            when: b.when,
                            value: b.value.referenced_at(range),
                        })
                        .collect(),
                ),
                range,
            ),
            _ if self.is_known_scalar() => self.at(range),
            _ if !self.trail.is_empty() => Value {
                trail: self.trail.used_at(range),
                ..self
            },
            _ => self,
        }
    }

    /// A short, human description of the value for messages.
    pub fn display(&self) -> String {
        match &self.kind {
            Kind::Null => "null".into(),
            Kind::Bool(b) => b.to_string(),
            Kind::Number(n) => format_number(*n),
            Kind::String(s) => format!("\"{}\"", truncate(&s.text, 60)),
            Kind::List(_) => "[...]".into(),
            Kind::Map(_) => "{...}".into(),
            Kind::Unknown(_) => "(unknown)".into(),
            Kind::Choice(_) => "(conditional)".into(),
            Kind::Absent => "(absent)".into(),
        }
    }

    /// Counts the unknown leaves (used for evaluation statistics).
    pub fn count_unknown(&self) -> usize {
        match &self.kind {
            Kind::Unknown(_) => 1,
            Kind::List(items) => items.iter().map(Value::count_unknown).sum(),
            Kind::Map(fields) => fields.iter().map(|f| f.value.count_unknown()).sum(),
            Kind::Choice(bs) => bs.iter().map(|b| b.value.count_unknown()).sum(),
            _ => 0,
        }
    }
}

pub fn format_number(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        n.to_string()
    }
}

fn truncate(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(max).collect();
        t.push('…');
        t
    }
}

/// How many configurations one resource may expand into before further
/// choices are treated as unknown.
pub const MAX_VARIANTS: usize = 16;

/// Expands the choices inside `value` into separate variants, each with the
/// conditions that lead to it. A value without choices is one variant with no
/// conditions. Past [`MAX_VARIANTS`], remaining choices become unknown.
pub fn variants(value: &Value) -> Vec<(Vec<Arc<str>>, Value)> {
    let mut out = vec![(Vec::new(), value.clone())];
    loop {
        let mut changed = false;
        let mut next = Vec::with_capacity(out.len());
        for (conds, v) in out {
            match first_choice(&v) {
                None => next.push((conds, v)),
                Some(branches) => {
                    changed = true;
                    for b in branches {
                        let mut c = conds.clone();
                        c.push(b.when.clone());
                        let mut replaced = v.clone();
                        replace_first_choice(&mut replaced, &b.value);
                        next.push((c, replaced));
                    }
                }
            }
        }
        out = next;
        if !changed {
            return out;
        }
        if out.len() > MAX_VARIANTS {
            // Too many combinations: keep the first ones and give up on the
            // remaining choices in each (they become unknown, hence silent).
            out.truncate(MAX_VARIANTS);
            for (_, v) in &mut out {
                erase_choices(v);
            }
            return out;
        }
    }
}

fn first_choice(v: &Value) -> Option<Vec<Branch>> {
    match &v.kind {
        Kind::Choice(b) => Some(b.clone()),
        Kind::List(items) => items.iter().find_map(first_choice),
        Kind::Map(fields) => fields.iter().find_map(|f| first_choice(&f.value)),
        _ => None,
    }
}

fn replace_first_choice(v: &mut Value, with: &Value) -> bool {
    match &mut v.kind {
        Kind::Choice(_) => {
            *v = with.clone();
            true
        }
        Kind::List(items) => items.iter_mut().any(|i| replace_first_choice(i, with)),
        Kind::Map(fields) => fields
            .iter_mut()
            .any(|f| replace_first_choice(&mut f.value, with)),
        _ => false,
    }
}

fn erase_choices(v: &mut Value) {
    match &mut v.kind {
        Kind::Choice(bs) => {
            v.kind = Value::unknown_of(v.range, bs.iter().map(|b| &b.value)).kind;
        }
        Kind::List(items) => items.iter_mut().for_each(erase_choices),
        Kind::Map(fields) => fields.iter_mut().for_each(|f| erase_choices(&mut f.value)),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(a: usize, b: usize) -> Range {
        Range::new(FileId(0), Span::new(a, b))
    }

    #[test]
    fn variants_expand_each_choice() {
        let choice = |a: bool, b: bool| {
            Value::new(
                Kind::Choice(vec![
                    Branch {
                        when: "c is true".into(),
                        value: Value::new(Kind::Bool(a), r(1, 2)),
                    },
                    Branch {
                        when: "c is false".into(),
                        value: Value::new(Kind::Bool(b), r(3, 4)),
                    },
                ]),
                r(0, 5),
            )
        };
        let v = Value::new(
            Kind::Map(vec![
                Field {
                    key: "a".into(),
                    key_range: r(0, 0),
                    value: choice(true, false),
                },
                Field {
                    key: "b".into(),
                    key_range: r(0, 0),
                    value: choice(false, true),
                },
            ]),
            r(0, 10),
        );
        let vs = variants(&v);
        assert_eq!(vs.len(), 4);
        assert_eq!(vs[0].0.len(), 2);
        assert_eq!(vs[1].1.get("a").unwrap().as_bool(), Some(true));
        assert_eq!(vs[1].1.get("b").unwrap().as_bool(), Some(true));
    }

    #[test]
    fn source_span_maps_verbatim_segments() {
        let s = Str {
            text: "ab{\"x\"}".into(),
            segments: Some(Arc::from([Segment {
                at: 2,
                src: 100,
                len: 5,
            }])),
        };
        assert_eq!(s.source_span(3, 6), Some(Span::new(101, 104)));
        assert_eq!(s.source_span(0, 1), None);
    }

    #[test]
    fn errors_are_unknowns_that_refer_to_nothing_and_propagate() {
        let error = Value::error(r(0, 1));
        assert!(error.is_unknown() && error.has_error());
        assert!(error.refs().is_empty());
        let bucket = Value::unknown_from(r(2, 3), Arc::from([Arc::from("aws_s3_bucket.b")]));
        assert!(!bucket.has_error());
        // Computed from both: refers to the bucket, and is an error.
        let both = Value::unknown_of(r(0, 3), [&error, &bucket]);
        assert!(both.has_error());
        assert_eq!(both.refs(), vec![Arc::from("aws_s3_bucket.b")]);
        // Nested in a collection, an error is still found.
        let list = Value::new(Kind::List(vec![bucket.clone(), error]), r(0, 5));
        assert!(list.has_error() && !bucket.has_error());
        assert!(!Value::unknown_of(r(0, 3), [&bucket]).has_error());
    }

    #[test]
    fn bools_and_numbers_convert_from_strings() {
        assert_eq!(Value::string("True", r(0, 1)).as_bool(), Some(true));
        assert_eq!(Value::string("22", r(0, 1)).as_i64(), Some(22));
        assert_eq!(Value::string("x", r(0, 1)).as_bool(), None);
    }
}
