//! String functions: `endswith`, `format`, `formatlist`, `indent`, `join`,
//! `lower`, `regex`, `regexall`, `replace`, `split`, `startswith`, `strrev`,
//! `substr`, `title`, `trim`, `trimprefix`, `trimspace`, `trimsuffix`,
//! `upper`.

use super::Args;
use crate::eval::terraform::{scalar_string, MAX_COLLECTION};
use crate::eval::value::{Field, Kind, Value};
use crate::source::Range;

pub(super) const NAMES: &[&str] = &[
    "endswith",
    "format",
    "formatlist",
    "indent",
    "join",
    "lower",
    "regex",
    "regexall",
    "replace",
    "split",
    "startswith",
    "strrev",
    "substr",
    "title",
    "trim",
    "trimprefix",
    "trimspace",
    "trimsuffix",
    "upper",
];

pub(super) fn call(name: &str, a: &Args) -> Option<Value> {
    let string = |t: String| a.string(t);
    match name {
        "lower" => a.s(0).map(|t| string(t.to_lowercase())),
        "upper" => a.s(0).map(|t| string(t.to_uppercase())),
        "title" => a.s(0).map(|t| string(title(&t))),
        "strrev" => a.s(0).map(|t| string(t.chars().rev().collect())),
        "trimspace" => a.s(0).map(|t| string(t.trim().to_string())),
        "trim" => a
            .s(0)
            .zip(a.s(1))
            .map(|(t, c)| string(t.trim_matches(|x| c.contains(x)).to_string())),
        "trimprefix" => a
            .s(0)
            .zip(a.s(1))
            .map(|(t, p)| string(t.strip_prefix(p.as_str()).unwrap_or(&t).to_string())),
        "trimsuffix" => a
            .s(0)
            .zip(a.s(1))
            .map(|(t, p)| string(t.strip_suffix(p.as_str()).unwrap_or(&t).to_string())),
        "startswith" => a
            .s(0)
            .zip(a.s(1))
            .map(|(t, p)| a.boolean(t.starts_with(&p))),
        "endswith" => a.s(0).zip(a.s(1)).map(|(t, p)| a.boolean(t.ends_with(&p))),
        "indent" => a.int(0).zip(a.s(1)).map(|(k, t)| {
            let pad = " ".repeat(k.clamp(0, 1000) as usize);
            string(t.replace('\n', &format!("\n{pad}")))
        }),
        "substr" => match (a.s(0), a.int(1), a.int(2)) {
            (Some(t), Some(off), Some(len)) => substr(&t, off, len).map(string),
            _ => None,
        },
        "join" => a.items(1).and_then(|_| {
            let parts: Option<Vec<String>> = a.args[1..]
                .iter()
                .flat_map(|v| v.items())
                .map(scalar_string)
                .collect();
            a.s(0).zip(parts).map(|(d, p)| string(p.join(&d)))
        }),
        "split" => a
            .s(0)
            .zip(a.s(1))
            .filter(|(d, _)| !d.is_empty())
            .map(|(d, t)| {
                if t.is_empty() {
                    a.list(Vec::new())
                } else {
                    a.list(t.split(d.as_str()).map(|p| string(p.to_string())).collect())
                }
            }),
        "replace" => replace(a),
        "regex" => a.s(0).zip(a.s(1)).and_then(|(p, t)| {
            let re = compile(&p)?;
            let caps = re.captures(&t)?;
            Some(captures(&re, &caps, a.range))
        }),
        "regexall" => a.s(0).zip(a.s(1)).and_then(|(p, t)| {
            let re = compile(&p)?;
            Some(
                a.list(
                    re.captures_iter(&t)
                        .take(MAX_COLLECTION)
                        .map(|c| captures(&re, &c, a.range))
                        .collect(),
                ),
            )
        }),
        "format" => a.s(0).and_then(|f| format(&f, &a.args[1..]).map(string)),
        "formatlist" => a.s(0).and_then(|f| formatlist(&f, a)),
        _ => None,
    }
}

/// `replace(string, substring, replacement)`; a substring in slashes is a
/// regular expression.
fn replace(a: &Args) -> Option<Value> {
    let (t, from, to) = (a.s(0)?, a.s(1)?, a.s(2)?);
    if from.len() >= 2 && from.starts_with('/') && from.ends_with('/') {
        let re = compile(&from[1..from.len() - 1])?;
        return Some(
            a.string(
                re.replace_all(&t, go_replacement(&to).as_str())
                    .into_owned(),
            ),
        );
    }
    Some(a.string(t.replace(&from, &to)))
}

/// `formatlist`: `format` once per element of the list arguments (all as
/// long as the longest), a scalar argument repeated.
fn formatlist(f: &str, a: &Args) -> Option<Value> {
    let rest = &a.args[1..];
    let len = rest
        .iter()
        .filter_map(|v| match &v.kind {
            Kind::List(i) => Some(i.len()),
            _ => None,
        })
        .max()?;
    let mut out = Vec::new();
    for i in 0..len {
        let row: Vec<Value> = rest
            .iter()
            .map(|v| match &v.kind {
                Kind::List(items) => items.get(i).cloned(),
                _ => Some(v.clone()),
            })
            .collect::<Option<_>>()?;
        out.push(a.string(format(f, &row)?));
    }
    Some(a.list(out))
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
        let piece = verb(chars.next()?, arg, plus, precision)?;
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

/// One `format` verb applied to its argument, before padding.
fn verb(verb: char, arg: &Value, plus: bool, precision: Option<usize>) -> Option<String> {
    let int = || {
        arg.as_f64()
            .filter(|n| n.fract() == 0.0 && n.abs() < 9.0e15)
            .map(|n| n as i64)
    };
    let sign = |n: f64, s: String| if plus && n >= 0.0 { format!("+{s}") } else { s };
    Some(match verb {
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
    })
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

/// A regular expression with a bounded compiled size (matching is linear).
fn compile(pattern: &str) -> Option<regex::Regex> {
    regex::RegexBuilder::new(pattern)
        .size_limit(1 << 20)
        .build()
        .ok()
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;

    #[test]
    fn replace_with_strings_and_regular_expressions() {
        assert_eq!(
            text(&f("replace", vec![s("a-on"), s("/-(on|off)$/"), s("-$1x")])),
            "a-onx"
        );
        assert_eq!(
            text(&f("replace", vec![s("a.b.c"), s("."), s("/")])),
            "a/b/c"
        );
        assert_eq!(
            text(&f(
                "replace",
                vec![s("hello world"), s("/w.*d/"), s("everybody")]
            )),
            "hello everybody"
        );
        // An invalid regular expression: an error.
        assert!(is_error(&f("replace", vec![s("x"), s("/(/"), s("y")])));
    }

    #[test]
    fn substr_counts_characters_and_offsets_from_the_end() {
        assert_eq!(
            text(&f("substr", vec![s("hello world"), n(1.0), n(4.0)])),
            "ello"
        );
        assert_eq!(
            text(&f("substr", vec![s("hello"), n(-3.0), n(-1.0)])),
            "llo"
        );
        assert_eq!(text(&f("substr", vec![s("🤔🤷"), n(0.0), n(1.0)])), "🤔");
        assert_eq!(text(&f("substr", vec![s("hi"), n(0.0), n(10.0)])), "hi");
        assert!(is_error(&f("substr", vec![s("hi"), n(3.0), n(1.0)])));
    }

    #[test]
    fn format_verbs_flags_and_widths() {
        assert_eq!(
            text(&f(
                "format",
                vec![
                    s("%s-%03d|%-3s|%t|%.1f|%x"),
                    s("a"),
                    n(7.0),
                    s("b"),
                    b(true),
                    n(2.25),
                    n(255.0)
                ]
            )),
            "a-007|b  |true|2.2|ff"
        );
        assert_eq!(
            text(&f("format", vec![s("Hello, %s!"), s("Ander")])),
            "Hello, Ander!"
        );
        assert_eq!(
            text(&f(
                "format",
                vec![s("%+d|%05d|%q|100%%"), n(3.0), n(-42.0), s("x")]
            )),
            "+3|-0042|\"x\"|100%"
        );
        assert_eq!(
            text(&f("format", vec![s("%X %o %b"), n(255.0), n(8.0), n(5.0)])),
            "FF 10 101"
        );
        // Too few arguments, a bad verb, a non-bool for %t: errors.
        assert!(is_error(&f("format", vec![s("%s %s"), s("a")])));
        assert!(is_error(&f("format", vec![s("%z"), s("a")])));
        assert!(is_error(&f("format", vec![s("%t"), s("a")])));
    }

    #[test]
    fn formatlist_repeats_scalars_along_lists() {
        let v = f(
            "formatlist",
            vec![s("Hello, %s!"), list(vec![s("Valentina"), s("Ander")])],
        );
        assert_eq!(texts(&v), ["Hello, Valentina!", "Hello, Ander!"]);
        let v = f(
            "formatlist",
            vec![s("%s-%s"), s("x"), list(vec![s("1"), s("2")])],
        );
        assert_eq!(texts(&v), ["x-1", "x-2"]);
        // Lists of different lengths: an error.
        let v = f(
            "formatlist",
            vec![s("%s%s"), list(vec![s("a")]), list(vec![s("b"), s("c")])],
        );
        assert!(is_error(&v));
    }

    #[test]
    fn case_trim_and_affixes() {
        assert_eq!(text(&f("title", vec![s("hello world")])), "Hello World");
        assert_eq!(text(&f("upper", vec![s("héllo")])), "HÉLLO");
        assert_eq!(text(&f("lower", vec![s("HELLO")])), "hello");
        assert_eq!(text(&f("strrev", vec![s("abc")])), "cba");
        assert_eq!(text(&f("trim", vec![s("?!hi!?"), s("!?")])), "hi");
        assert_eq!(text(&f("trimspace", vec![s("  hi \n")])), "hi");
        assert_eq!(
            text(&f("trimprefix", vec![s("helloworld"), s("hello")])),
            "world"
        );
        assert_eq!(
            text(&f("trimprefix", vec![s("helloworld"), s("cat")])),
            "helloworld"
        );
        assert_eq!(
            text(&f("trimsuffix", vec![s("helloworld"), s("world")])),
            "hello"
        );
        assert_eq!(
            f("startswith", vec![s("hello"), s("he")]).as_bool(),
            Some(true)
        );
        assert_eq!(
            f("endswith", vec![s("hello"), s("he")]).as_bool(),
            Some(false)
        );
        assert_eq!(text(&f("indent", vec![n(2.0), s("a\nb")])), "a\n  b");
    }

    #[test]
    fn join_and_split() {
        assert_eq!(
            text(&f("join", vec![s(", "), list(vec![s("foo"), s("bar")])])),
            "foo, bar"
        );
        assert_eq!(
            text(&f(
                "join",
                vec![s("-"), list(vec![s("a")]), list(vec![s("b"), n(1.0)])]
            )),
            "a-b-1"
        );
        assert_eq!(
            texts(&f("split", vec![s(","), s("a,b,,c")])),
            ["a", "b", "", "c"]
        );
        assert!(f("split", vec![s(","), s("")]).items().is_empty());
        assert!(is_error(&f("split", vec![s(""), s("abc")])));
    }

    #[test]
    fn regex_groups_become_lists_or_maps() {
        assert_eq!(
            text(&f(
                "regex",
                vec![s("[a-z]+"), s("53453453.345345aaabbbccc23454")]
            )),
            "aaabbbccc"
        );
        let v = f("regex", vec![s("(\\d\\d\\d\\d)-(\\d\\d)"), s("2019-02-01")]);
        assert_eq!(texts(&v), ["2019", "02"]);
        let v = f("regex", vec![s("(?P<y>\\d+)-(?P<m>\\d+)"), s("2019-02")]);
        assert_eq!(v.get("m").and_then(|m| m.as_str()), Some("02"));
        assert_eq!(
            texts(&f("regexall", vec![s("[a-z]+"), s("1a2bb3")])),
            ["a", "bb"]
        );
        // No match: regex is an error, regexall an empty list.
        assert!(is_error(&f("regex", vec![s("z"), s("abc")])));
        assert!(f("regexall", vec![s("z"), s("abc")]).items().is_empty());
    }
}
