//! Collection functions: `alltrue`, `anytrue`, `chunklist`, `coalesce`,
//! `coalescelist`, `compact`, `concat`, `contains`, `distinct`, `element`,
//! `flatten`, `index`, `keys`, `length`, `lookup`, `merge`, `one`, `range`,
//! `reverse`, `setintersection`, `setproduct`, `setsubtract`, `setunion`,
//! `slice`, `sort`, `sum`, `transpose`, `values`, `zipmap`.

use super::{unknown, Args};
use crate::eval::terraform::{scalar_string, values_equal, MAX_COLLECTION};
use crate::eval::value::{Field, Kind, Value};
use crate::source::Range;

pub(super) const NAMES: &[&str] = &[
    "alltrue",
    "anytrue",
    "chunklist",
    "compact",
    "concat",
    "contains",
    "distinct",
    "element",
    "flatten",
    "index",
    "keys",
    "length",
    "lookup",
    "merge",
    "one",
    "range",
    "reverse",
    "setintersection",
    "setproduct",
    "setsubtract",
    "setunion",
    "slice",
    "sort",
    "sum",
    "transpose",
    "values",
    "zipmap",
];

/// `coalesce` and `coalescelist`: the first argument that is not null or
/// empty, deciding without the arguments after it; unknown when an unknown
/// argument comes first.
pub(super) fn coalesce(name: &str, args: &[Value], range: Range) -> Value {
    for a in args {
        match (name, &a.kind) {
            ("coalesce", Kind::Null) => continue,
            ("coalesce", Kind::String(s)) if s.text.is_empty() => continue,
            ("coalesce", _) if a.is_known_scalar() => return a.clone(),
            ("coalescelist", Kind::List(items)) if items.is_empty() => continue,
            ("coalescelist", Kind::List(_)) => return a.clone(),
            _ => return unknown(args, range),
        }
    }
    Value::error(range)
}

pub(super) fn call(name: &str, a: &Args) -> Option<Value> {
    match name {
        "length" => a
            .get(0)
            .and_then(|v| match &v.kind {
                Kind::List(i) => Some(i.len()),
                Kind::Map(f) => Some(f.len()),
                Kind::String(t) => Some(t.text.chars().count()),
                _ => None,
            })
            .map(|n| a.number(n as f64)),
        "concat" => {
            let mut out = Vec::new();
            for v in a.args {
                match &v.kind {
                    Kind::List(items) => out.extend(items.iter().cloned()),
                    _ => return Some(Value::error(a.range)),
                }
            }
            Some(a.list(out))
        }
        "flatten" => a.items(0).map(|_| a.list(flatten(&a.args[0]))),
        "distinct" => a.items(0).map(|i| a.list(dedup(i.to_vec()))),
        "reverse" => a
            .items(0)
            .map(|i| a.list(i.iter().rev().cloned().collect())),
        "sort" => a.items(0).and_then(|i| {
            let mut v: Vec<String> = i.iter().map(scalar_string).collect::<Option<_>>()?;
            v.sort();
            Some(a.list(v.into_iter().map(|t| a.string(t)).collect()))
        }),
        "element" => match (a.items(0), a.int(1)) {
            (Some(items), Some(i)) if !items.is_empty() && i >= 0 => {
                Some(items[i as usize % items.len()].clone())
            }
            _ => None,
        },
        "index" => a.items(0).and_then(|items| {
            let x = a.get(1)?;
            items
                .iter()
                .position(|i| values_equal(i, x))
                .map(|p| a.number(p as f64))
        }),
        "slice" => match (a.items(0), a.int(1), a.int(2)) {
            (Some(items), Some(i), Some(j)) if 0 <= i && i <= j && j as usize <= items.len() => {
                Some(a.list(items[i as usize..j as usize].to_vec()))
            }
            _ => None,
        },
        "chunklist" => match (a.items(0), a.int(1)) {
            (Some(items), Some(size)) if size > 0 => Some(
                a.list(
                    items
                        .chunks(size as usize)
                        .map(|c| a.list(c.to_vec()))
                        .collect(),
                ),
            ),
            (Some(items), Some(0)) => Some(a.list(vec![a.list(items.to_vec())])),
            _ => None,
        },
        "one" => a.items(0).and_then(|items| match items {
            [] => Some(Value::null(a.range)),
            [x] => Some(x.clone()),
            _ => None,
        }),
        "contains" => a.items(0).and_then(|items| {
            a.get(1)
                .map(|x| a.boolean(items.iter().any(|i| values_equal(i, x))))
        }),
        "compact" => a.items(0).map(|items| {
            a.list(
                items
                    .iter()
                    .filter(|i| !matches!(&i.kind, Kind::Null) && i.as_str() != Some(""))
                    .cloned()
                    .collect(),
            )
        }),
        "sum" => a.items(0).and_then(|items| {
            if items.is_empty() {
                return None;
            }
            let v: Option<Vec<f64>> = items.iter().map(Value::as_f64).collect();
            v.map(|v| a.number(v.iter().sum()))
        }),
        "alltrue" | "anytrue" => a.items(0).and_then(|items| {
            let v: Option<Vec<bool>> = items.iter().map(Value::as_bool).collect();
            v.map(|v| {
                a.boolean(if name == "alltrue" {
                    v.iter().all(|b| *b)
                } else {
                    v.iter().any(|b| *b)
                })
            })
        }),
        "range" => range(a),
        "setunion" | "setintersection" | "setsubtract" => sets(name, a),
        "setproduct" => setproduct(a),
        _ => maps(name, a),
    }
}

/// The functions over maps: `keys`, `lookup`, `merge`, `transpose`,
/// `values`, `zipmap`.
fn maps(name: &str, a: &Args) -> Option<Value> {
    match name {
        "keys" => a.fields(0).map(|fields| {
            a.list(
                sorted(fields)
                    .into_iter()
                    .map(|f| Value::string(f.key.clone(), f.key_range))
                    .collect(),
            )
        }),
        "values" => a.fields(0).map(|fields| {
            a.list(
                sorted(fields)
                    .into_iter()
                    .map(|f| f.value.clone())
                    .collect(),
            )
        }),
        "lookup" => a.fields(0).and_then(|fields| {
            let k = a.s(1)?;
            fields
                .iter()
                .rev()
                .find(|f| f.key == k)
                .map(|f| f.value.clone())
                .or_else(|| a.get(2).cloned())
        }),
        "merge" => {
            let mut out: Vec<Field> = Vec::new();
            for v in a.args {
                match &v.kind {
                    Kind::Map(fields) => {
                        for f in fields {
                            out.retain(|x| x.key != f.key);
                            out.push(f.clone());
                        }
                    }
                    Kind::Null => {}
                    _ => return Some(Value::error(a.range)),
                }
            }
            Some(a.map(out))
        }
        "zipmap" => zipmap(a),
        "transpose" => transpose(a),
        _ => None,
    }
}

/// A map's fields in key order.
fn sorted(fields: &[Field]) -> Vec<&Field> {
    let mut keys: Vec<&Field> = fields.iter().collect();
    keys.sort_by(|x, y| x.key.cmp(&y.key));
    keys
}

/// `zipmap(keys, values)`: the lists must have the same length; a later
/// duplicate key wins.
fn zipmap(a: &Args) -> Option<Value> {
    let (keys, values) = (a.items(0)?, a.items(1)?);
    if keys.len() != values.len() {
        return None;
    }
    let mut out: Vec<Field> = Vec::new();
    for (k, v) in keys.iter().zip(values) {
        let key = scalar_string(k)?;
        out.retain(|f| f.key != key);
        out.push(Field {
            key,
            key_range: k.range,
            value: v.clone(),
        });
    }
    Some(a.map(out))
}

/// `transpose`: a map of lists of strings turned inside out, keys sorted.
fn transpose(a: &Args) -> Option<Value> {
    let mut out: Vec<(String, Vec<Value>)> = Vec::new();
    for f in a.fields(0)? {
        for v in f.value.items() {
            let k = scalar_string(v)?;
            let key = a.string(f.key.clone());
            match out.iter_mut().find(|(x, _)| *x == k) {
                Some((_, l)) => l.push(key),
                None => out.push((k, vec![key])),
            }
        }
    }
    out.sort_by(|x, y| x.0.cmp(&y.0));
    Some(
        a.map(
            out.into_iter()
                .map(|(key, l)| Field {
                    key,
                    key_range: a.range,
                    value: a.list(l),
                })
                .collect(),
        ),
    )
}

/// `setunion`, `setintersection`, `setsubtract`: in the first set's order,
/// each element once.
fn sets(name: &str, a: &Args) -> Option<Value> {
    let sets: Vec<&[Value]> = (0..a.args.len())
        .map(|i| a.items(i))
        .collect::<Option<_>>()?;
    let (first, rest) = sets.split_first()?;
    let mut out: Vec<Value> = dedup(first.to_vec());
    for s in rest {
        match name {
            "setunion" => out = dedup(out.into_iter().chain(s.iter().cloned()).collect()),
            "setintersection" => out.retain(|x| s.iter().any(|y| values_equal(x, y))),
            _ => out.retain(|x| !s.iter().any(|y| values_equal(x, y))),
        }
    }
    Some(a.list(out))
}

/// `setproduct`: every combination; unknown (not an error) past
/// [`MAX_COLLECTION`].
fn setproduct(a: &Args) -> Option<Value> {
    let sets: Vec<&[Value]> = (0..a.args.len())
        .map(|i| a.items(i))
        .collect::<Option<_>>()?;
    let mut out: Vec<Vec<Value>> = vec![Vec::new()];
    for s in sets {
        let mut next = Vec::new();
        for prefix in &out {
            for x in s {
                let mut p = prefix.clone();
                p.push(x.clone());
                next.push(p);
            }
        }
        if next.len() > MAX_COLLECTION {
            return Some(Value::unknown(a.range));
        }
        out = next;
    }
    Some(a.list(out.into_iter().map(|p| a.list(p)).collect()))
}

/// `range(end)`, `range(start, end)`, `range(start, end, step)`; unknown
/// (not an error) past [`MAX_COLLECTION`].
fn range(a: &Args) -> Option<Value> {
    let v: Vec<f64> = (0..a.args.len()).map(|i| a.n(i)).collect::<Option<_>>()?;
    let (start, end, step) = match v[..] {
        [e] => (0.0, e, 1.0),
        [s, e] => (s, e, if e >= s { 1.0 } else { -1.0 }),
        [s, e, st] => (s, e, st),
        _ => return None,
    };
    if step == 0.0 {
        return None;
    }
    if ((end - start) / step) > MAX_COLLECTION as f64 {
        // Too large to evaluate: unknown, not an error.
        return Some(Value::unknown(a.range));
    }
    let mut out = Vec::new();
    let mut x = start;
    while (step > 0.0 && x < end) || (step < 0.0 && x > end) {
        out.push(a.number(x));
        x += step;
    }
    Some(a.list(out))
}

fn flatten(v: &Value) -> Vec<Value> {
    match &v.kind {
        Kind::List(items) => items.iter().flat_map(flatten).collect(),
        _ => vec![v.clone()],
    }
}

/// The items without repeats, first occurrences kept.
pub(super) fn dedup(items: Vec<Value>) -> Vec<Value> {
    let mut out: Vec<Value> = Vec::new();
    for i in items {
        if !out.iter().any(|o| values_equal(o, &i)) {
            out.push(i);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use crate::eval::value::Value;

    #[test]
    fn structural_functions_accept_unknown_elements() {
        let unknown = Value::unknown(r());
        let l = list(vec![unknown.clone(), s("a")]);
        assert_eq!(f("length", vec![l.clone()]).as_i64(), Some(2));
        assert_eq!(text(&f("element", vec![l.clone(), n(1.0)])), "a");
        let merged = f(
            "merge",
            vec![map(&[("a", unknown.clone())]), map(&[("b", s("x"))])],
        );
        assert!(merged.get("a").unwrap().is_unknown());
        assert_eq!(merged.get("b").and_then(Value::as_str), Some("x"));
        assert_eq!(text(&f("lookup", vec![merged, s("b")])), "x");
        // Not structural: an unknown element makes the result unknown.
        assert!(f("contains", vec![l.clone(), s("b")]).is_unknown());
        assert!(f("distinct", vec![l]).is_unknown());
        // An unknown collection or key is unknown.
        assert!(f("length", vec![unknown.clone()]).is_unknown());
        assert!(f("lookup", vec![map(&[("a", s("x"))]), unknown]).is_unknown());
    }

    #[test]
    fn lists() {
        let abc = || list(vec![s("a"), s("b"), s("c")]);
        assert_eq!(f("length", vec![s("🤔🤷")]).as_i64(), Some(2));
        assert_eq!(
            texts(&f("concat", vec![abc(), list(vec![s("d")])])),
            ["a", "b", "c", "d"]
        );
        assert!(is_error(&f("concat", vec![abc(), s("d")])));
        assert_eq!(text(&f("element", vec![abc(), n(4.0)])), "b");
        assert_eq!(f("index", vec![abc(), s("c")]).as_i64(), Some(2));
        assert!(is_error(&f("index", vec![abc(), s("z")])));
        assert_eq!(texts(&f("slice", vec![abc(), n(1.0), n(3.0)])), ["b", "c"]);
        assert!(is_error(&f("slice", vec![abc(), n(2.0), n(4.0)])));
        assert_eq!(texts(&f("reverse", vec![abc()])), ["c", "b", "a"]);
        assert_eq!(
            texts(&f("sort", vec![list(vec![s("e"), s("d"), s("a")])])),
            ["a", "d", "e"]
        );
        let nested = list(vec![list(vec![s("a"), list(vec![s("b")])]), s("c")]);
        assert_eq!(texts(&f("flatten", vec![nested])), ["a", "b", "c"]);
        assert_eq!(
            texts(&f("distinct", vec![list(vec![s("a"), s("b"), s("a")])])),
            ["a", "b"]
        );
        assert_eq!(
            texts(&f("compact", vec![list(vec![s("a"), s(""), s("b")])])),
            ["a", "b"]
        );
        let chunks = f("chunklist", vec![abc(), n(2.0)]);
        assert_eq!(chunks.items().len(), 2);
        assert_eq!(texts(chunks.items()[1]), ["c"]);
        assert_eq!(text(&f("one", vec![list(vec![s("x")])])), "x");
        assert!(matches!(
            f("one", vec![list(vec![])]).kind,
            crate::eval::value::Kind::Null
        ));
        assert!(is_error(&f("one", vec![abc()])));
        assert_eq!(f("contains", vec![abc(), s("b")]).as_bool(), Some(true));
        assert_eq!(
            f("sum", vec![list(vec![n(10.0), n(13.0), n(6.0)])]).as_f64(),
            Some(29.0)
        );
        assert!(is_error(&f("sum", vec![list(vec![])])));
        assert_eq!(
            f("alltrue", vec![list(vec![b(true), s("true")])]).as_bool(),
            Some(true)
        );
        assert_eq!(f("anytrue", vec![list(vec![])]).as_bool(), Some(false));
    }

    #[test]
    fn ranges_count_up_down_and_by_steps() {
        let nums =
            |v: &Value| -> Vec<f64> { v.items().iter().filter_map(|i| i.as_f64()).collect() };
        assert_eq!(nums(&f("range", vec![n(3.0)])), [0.0, 1.0, 2.0]);
        assert_eq!(nums(&f("range", vec![n(1.0), n(4.0)])), [1.0, 2.0, 3.0]);
        assert_eq!(nums(&f("range", vec![n(4.0), n(1.0)])), [4.0, 3.0, 2.0]);
        assert_eq!(
            nums(&f("range", vec![n(0.0), n(1.0), n(0.25)])),
            [0.0, 0.25, 0.5, 0.75]
        );
        assert!(is_error(&f("range", vec![n(0.0), n(1.0), n(0.0)])));
    }

    #[test]
    fn maps_and_sets() {
        let m = map(&[("b", s("2")), ("a", s("1"))]);
        assert_eq!(texts(&f("keys", vec![m.clone()])), ["a", "b"]);
        assert_eq!(texts(&f("values", vec![m.clone()])), ["1", "2"]);
        assert_eq!(text(&f("lookup", vec![m.clone(), s("z"), s("d")])), "d");
        assert!(is_error(&f("lookup", vec![m.clone(), s("z")])));
        let z = f(
            "zipmap",
            vec![list(vec![s("a"), s("b")]), list(vec![n(1.0), n(2.0)])],
        );
        assert_eq!(z.get("b").and_then(Value::as_i64), Some(2));
        assert!(is_error(&f(
            "zipmap",
            vec![list(vec![s("a")]), list(vec![])]
        )));
        let t = f(
            "transpose",
            vec![map(&[
                ("a", list(vec![s("1"), s("2")])),
                ("b", list(vec![s("2")])),
            ])],
        );
        assert_eq!(texts(t.get("2").unwrap()), ["a", "b"]);
        let (ab, bc) = (list(vec![s("a"), s("b")]), list(vec![s("b"), s("c")]));
        assert_eq!(
            texts(&f("setunion", vec![ab.clone(), bc.clone()])),
            ["a", "b", "c"]
        );
        assert_eq!(
            texts(&f("setintersection", vec![ab.clone(), bc.clone()])),
            ["b"]
        );
        assert_eq!(
            texts(&f("setsubtract", vec![ab.clone(), bc.clone()])),
            ["a"]
        );
        let p = f("setproduct", vec![ab, bc]);
        assert_eq!(p.items().len(), 4);
        assert_eq!(texts(p.items()[1]), ["a", "c"]);
        let merged = f("merge", vec![m, Value::null(r()), map(&[("a", s("x"))])]);
        assert_eq!(merged.get("a").and_then(Value::as_str), Some("x"));
        assert!(is_error(&f("merge", vec![list(vec![])])));
    }

    #[test]
    fn coalesce_skips_null_and_empty() {
        assert_eq!(
            text(&f("coalesce", vec![Value::null(r()), s(""), s("b")])),
            "b"
        );
        assert!(is_error(&f("coalesce", vec![s("")])));
        let v = f("coalescelist", vec![list(vec![]), list(vec![s("c")])]);
        assert_eq!(texts(&v), ["c"]);
        assert!(is_error(&f("coalescelist", vec![list(vec![])])));
    }
}
