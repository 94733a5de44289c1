//! Terraform built-in functions that can be evaluated statically. Any unknown
//! argument makes the result unknown (remembering what it referred to); a
//! function not implemented here is unknown too.

use std::sync::Arc;

use super::terraform::{scalar_string, values_equal};
use super::value::{Field, Kind, Value};
use crate::source::Range;

pub fn call(name: &str, args: Vec<Value>, range: Range) -> Value {
    let unknown = |args: &[Value]| {
        let refs: Vec<Arc<str>> = args.iter().flat_map(Value::refs).collect();
        Value::unknown_from(range, refs.into())
    };
    // Functions that tolerate unknown arguments.
    match name {
        // The encoded document keeps its structure (and positions): adapters
        // accept a policy either as a structure or as a JSON string.
        "jsonencode" => {
            return args
                .into_iter()
                .next()
                .unwrap_or_else(|| Value::unknown(range))
        }
        "try" => {
            return args
                .iter()
                .find(|a| a.is_wholly_known())
                .cloned()
                .unwrap_or_else(|| unknown(&args))
        }
        "coalesce" => {
            for a in &args {
                match &a.kind {
                    Kind::Null => continue,
                    Kind::String(s) if s.text.is_empty() => continue,
                    _ if a.is_known_scalar() => return a.clone(),
                    _ => return unknown(&args),
                }
            }
            return unknown(&args);
        }
        _ => {}
    }
    if !args.iter().all(Value::is_wholly_known) {
        return unknown(&args);
    }
    let s = |i: usize| args.get(i).and_then(scalar_string);
    let string = |t: String| Value::string(t, range);
    let list = |items: Vec<Value>| Value::new(Kind::List(items), range);
    let result = match name {
        "jsondecode" => s(0).and_then(|t| {
            crate::parse::json::parse(&t)
                .ok()
                .map(|n| super::node_to_value(&n, range.file))
                .map(|v| relocate(v, range))
        }),
        "lower" => s(0).map(|t| string(t.to_lowercase())),
        "upper" => s(0).map(|t| string(t.to_uppercase())),
        "trimspace" => s(0).map(|t| string(t.trim().to_string())),
        "tostring" => s(0).map(string),
        "tonumber" => args
            .first()
            .and_then(Value::as_f64)
            .map(|n| Value::new(Kind::Number(n), range)),
        "tobool" => args
            .first()
            .and_then(Value::as_bool)
            .map(|b| Value::new(Kind::Bool(b), range)),
        "tolist" | "toset" => args.first().and_then(|a| match &a.kind {
            Kind::List(items) if name == "toset" => Some(list(dedup(items.clone()))),
            Kind::List(_) => Some(a.clone()),
            _ => None,
        }),
        "tomap" => args
            .first()
            .filter(|a| matches!(a.kind, Kind::Map(_)))
            .cloned(),
        "join" => match args.get(1).map(|a| &a.kind) {
            Some(Kind::List(items)) => {
                let parts: Option<Vec<String>> = items.iter().map(scalar_string).collect();
                s(0).zip(parts).map(|(d, p)| string(p.join(&d)))
            }
            _ => None,
        },
        "split" => s(0)
            .zip(s(1))
            .filter(|(d, _)| !d.is_empty())
            .map(|(d, t)| list(t.split(d.as_str()).map(|p| string(p.to_string())).collect())),
        "replace" => match (s(0), s(1), s(2)) {
            (Some(t), Some(from), Some(to)) if !(from.starts_with('/') && from.ends_with('/')) => {
                Some(string(t.replace(&from, &to)))
            }
            _ => None,
        },
        "format" => s(0).and_then(|f| format(&f, &args[1..]).map(string)),
        "length" => args
            .first()
            .and_then(|a| match &a.kind {
                Kind::List(i) => Some(i.len()),
                Kind::Map(f) => Some(f.len()),
                Kind::String(t) => Some(t.text.chars().count()),
                _ => None,
            })
            .map(|n| Value::new(Kind::Number(n as f64), range)),
        "concat" => {
            let mut out = Vec::new();
            for a in &args {
                match &a.kind {
                    Kind::List(items) => out.extend(items.iter().cloned()),
                    _ => return unknown(&args),
                }
            }
            Some(list(out))
        }
        "merge" => {
            let mut out: Vec<Field> = Vec::new();
            for a in &args {
                match &a.kind {
                    Kind::Map(fields) => {
                        for f in fields {
                            out.retain(|x| x.key != f.key);
                            out.push(f.clone());
                        }
                    }
                    Kind::Null => {}
                    _ => return unknown(&args),
                }
            }
            Some(Value::new(Kind::Map(out), range))
        }
        "flatten" => args.first().map(|a| list(flatten(a))),
        "distinct" => match args.first().map(|a| &a.kind) {
            Some(Kind::List(items)) => Some(list(dedup(items.clone()))),
            _ => None,
        },
        "element" => match (
            args.first().map(|a| &a.kind),
            args.get(1).and_then(Value::as_i64),
        ) {
            (Some(Kind::List(items)), Some(i)) if !items.is_empty() && i >= 0 => {
                Some(items[i as usize % items.len()].clone())
            }
            _ => None,
        },
        "lookup" => match args.first() {
            Some(
                m @ Value {
                    kind: Kind::Map(_), ..
                },
            ) => s(1)
                .and_then(|k| m.get(&k).cloned())
                .or_else(|| args.get(2).cloned()),
            _ => None,
        },
        "contains" => match args.first().map(|a| &a.kind) {
            Some(Kind::List(items)) => args
                .get(1)
                .map(|x| Value::new(Kind::Bool(items.iter().any(|i| values_equal(i, x))), range)),
            _ => None,
        },
        "keys" => match args.first().map(|a| &a.kind) {
            Some(Kind::Map(fields)) => Some(list(
                fields
                    .iter()
                    .map(|f| Value::string(f.key.clone(), f.key_range))
                    .collect(),
            )),
            _ => None,
        },
        "values" => match args.first().map(|a| &a.kind) {
            Some(Kind::Map(fields)) => Some(list(fields.iter().map(|f| f.value.clone()).collect())),
            _ => None,
        },
        "compact" => match args.first().map(|a| &a.kind) {
            Some(Kind::List(items)) => Some(list(
                items
                    .iter()
                    .filter(|i| !matches!(&i.kind, Kind::Null) && i.as_str() != Some(""))
                    .cloned()
                    .collect(),
            )),
            _ => None,
        },
        _ => None,
    };
    result.unwrap_or_else(|| unknown(&args))
}

/// Terraform's `format` for the common verbs (`%s`, `%d`, `%v`, `%%`).
fn format(f: &str, args: &[Value]) -> Option<String> {
    let mut out = String::new();
    let mut it = args.iter();
    let mut chars = f.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '%' {
            out.push(c);
            continue;
        }
        match chars.next()? {
            '%' => out.push('%'),
            's' | 'd' | 'v' => out.push_str(&scalar_string(it.next()?)?),
            _ => return None,
        }
    }
    Some(out)
}

fn flatten(v: &Value) -> Vec<Value> {
    match &v.kind {
        Kind::List(items) => items.iter().flat_map(flatten).collect(),
        _ => vec![v.clone()],
    }
}

fn dedup(items: Vec<Value>) -> Vec<Value> {
    let mut out: Vec<Value> = Vec::new();
    for i in items {
        if !out.iter().any(|o| values_equal(o, &i)) {
            out.push(i);
        }
    }
    out
}

/// A decoded document has no source of its own: it is reported at the call.
fn relocate(mut v: Value, range: Range) -> Value {
    v.range = range;
    match &mut v.kind {
        Kind::List(items) => {
            for i in items.iter_mut() {
                *i = relocate(i.clone(), range);
            }
        }
        Kind::Map(fields) => {
            for f in fields.iter_mut() {
                f.key_range = range;
                f.value = relocate(f.value.clone(), range);
            }
        }
        _ => {}
    }
    v
}
