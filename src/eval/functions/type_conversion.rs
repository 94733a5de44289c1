//! Type conversion functions: `can`, `tobool`, `tolist`, `tomap`,
//! `tonumber`, `toset`, `tostring`, `try`.

use super::collection::dedup;
use super::{unknown, Args};
use crate::eval::terraform::scalar_string;
use crate::eval::value::{Kind, Value};
use crate::source::Range;

pub(super) const NAMES: &[&str] = &["tobool", "tolist", "tomap", "tonumber", "toset", "tostring"];

/// `try`: the first argument that evaluates without an error, as it is
/// (possibly unknown). `can`: whether its argument evaluates without an
/// error (unknown while it is unknown).
pub(super) fn try_can(name: &str, args: &[Value], range: Range) -> Value {
    if name == "try" {
        return args
            .iter()
            .find(|a| !a.has_error())
            .cloned()
            .unwrap_or_else(|| Value::error(range));
    }
    match args.first() {
        Some(a) if a.has_error() => Value::new(Kind::Bool(false), range),
        Some(a) if a.is_wholly_known() => Value::new(Kind::Bool(true), range),
        Some(a) => unknown(std::slice::from_ref(a), range),
        None => Value::error(range),
    }
}

pub(super) fn call(name: &str, a: &Args) -> Option<Value> {
    let first = a.get(0)?;
    if matches!(first.kind, Kind::Null) {
        // Null converts to null of any type.
        return Some(first.clone());
    }
    match name {
        "tostring" => scalar_string(first).map(|t| a.string(t)),
        "tonumber" => match &first.kind {
            Kind::Number(_) => Some(first.clone()),
            Kind::String(s) => s.text.parse::<f64>().ok().map(|x| a.number(x)),
            _ => None,
        },
        "tobool" => match &first.kind {
            Kind::Bool(_) => Some(first.clone()),
            Kind::String(s) if s.text == "true" => Some(a.boolean(true)),
            Kind::String(s) if s.text == "false" => Some(a.boolean(false)),
            _ => None,
        },
        "tolist" => a.items(0).map(|i| a.list(i.to_vec())),
        "toset" => a.items(0).map(|i| a.list(dedup(i.to_vec()))),
        "tomap" => matches!(first.kind, Kind::Map(_)).then(|| first.clone()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use crate::eval::value::{Kind, Value};

    #[test]
    fn conversions() {
        assert_eq!(text(&f("tostring", vec![n(1.5)])), "1.5");
        assert_eq!(text(&f("tostring", vec![b(true)])), "true");
        assert!(is_error(&f("tostring", vec![list(vec![])])));
        assert_eq!(f("tonumber", vec![s("42")]).as_f64(), Some(42.0));
        assert!(matches!(f("tonumber", vec![s("42")]).kind, Kind::Number(_)));
        assert!(is_error(&f("tonumber", vec![s("no")])));
        assert_eq!(f("tobool", vec![s("true")]).as_bool(), Some(true));
        assert!(is_error(&f("tobool", vec![s("yes")])));
        assert_eq!(
            texts(&f("toset", vec![list(vec![s("a"), s("b"), s("a")])])),
            ["a", "b"]
        );
        assert_eq!(texts(&f("tolist", vec![list(vec![s("a")])])), ["a"]);
        assert!(is_error(&f("tomap", vec![list(vec![])])));
        for name in ["tostring", "tonumber", "tobool", "tolist", "toset", "tomap"] {
            assert!(
                matches!(f(name, vec![Value::null(r())]).kind, Kind::Null),
                "{name}"
            );
        }
    }

    #[test]
    fn try_and_can_look_at_errors_only() {
        let error = Value::error(r());
        let unknown = Value::unknown(r());
        assert_eq!(
            text(&f("try", vec![error.clone(), s("fallback")])),
            "fallback"
        );
        assert!(is_error(&f("try", vec![error.clone()])));
        assert!(f("try", vec![unknown.clone(), s("x")]).is_unknown());
        assert_eq!(f("can", vec![error.clone()]).as_bool(), Some(false));
        assert_eq!(f("can", vec![s("x")]).as_bool(), Some(true));
        assert!(f("can", vec![unknown]).is_unknown());
        // An error nested in a collection counts.
        assert_eq!(
            f("can", vec![list(vec![s("a"), error])]).as_bool(),
            Some(false)
        );
    }
}
