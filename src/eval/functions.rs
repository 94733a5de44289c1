//! Terraform built-in functions that can be evaluated statically, with
//! Terraform's semantics. An unknown argument makes the result unknown
//! (remembering what it referred to), except where Terraform itself decides
//! without it (`try`, `can`, `coalesce` before the unknown argument). Known
//! arguments a function rejects make an error value (see
//! [`super::terraform::has_error`]), which `try` skips and `can` reports as
//! false. A function not implemented here is unknown.

use std::sync::Arc;

use super::terraform::{error_value, has_error, scalar_string, values_equal, MAX_COLLECTION};
use super::value::{Field, Kind, Str, Value};
use crate::source::Range;

/// Functions whose result depends only on the shape of their collection
/// arguments (their scalar arguments must still be known).
const STRUCTURAL: &[&str] = &[
    "concat", "element", "keys", "length", "lookup", "merge", "one", "reverse", "slice", "values",
    "zipmap",
];

/// Functions implemented here (anything else is unknown, never an error).
const IMPLEMENTED: &[&str] = &[
    "basename",
    "dirname",
    "abs",
    "base64decode",
    "base64encode",
    "can",
    "ceil",
    "chunklist",
    "cidrhost",
    "cidrnetmask",
    "cidrsubnet",
    "coalesce",
    "coalescelist",
    "compact",
    "concat",
    "contains",
    "distinct",
    "element",
    "endswith",
    "flatten",
    "floor",
    "format",
    "formatlist",
    "indent",
    "index",
    "join",
    "jsondecode",
    "jsonencode",
    "keys",
    "length",
    "log",
    "lookup",
    "lower",
    "max",
    "merge",
    "min",
    "one",
    "parseint",
    "pow",
    "range",
    "regex",
    "regexall",
    "replace",
    "reverse",
    "setintersection",
    "setproduct",
    "setsubtract",
    "setunion",
    "signum",
    "slice",
    "sort",
    "split",
    "startswith",
    "strrev",
    "substr",
    "sum",
    "title",
    "tobool",
    "tolist",
    "tomap",
    "tonumber",
    "toset",
    "tostring",
    "transpose",
    "trim",
    "trimprefix",
    "trimspace",
    "trimsuffix",
    "try",
    "upper",
    "values",
    "zipmap",
    "alltrue",
    "anytrue",
    "urlencode",
];

pub fn call(name: &str, args: Vec<Value>, range: Range) -> Value {
    let unknown = |args: &[Value]| {
        let refs: Vec<Arc<str>> = args.iter().flat_map(Value::refs).collect();
        Value::unknown_from(range, refs.into())
    };
    // Functions that tolerate unknown or erroneous arguments.
    match name {
        // The encoded document keeps its structure (and positions): adapters
        // accept a policy either as a structure or as a JSON string.
        "jsonencode" => {
            return match args.into_iter().next() {
                Some(a) if has_error(&a) => error_value(range),
                Some(a) => a,
                None => error_value(range),
            }
        }
        // The first argument that evaluates without an error, as it is
        // (possibly unknown).
        "try" => {
            return args
                .iter()
                .find(|a| !has_error(a))
                .cloned()
                .unwrap_or_else(|| error_value(range))
        }
        "can" => {
            return match args.first() {
                Some(a) if has_error(a) => Value::new(Kind::Bool(false), range),
                Some(a) if a.is_wholly_known() => Value::new(Kind::Bool(true), range),
                Some(a) => unknown(std::slice::from_ref(a)),
                None => error_value(range),
            }
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
            return error_value(range);
        }
        "coalescelist" => {
            for a in &args {
                match &a.kind {
                    Kind::List(items) if items.is_empty() => continue,
                    Kind::List(_) => return a.clone(),
                    _ => return unknown(&args),
                }
            }
            return error_value(range);
        }
        _ => {}
    }
    if args.iter().any(has_error) {
        return error_value(range);
    }
    let wholly_known = args.iter().all(Value::is_wholly_known);
    if !IMPLEMENTED.contains(&name) {
        return unknown(&args);
    }
    // Structural functions need only the shape of their collections: their
    // elements may be unknown (`length([aws_x.y.id])` is 1, `merge` keeps an
    // unknown value under a known key). The others need every part known.
    let shallow = |a: &Value| !matches!(a.kind, Kind::Unknown(_) | Kind::Choice(_));
    if !(wholly_known || STRUCTURAL.contains(&name) && args.iter().all(shallow)) {
        return unknown(&args);
    }
    let s = |i: usize| args.get(i).and_then(scalar_string);
    let n = |i: usize| args.get(i).and_then(Value::as_f64);
    let int = |i: usize| args.get(i).and_then(Value::as_i64);
    let string = |t: String| Value::string(t, range);
    let number = |x: f64| Value::new(Kind::Number(x), range);
    let boolean = |b: bool| Value::new(Kind::Bool(b), range);
    let list = |items: Vec<Value>| Value::new(Kind::List(items), range);
    let list_arg = |i: usize| match args.get(i).map(|a| &a.kind) {
        Some(Kind::List(items)) => Some(items.as_slice()),
        _ => None,
    };
    let map_arg = |i: usize| match args.get(i).map(|a| &a.kind) {
        Some(Kind::Map(fields)) => Some(fields.as_slice()),
        _ => None,
    };
    let result: Option<Value> = match name {
        "jsondecode" => s(0).and_then(|t| {
            crate::parse::json::parse(&t)
                .ok()
                .map(|n| super::node_to_value(&n, range.file))
                .map(|v| detach(v, range))
        }),
        "lower" => s(0).map(|t| string(t.to_lowercase())),
        "upper" => s(0).map(|t| string(t.to_uppercase())),
        "title" => s(0).map(|t| string(title(&t))),
        "strrev" => s(0).map(|t| string(t.chars().rev().collect())),
        "trimspace" => s(0).map(|t| string(t.trim().to_string())),
        "trim" => s(0)
            .zip(s(1))
            .map(|(t, c)| string(t.trim_matches(|x| c.contains(x)).to_string())),
        "trimprefix" => s(0)
            .zip(s(1))
            .map(|(t, p)| string(t.strip_prefix(p.as_str()).unwrap_or(&t).to_string())),
        "trimsuffix" => s(0)
            .zip(s(1))
            .map(|(t, p)| string(t.strip_suffix(p.as_str()).unwrap_or(&t).to_string())),
        "startswith" => s(0).zip(s(1)).map(|(t, p)| boolean(t.starts_with(&p))),
        "endswith" => s(0).zip(s(1)).map(|(t, p)| boolean(t.ends_with(&p))),
        "indent" => int(0).zip(s(1)).map(|(k, t)| {
            let pad = " ".repeat(k.clamp(0, 1000) as usize);
            string(t.replace('\n', &format!("\n{pad}")))
        }),
        "substr" => match (s(0), int(1), int(2)) {
            (Some(t), Some(off), Some(len)) => substr(&t, off, len).map(string),
            _ => None,
        },
        "urlencode" => s(0).map(|t| string(urlencode(&t))),
        "basename" => s(0).map(|t| {
            let t = t.trim_end_matches('/');
            string(t.rsplit('/').next().unwrap_or("").to_string())
        }),
        "dirname" => s(0).map(|t| {
            let t = t.trim_end_matches('/');
            string(match t.rfind('/') {
                Some(0) => "/".to_string(),
                Some(i) => t[..i].to_string(),
                None => ".".to_string(),
            })
        }),
        "base64encode" => s(0).map(|t| string(base64_encode(t.as_bytes()))),
        "base64decode" => s(0)
            .and_then(|t| base64_decode(&t))
            .and_then(|b| String::from_utf8(b).ok())
            .map(string),
        "tostring" => args.first().and_then(|a| match &a.kind {
            Kind::Null => Some(a.clone()),
            _ => scalar_string(a).map(string),
        }),
        "tonumber" => args.first().and_then(|a| match &a.kind {
            Kind::Null => Some(a.clone()),
            Kind::Number(_) => Some(a.clone()),
            Kind::String(s) => s.text.parse::<f64>().ok().map(number),
            _ => None,
        }),
        "tobool" => args.first().and_then(|a| match &a.kind {
            Kind::Null | Kind::Bool(_) => Some(a.clone()),
            Kind::String(s) if s.text == "true" => Some(boolean(true)),
            Kind::String(s) if s.text == "false" => Some(boolean(false)),
            _ => None,
        }),
        "tolist" | "toset" | "tomap"
            if matches!(args.first().map(|a| &a.kind), Some(Kind::Null)) =>
        {
            args.first().cloned()
        }
        "tolist" => list_arg(0).map(|i| list(i.to_vec())),
        "toset" => list_arg(0).map(|i| list(dedup(i.to_vec()))),
        "tomap" => args
            .first()
            .filter(|a| matches!(a.kind, Kind::Map(_)))
            .cloned(),
        "join" => list_arg(1).and_then(|items| {
            let parts: Option<Vec<String>> = args[1..]
                .iter()
                .flat_map(|a| a.items())
                .map(scalar_string)
                .collect();
            let _ = items;
            s(0).zip(parts).map(|(d, p)| string(p.join(&d)))
        }),
        "split" => s(0).zip(s(1)).filter(|(d, _)| !d.is_empty()).map(|(d, t)| {
            if t.is_empty() {
                list(Vec::new())
            } else {
                list(t.split(d.as_str()).map(|p| string(p.to_string())).collect())
            }
        }),
        "replace" => match (s(0), s(1), s(2)) {
            (Some(t), Some(from), Some(to))
                if from.len() >= 2 && from.starts_with('/') && from.ends_with('/') =>
            {
                compile(&from[1..from.len() - 1]).map(|re| {
                    string(
                        re.replace_all(&t, go_replacement(&to).as_str())
                            .into_owned(),
                    )
                })
            }
            (Some(t), Some(from), Some(to)) => Some(string(t.replace(&from, &to))),
            _ => None,
        },
        "regex" => s(0).zip(s(1)).and_then(|(p, t)| {
            let re = compile(&p)?;
            let caps = re.captures(&t)?;
            Some(captures(&re, &caps, range))
        }),
        "regexall" => s(0).zip(s(1)).and_then(|(p, t)| {
            let re = compile(&p)?;
            Some(list(
                re.captures_iter(&t)
                    .take(MAX_COLLECTION)
                    .map(|c| captures(&re, &c, range))
                    .collect(),
            ))
        }),
        "format" => s(0).and_then(|f| format(&f, &args[1..]).map(string)),
        "formatlist" => s(0).and_then(|f| {
            let rest = &args[1..];
            let len = rest
                .iter()
                .filter_map(|a| match &a.kind {
                    Kind::List(i) => Some(i.len()),
                    _ => None,
                })
                .max()?;
            let mut out = Vec::new();
            for i in 0..len {
                let row: Vec<Value> = rest
                    .iter()
                    .map(|a| match &a.kind {
                        Kind::List(items) => items.get(i).cloned(),
                        _ => Some(a.clone()),
                    })
                    .collect::<Option<_>>()?;
                out.push(string(format(&f, &row)?));
            }
            Some(list(out))
        }),
        "length" => args
            .first()
            .and_then(|a| match &a.kind {
                Kind::List(i) => Some(i.len()),
                Kind::Map(f) => Some(f.len()),
                Kind::String(t) => Some(t.text.chars().count()),
                _ => None,
            })
            .map(|n| number(n as f64)),
        "concat" => {
            let mut out = Vec::new();
            for a in &args {
                match &a.kind {
                    Kind::List(items) => out.extend(items.iter().cloned()),
                    _ => return error_value(range),
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
                    _ => return error_value(range),
                }
            }
            Some(Value::new(Kind::Map(out), range))
        }
        "flatten" => list_arg(0).map(|_| list(flatten(&args[0]))),
        "distinct" => list_arg(0).map(|i| list(dedup(i.to_vec()))),
        "reverse" => list_arg(0).map(|i| list(i.iter().rev().cloned().collect())),
        "sort" => list_arg(0).and_then(|i| {
            let mut v: Vec<String> = i.iter().map(scalar_string).collect::<Option<_>>()?;
            v.sort();
            Some(list(v.into_iter().map(string).collect()))
        }),
        "element" => match (list_arg(0), int(1)) {
            (Some(items), Some(i)) if !items.is_empty() && i >= 0 => {
                Some(items[i as usize % items.len()].clone())
            }
            _ => None,
        },
        "index" => list_arg(0).and_then(|items| {
            let x = args.get(1)?;
            items
                .iter()
                .position(|i| values_equal(i, x))
                .map(|p| number(p as f64))
        }),
        "slice" => match (list_arg(0), int(1), int(2)) {
            (Some(items), Some(a), Some(b)) if 0 <= a && a <= b && b as usize <= items.len() => {
                Some(list(items[a as usize..b as usize].to_vec()))
            }
            _ => None,
        },
        "chunklist" => match (list_arg(0), int(1)) {
            (Some(items), Some(size)) if size > 0 => Some(list(
                items
                    .chunks(size as usize)
                    .map(|c| list(c.to_vec()))
                    .collect(),
            )),
            (Some(items), Some(0)) => Some(list(vec![list(items.to_vec())])),
            _ => None,
        },
        "one" => list_arg(0).and_then(|items| match items {
            [] => Some(Value::null(range)),
            [x] => Some(x.clone()),
            _ => None,
        }),
        "lookup" => map_arg(0).and_then(|fields| {
            let k = s(1)?;
            fields
                .iter()
                .rev()
                .find(|f| f.key == k)
                .map(|f| f.value.clone())
                .or_else(|| args.get(2).cloned())
        }),
        "contains" => list_arg(0).and_then(|items| {
            args.get(1)
                .map(|x| boolean(items.iter().any(|i| values_equal(i, x))))
        }),
        "keys" => map_arg(0).map(|fields| {
            let mut keys: Vec<&Field> = fields.iter().collect();
            keys.sort_by(|a, b| a.key.cmp(&b.key));
            list(
                keys.into_iter()
                    .map(|f| Value::string(f.key.clone(), f.key_range))
                    .collect(),
            )
        }),
        "values" => map_arg(0).map(|fields| {
            let mut keys: Vec<&Field> = fields.iter().collect();
            keys.sort_by(|a, b| a.key.cmp(&b.key));
            list(keys.into_iter().map(|f| f.value.clone()).collect())
        }),
        "zipmap" => match (list_arg(0), list_arg(1)) {
            (Some(k), Some(v)) if k.len() == v.len() => (|| {
                let mut out: Vec<Field> = Vec::new();
                for (k, v) in k.iter().zip(v) {
                    let key = scalar_string(k)?;
                    out.retain(|f| f.key != key);
                    out.push(Field {
                        key,
                        key_range: k.range,
                        value: v.clone(),
                    });
                }
                Some(Value::new(Kind::Map(out), range))
            })(),
            _ => None,
        },
        "transpose" => map_arg(0).and_then(|fields| {
            let mut out: Vec<(String, Vec<Value>)> = Vec::new();
            for f in fields {
                for v in f.value.items() {
                    let k = scalar_string(v)?;
                    match out.iter_mut().find(|(x, _)| *x == k) {
                        Some((_, l)) => l.push(Value::string(f.key.clone(), range)),
                        None => out.push((k, vec![Value::string(f.key.clone(), range)])),
                    }
                }
            }
            out.sort_by(|a, b| a.0.cmp(&b.0));
            Some(Value::new(
                Kind::Map(
                    out.into_iter()
                        .map(|(key, l)| Field {
                            key,
                            key_range: range,
                            value: list(l),
                        })
                        .collect(),
                ),
                range,
            ))
        }),
        "compact" => list_arg(0).map(|items| {
            list(
                items
                    .iter()
                    .filter(|i| !matches!(&i.kind, Kind::Null) && i.as_str() != Some(""))
                    .cloned()
                    .collect(),
            )
        }),
        "setunion" | "setintersection" | "setsubtract" => {
            let sets: Option<Vec<&[Value]>> = (0..args.len()).map(list_arg).collect();
            sets.and_then(|sets| {
                let (first, rest) = sets.split_first()?;
                let mut out: Vec<Value> = dedup(first.to_vec());
                for s in rest {
                    match name {
                        "setunion" => {
                            out = dedup(out.into_iter().chain(s.iter().cloned()).collect())
                        }
                        "setintersection" => out.retain(|x| s.iter().any(|y| values_equal(x, y))),
                        _ => out.retain(|x| !s.iter().any(|y| values_equal(x, y))),
                    }
                }
                Some(list(out))
            })
        }
        "setproduct" => {
            let sets: Option<Vec<&[Value]>> = (0..args.len()).map(list_arg).collect();
            sets.map(|sets| {
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
                        return Value::unknown(range);
                    }
                    out = next;
                }
                list(out.into_iter().map(list).collect())
            })
        }
        "range" => {
            let nums: Option<Vec<f64>> = (0..args.len()).map(n).collect();
            nums.and_then(|v| {
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
                    return Some(Value::unknown(range));
                }
                let mut out = Vec::new();
                let mut x = start;
                while (step > 0.0 && x < end) || (step < 0.0 && x > end) {
                    out.push(number(x));
                    x += step;
                }
                Some(list(out))
            })
        }
        "sum" => list_arg(0).and_then(|items| {
            if items.is_empty() {
                return None;
            }
            let v: Option<Vec<f64>> = items.iter().map(Value::as_f64).collect();
            v.map(|v| number(v.iter().sum()))
        }),
        "min" | "max" => {
            let v: Option<Vec<f64>> = args.iter().map(Value::as_f64).collect();
            v.filter(|v| !v.is_empty()).map(|v| {
                number(if name == "min" {
                    v.into_iter().fold(f64::INFINITY, f64::min)
                } else {
                    v.into_iter().fold(f64::NEG_INFINITY, f64::max)
                })
            })
        }
        "abs" => n(0).map(|x| number(x.abs())),
        "ceil" => n(0).map(|x| number(x.ceil())),
        "floor" => n(0).map(|x| number(x.floor())),
        "signum" => n(0).map(|x| number(if x == 0.0 { 0.0 } else { x.signum() })),
        "log" => n(0).zip(n(1)).map(|(x, b)| number(x.log(b))),
        "pow" => n(0).zip(n(1)).map(|(x, y)| number(x.powf(y))),
        "parseint" => s(0)
            .zip(int(1))
            .filter(|(_, b)| (2..=62).contains(b))
            .and_then(|(t, b)| i64::from_str_radix(&t, b as u32).ok())
            .map(|x| number(x as f64)),
        "alltrue" | "anytrue" => list_arg(0).and_then(|items| {
            let v: Option<Vec<bool>> = items.iter().map(Value::as_bool).collect();
            v.map(|v| {
                boolean(if name == "alltrue" {
                    v.iter().all(|b| *b)
                } else {
                    v.iter().any(|b| *b)
                })
            })
        }),
        "cidrsubnet" => match (s(0), int(1), int(2)) {
            (Some(p), Some(bits), Some(num)) => cidrsubnet(&p, bits, num).map(string),
            _ => None,
        },
        "cidrhost" => match (s(0), int(1)) {
            (Some(p), Some(num)) => cidrhost(&p, num).map(string),
            _ => None,
        },
        "cidrnetmask" => s(0).and_then(|p| {
            let (_, len) = parse_cidr(&p)?;
            let mask = if len == 0 { 0 } else { u32::MAX << (32 - len) };
            Some(string(std::net::Ipv4Addr::from(mask).to_string()))
        }),
        _ => None,
    };
    // A known call that gives no result is one Terraform would reject.
    match result {
        Some(v) => v,
        // Rejected known arguments are an error; with unknown parts inside,
        // the result is only unknown.
        None if wholly_known => error_value(range),
        None => unknown(&args),
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

/// Terraform's `format`: `%%`, and the verbs `s`, `v`, `q`, `d`, `t`, `f`,
/// `x`, `X`, `o`, `b` with the flags `-`, `0`, `+`, a width and a precision.
fn format(f: &str, args: &[Value]) -> Option<String> {
    let mut out = String::new();
    let mut it = args.iter();
    let mut chars = f.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '%' {
            out.push(c);
            continue;
        }
        if chars.peek() == Some(&'%') {
            chars.next();
            out.push('%');
            continue;
        }
        let (mut left, mut zero, mut plus) = (false, false, false);
        while let Some(&fl) = chars.peek() {
            match fl {
                '-' => left = true,
                '0' => zero = true,
                '+' => plus = true,
                _ => break,
            }
            chars.next();
        }
        let mut width = 0usize;
        while let Some(d) = chars.peek().and_then(|c| c.to_digit(10)) {
            width = (width * 10 + d as usize).min(1000);
            chars.next();
        }
        let mut precision: Option<usize> = None;
        if chars.peek() == Some(&'.') {
            chars.next();
            let mut p = 0usize;
            while let Some(d) = chars.peek().and_then(|c| c.to_digit(10)) {
                p = (p * 10 + d as usize).min(100);
                chars.next();
            }
            precision = Some(p);
        }
        let arg = it.next()?;
        let int = || {
            arg.as_f64()
                .filter(|n| n.fract() == 0.0 && n.abs() < 9.0e15)
                .map(|n| n as i64)
        };
        let sign = |n: f64, s: String| if plus && n >= 0.0 { format!("+{s}") } else { s };
        let piece = match chars.next()? {
            's' | 'v' => {
                let t = scalar_string(arg)?;
                match precision {
                    Some(p) => t.chars().take(p).collect(),
                    None => t,
                }
            }
            'q' => format!("{:?}", scalar_string(arg)?),
            'd' => sign(arg.as_f64()?, int()?.to_string()),
            't' => match &arg.kind {
                Kind::Bool(b) => b.to_string(),
                _ => return None,
            },
            'f' => {
                let x = arg.as_f64()?;
                sign(x, format!("{:.*}", precision.unwrap_or(6), x))
            }
            'x' => format!("{:x}", int()?),
            'X' => format!("{:X}", int()?),
            'o' => format!("{:o}", int()?),
            'b' => format!("{:b}", int()?),
            _ => return None,
        };
        let pad = width.saturating_sub(piece.chars().count());
        if left {
            out.push_str(&piece);
            out.push_str(&" ".repeat(pad));
        } else if zero && !piece.starts_with('-') && !piece.starts_with('+') {
            out.push_str(&"0".repeat(pad));
            out.push_str(&piece);
        } else if zero {
            let (s, rest) = piece.split_at(1);
            out.push_str(s);
            out.push_str(&"0".repeat(pad));
            out.push_str(rest);
        } else {
            out.push_str(&" ".repeat(pad));
            out.push_str(&piece);
        }
    }
    Some(out)
}

fn title(t: &str) -> String {
    let mut out = String::with_capacity(t.len());
    let mut start = true;
    for c in t.chars() {
        if start && c.is_alphabetic() {
            out.extend(c.to_uppercase());
        } else {
            out.push(c);
        }
        start = !c.is_alphanumeric();
    }
    out
}

fn substr(t: &str, off: i64, len: i64) -> Option<String> {
    let chars: Vec<char> = t.chars().collect();
    let n = chars.len() as i64;
    let start = if off < 0 { n + off } else { off };
    if start < 0 || start > n {
        return None;
    }
    let end = if len < 0 { n } else { (start + len).min(n) };
    Some(chars[start as usize..end as usize].iter().collect())
}

fn urlencode(t: &str) -> String {
    t.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// Terraform's regex replacements use `$1`; Rust's use `${1}`: wrap bare
/// group numbers so `$1x` is not read as a group named `1x`.
fn go_replacement(to: &str) -> String {
    let mut out = String::new();
    let mut chars = to.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '$' && chars.peek().is_some_and(char::is_ascii_digit) {
            let mut digits = String::new();
            while let Some(d) = chars.peek().filter(|d| d.is_ascii_digit()) {
                digits.push(*d);
                chars.next();
            }
            out.push_str(&format!("${{{digits}}}"));
        } else {
            out.push(c);
        }
    }
    out
}

/// `regex()`'s result: the match without groups, a list of groups, or a map
/// of named groups.
fn captures(re: &regex::Regex, caps: &regex::Captures, range: Range) -> Value {
    let text = |m: Option<regex::Match>| {
        m.map(|m| Value::string(m.as_str(), range))
            .unwrap_or_else(|| Value::null(range))
    };
    if re.captures_len() == 1 {
        return text(caps.get(0));
    }
    let names: Vec<Option<&str>> = re.capture_names().skip(1).collect();
    if names.iter().all(Option::is_some) {
        return Value::new(
            Kind::Map(
                names
                    .iter()
                    .enumerate()
                    .map(|(i, n)| Field {
                        key: n.unwrap_or_default().to_string(),
                        key_range: range,
                        value: text(caps.get(i + 1)),
                    })
                    .collect(),
            ),
            range,
        );
    }
    Value::new(
        Kind::List((1..re.captures_len()).map(|i| text(caps.get(i))).collect()),
        range,
    )
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

/// An IPv4 prefix: its network address and length.
fn parse_cidr(p: &str) -> Option<(u32, u32)> {
    let (addr, len) = p.split_once('/')?;
    let addr: std::net::Ipv4Addr = addr.parse().ok()?;
    let len: u32 = len.parse().ok()?;
    if len > 32 {
        return None;
    }
    let mask = if len == 0 { 0 } else { u32::MAX << (32 - len) };
    Some((u32::from(addr) & mask, len))
}

fn cidrsubnet(p: &str, bits: i64, num: i64) -> Option<String> {
    let (net, len) = parse_cidr(p)?;
    let new_len = len as i64 + bits;
    if bits < 0 || new_len > 32 || num < 0 || (bits < 63 && num >= 1i64 << bits) {
        return None;
    }
    let shifted = if new_len == 0 {
        0
    } else {
        (num as u32) << (32 - new_len)
    };
    Some(format!(
        "{}/{new_len}",
        std::net::Ipv4Addr::from(net | shifted)
    ))
}

fn cidrhost(p: &str, num: i64) -> Option<String> {
    let (net, len) = parse_cidr(p)?;
    let size: i64 = 1i64 << (32 - len);
    let n = if num < 0 { size + num } else { num };
    if n < 0 || n >= size {
        return None;
    }
    Some(std::net::Ipv4Addr::from(net + n as u32).to_string())
}

/// A regular expression with a bounded compiled size (matching is linear).
fn compile(pattern: &str) -> Option<regex::Regex> {
    regex::RegexBuilder::new(pattern)
        .size_limit(1 << 20)
        .build()
        .ok()
}

const B64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

fn base64_encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(B64[((n >> (18 - 6 * i)) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

fn base64_decode(text: &str) -> Option<Vec<u8>> {
    let t = text.trim_end_matches('=');
    let mut out = Vec::with_capacity(t.len() * 3 / 4);
    let (mut acc, mut bits) = (0u32, 0u32);
    for c in t.bytes() {
        let v = B64.iter().position(|&x| x == c)? as u32;
        acc = (acc << 6) | v;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::{FileId, Span};

    fn r() -> Range {
        Range::new(FileId(0), Span::new(0, 1))
    }

    fn s(t: &str) -> Value {
        Value::string(t, r())
    }

    fn n(x: f64) -> Value {
        Value::new(Kind::Number(x), r())
    }

    fn text(v: &Value) -> String {
        scalar_string(v).unwrap_or_else(|| format!("{v:?}"))
    }

    #[test]
    fn network_functions() {
        assert_eq!(
            text(&call(
                "cidrsubnet",
                vec![s("10.0.0.0/16"), n(8.0), n(2.0)],
                r()
            )),
            "10.0.2.0/24"
        );
        assert_eq!(
            text(&call(
                "cidrsubnet",
                vec![s("10.1.2.3/16"), n(4.0), n(15.0)],
                r()
            )),
            "10.1.240.0/20"
        );
        assert_eq!(
            text(&call("cidrhost", vec![s("10.0.0.0/24"), n(-1.0)], r())),
            "10.0.0.255"
        );
        assert_eq!(
            text(&call("cidrnetmask", vec![s("10.0.0.0/12")], r())),
            "255.240.0.0"
        );
        // Out of range: an error.
        assert!(has_error(&call(
            "cidrsubnet",
            vec![s("10.0.0.0/16"), n(2.0), n(4.0)],
            r()
        )));
    }

    #[test]
    fn string_functions() {
        assert_eq!(
            text(&call(
                "replace",
                vec![s("a-on"), s("/-(on|off)$/"), s("-$1x")],
                r()
            )),
            "a-onx"
        );
        assert_eq!(
            text(&call("replace", vec![s("a.b.c"), s("."), s("/")], r())),
            "a/b/c"
        );
        assert_eq!(
            text(&call("substr", vec![s("hello"), n(-3.0), n(-1.0)], r())),
            "llo"
        );
        assert_eq!(
            text(&call(
                "format",
                vec![
                    s("%s-%03d|%-3s|%t|%.1f|%x"),
                    s("a"),
                    n(7.0),
                    s("b"),
                    Value::new(Kind::Bool(true), r()),
                    n(2.25),
                    n(255.0)
                ],
                r()
            )),
            "a-007|b  |true|2.2|ff"
        );
        assert_eq!(
            text(&call("base64encode", vec![s("palisade")], r())),
            "cGFsaXNhZGU="
        );
        assert_eq!(
            text(&call("base64decode", vec![s("cGFsaXNhZGU=")], r())),
            "palisade"
        );
        assert_eq!(
            text(&call("title", vec![s("hello world")], r())),
            "Hello World"
        );
        assert_eq!(text(&call("trim", vec![s("?!hi!?"), s("!?")], r())), "hi");
    }

    #[test]
    fn unknown_and_error_arguments() {
        let unknown = Value::unknown(r());
        let error = error_value(r());
        // An unknown argument: unknown, not an error, never the fallback.
        let v = call("try", vec![unknown.clone(), s("fallback")], r());
        assert!(v.is_unknown() && !has_error(&v));
        // An error is skipped.
        assert_eq!(
            text(&call("try", vec![error.clone(), s("fallback")], r())),
            "fallback"
        );
        assert_eq!(call("can", vec![error.clone()], r()).as_bool(), Some(false));
        assert!(call("can", vec![unknown.clone()], r()).is_unknown());
        assert!(call("lower", vec![unknown.clone()], r()).is_unknown());
        assert!(has_error(&call("lower", vec![error], r())));
        // coalesce stops at an unknown argument.
        assert!(call("coalesce", vec![s(""), unknown, s("x")], r()).is_unknown());
        // Not implemented: unknown, so try does not skip it.
        let v = call("timestamp", vec![], r());
        assert!(v.is_unknown() && !has_error(&v));
        // Too large to evaluate: unknown, not an error.
        let v = call("range", vec![n(1e9)], r());
        assert!(v.is_unknown() && !has_error(&v));
    }

    #[test]
    fn structural_functions_accept_unknown_elements() {
        let unknown = Value::unknown(r());
        let list = Value::new(Kind::List(vec![unknown.clone(), s("a")]), r());
        let map = |k: &str, v: Value| {
            Value::new(
                Kind::Map(vec![Field {
                    key: k.into(),
                    key_range: r(),
                    value: v,
                }]),
                r(),
            )
        };
        assert_eq!(call("length", vec![list.clone()], r()).as_i64(), Some(2));
        assert_eq!(text(&call("element", vec![list.clone(), n(1.0)], r())), "a");
        let merged = call(
            "merge",
            vec![map("a", unknown.clone()), map("b", s("x"))],
            r(),
        );
        assert!(merged.get("a").unwrap().is_unknown());
        assert_eq!(merged.get("b").and_then(Value::as_str), Some("x"));
        let m = call(
            "merge",
            vec![map("a", unknown.clone()), map("b", s("x"))],
            r(),
        );
        assert_eq!(text(&call("lookup", vec![m, s("b")], r())), "x");
        // Not structural: an unknown element makes the result unknown.
        assert!(call("contains", vec![list.clone(), s("b")], r()).is_unknown());
        assert!(call("distinct", vec![list], r()).is_unknown());
        // An unknown collection or key is unknown.
        assert!(call("length", vec![unknown.clone()], r()).is_unknown());
        assert!(call("lookup", vec![map("a", s("x")), unknown], r()).is_unknown());
        assert_eq!(
            text(&call("basename", vec![s("a/b/c.json")], r())),
            "c.json"
        );
        assert_eq!(text(&call("dirname", vec![s("a/b/c.json")], r())), "a/b");
    }
}
