//! Terraform built-in functions that can be evaluated statically, with
//! Terraform's semantics. An unknown argument makes the result unknown
//! (remembering what it referred to), except where Terraform itself decides
//! without it (`try`, `can`, `coalesce` before the unknown argument). Known
//! arguments a function rejects make an error value (see
//! [`Value::has_error`]), which `try` skips and `can` reports as false. A
//! function not implemented here is unknown.
//!
//! One file per family, as Terraform's documentation groups them; `file`,
//! `fileexists` and `templatefile` read files, so the evaluator implements
//! them (`terraform/templates.rs`). No date and time or hash and crypto
//! function is evaluated: their results are unknown.

mod collection;
mod encoding;
mod filesystem;
mod network;
mod numeric;
mod string;
mod type_conversion;

pub use network::parse_prefix;

use super::value::{Field, Kind, Str, Value};
use crate::source::Range;

/// A family: the functions it implements and how to call them. A call
/// returns `None` when Terraform would reject its (known) arguments.
struct Family {
    names: &'static [&'static str],
    call: fn(&str, &Args) -> Option<Value>,
}

const FAMILIES: &[Family] = &[
    Family {
        names: numeric::NAMES,
        call: numeric::call,
    },
    Family {
        names: string::NAMES,
        call: string::call,
    },
    Family {
        names: collection::NAMES,
        call: collection::call,
    },
    Family {
        names: encoding::NAMES,
        call: encoding::call,
    },
    Family {
        names: filesystem::NAMES,
        call: filesystem::call,
    },
    Family {
        names: network::NAMES,
        call: network::call,
    },
    Family {
        names: type_conversion::NAMES,
        call: type_conversion::call,
    },
];

/// Functions whose result depends only on the shape of their collection
/// arguments (their scalar arguments must still be known).
const STRUCTURAL: &[&str] = &[
    "concat", "element", "keys", "length", "lookup", "merge", "one", "reverse", "slice", "values",
    "zipmap",
];

/// Calls the function `name`; anything not implemented is unknown, never an
/// error.
pub fn call(name: &str, args: Vec<Value>, range: Range) -> Value {
    // The functions that look at unknown or erroneous arguments themselves.
    match name {
        "jsonencode" => return encoding::jsonencode(args, range),
        "try" | "can" => return type_conversion::try_can(name, &args, range),
        "coalesce" | "coalescelist" => return collection::coalesce(name, &args, range),
        _ => {}
    }
    if args.iter().any(Value::has_error) {
        return Value::error(range);
    }
    let Some(family) = FAMILIES.iter().find(|f| f.names.contains(&name)) else {
        return unknown(&args, range);
    };
    // Structural functions need only the shape of their collections: their
    // elements may be unknown (`length([aws_x.y.id])` is 1, `merge` keeps an
    // unknown value under a known key). The others need every part known.
    let wholly_known = args.iter().all(Value::is_wholly_known);
    let shallow = |a: &Value| !matches!(a.kind, Kind::Unknown(_) | Kind::Choice(_));
    if !(wholly_known || STRUCTURAL.contains(&name) && args.iter().all(shallow)) {
        return unknown(&args, range);
    }
    match (family.call)(name, &Args { args: &args, range }) {
        Some(v) => v,
        // Rejected known arguments are an error; with unknown parts inside,
        // the result is only unknown.
        None if wholly_known => Value::error(range),
        None => unknown(&args, range),
    }
}

/// An unknown result that remembers what its arguments referred to.
fn unknown(args: &[Value], range: Range) -> Value {
    Value::unknown_of(range, args)
}

/// A call's arguments, read as each function wants them, and its results,
/// reported at the call.
struct Args<'a> {
    args: &'a [Value],
    range: Range,
}

impl Args<'_> {
    fn get(&self, i: usize) -> Option<&Value> {
        self.args.get(i)
    }

    /// The argument as a string (a number or bool as interpolation renders it).
    fn s(&self, i: usize) -> Option<String> {
        self.get(i).and_then(crate::eval::terraform::scalar_string)
    }

    fn n(&self, i: usize) -> Option<f64> {
        self.get(i).and_then(Value::as_f64)
    }

    fn int(&self, i: usize) -> Option<i64> {
        self.get(i).and_then(Value::as_i64)
    }

    /// The elements of a list (or tuple, or set) argument.
    fn items(&self, i: usize) -> Option<&[Value]> {
        match self.get(i).map(|a| &a.kind) {
            Some(Kind::List(items)) => Some(items.as_slice()),
            _ => None,
        }
    }

    /// The attributes of a map (or object) argument.
    fn fields(&self, i: usize) -> Option<&[Field]> {
        match self.get(i).map(|a| &a.kind) {
            Some(Kind::Map(fields)) => Some(fields.as_slice()),
            _ => None,
        }
    }

    fn string(&self, t: String) -> Value {
        Value::string(t, self.range)
    }

    fn number(&self, x: f64) -> Value {
        Value::new(Kind::Number(x), self.range)
    }

    fn boolean(&self, b: bool) -> Value {
        Value::new(Kind::Bool(b), self.range)
    }

    fn list(&self, items: Vec<Value>) -> Value {
        Value::new(Kind::List(items), self.range)
    }

    fn map(&self, fields: Vec<Field>) -> Value {
        Value::new(Kind::Map(fields), self.range)
    }
}

/// Moves a computed value (decoded JSON, a rendered template) to `range`:
/// it has no source of its own, so it is reported where it is computed.
pub(crate) fn detach(mut v: Value, range: Range) -> Value {
    v.range = range;
    match &mut v.kind {
        Kind::List(items) => {
            for i in items.iter_mut() {
                *i = detach(i.clone(), range);
            }
        }
        Kind::Map(fields) => {
            for f in fields.iter_mut() {
                f.key_range = range;
                f.value = detach(f.value.clone(), range);
            }
        }
        Kind::String(s) => *s = Str::plain(std::mem::take(&mut s.text)),
        Kind::Choice(bs) => {
            for b in bs.iter_mut() {
                b.value = detach(b.value.clone(), range);
            }
        }
        _ => {}
    }
    v
}

/// What the families' tests share: values at a fixed range, and a result
/// as text.
#[cfg(test)]
mod testing {
    use super::*;
    use crate::source::{FileId, Span};

    pub fn r() -> Range {
        Range::new(FileId(0), Span::new(0, 1))
    }

    pub fn s(t: &str) -> Value {
        Value::string(t, r())
    }

    pub fn n(x: f64) -> Value {
        Value::new(Kind::Number(x), r())
    }

    pub fn b(x: bool) -> Value {
        Value::new(Kind::Bool(x), r())
    }

    pub fn list(items: Vec<Value>) -> Value {
        Value::new(Kind::List(items), r())
    }

    pub fn map(fields: &[(&str, Value)]) -> Value {
        Value::new(
            Kind::Map(
                fields
                    .iter()
                    .map(|(k, v)| Field {
                        key: k.to_string(),
                        key_range: r(),
                        value: v.clone(),
                    })
                    .collect(),
            ),
            r(),
        )
    }

    /// `name(args...)` at [`r`].
    pub fn f(name: &str, args: Vec<Value>) -> Value {
        call(name, args, r())
    }

    /// A scalar result as text; anything else as its debug form.
    pub fn text(v: &Value) -> String {
        crate::eval::terraform::scalar_string(v).unwrap_or_else(|| format!("{v:?}"))
    }

    /// A list of scalars as texts.
    pub fn texts(v: &Value) -> Vec<String> {
        v.items().into_iter().map(text).collect()
    }

    pub fn is_error(v: &Value) -> bool {
        v.has_error()
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::testing::*;
    use super::*;

    #[test]
    fn unknown_and_error_arguments() {
        let unknown = Value::unknown(r());
        let error = Value::error(r());
        // An unknown argument: unknown, not an error, never the fallback.
        let v = f("try", vec![unknown.clone(), s("fallback")]);
        assert!(v.is_unknown() && !is_error(&v));
        // An error is skipped.
        assert_eq!(
            text(&f("try", vec![error.clone(), s("fallback")])),
            "fallback"
        );
        assert_eq!(f("can", vec![error.clone()]).as_bool(), Some(false));
        assert!(f("can", vec![unknown.clone()]).is_unknown());
        assert!(f("lower", vec![unknown.clone()]).is_unknown());
        assert!(is_error(&f("lower", vec![error])));
        // coalesce stops at an unknown argument.
        assert!(f("coalesce", vec![s(""), unknown, s("x")]).is_unknown());
        // Not implemented: unknown, so try does not skip it.
        let v = f("timestamp", vec![]);
        assert!(v.is_unknown() && !is_error(&v));
        // Too large to evaluate: unknown, not an error.
        let v = f("range", vec![n(1e9)]);
        assert!(v.is_unknown() && !is_error(&v));
    }

    #[test]
    fn every_family_name_is_dispatched_once() {
        let mut all: Vec<&str> = FAMILIES
            .iter()
            .flat_map(|f| f.names.iter().copied())
            .collect();
        let count = all.len();
        all.sort();
        all.dedup();
        assert_eq!(all.len(), count, "a function is in two families");
        for name in STRUCTURAL {
            assert!(
                all.contains(name),
                "{name} is structural but not implemented"
            );
        }
    }

    #[test]
    fn an_unknown_argument_keeps_its_references() {
        let refs: crate::eval::value::Refs = Arc::from([Arc::from("aws_s3_bucket.b")]);
        let v = f("upper", vec![Value::unknown_from(r(), refs)]);
        assert_eq!(v.refs(), vec![Arc::from("aws_s3_bucket.b")]);
    }

    #[test]
    fn computed_values_are_detached_from_their_source() {
        let far = Range::new(crate::source::FileId(0), crate::source::Span::new(5, 9));
        let v = detach(
            Value::new(Kind::List(vec![Value::string("x", far)]), far),
            r(),
        );
        assert_eq!(v.range, r());
        assert_eq!(v.items()[0].range, r());
    }
}
