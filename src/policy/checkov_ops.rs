//! Checkov's value operators beyond comparisons: port ranges
//! (`range_includes`), word counts (`number_of_words_*`) and CIDR
//! containment (`cidr_range_subset`), as its solvers compute them.

use ipnet::IpNet;

use super::pyval::PyVal;
use crate::net::parse_cidr;

/// Python's `int(x)` as Checkov's `force_int` uses it (`None` on failure).
fn force_int(v: &PyVal) -> Option<i64> {
    match v {
        PyVal::Num(n) if n.is_finite() => Some(n.trunc() as i64),
        PyVal::Bool(b) => Some(*b as i64),
        PyVal::Str(s) => s.trim().replace('_', "").parse().ok(),
        _ => None,
    }
}

/// One `range_includes` value after Checkov's preprocessing.
#[derive(Clone, Debug, PartialEq)]
enum Want {
    /// A number (an int, or a string holding one, or a float).
    Num(f64),
    /// `"a-b"`: every integer from `a` to `b`.
    Span(i64, i64),
    /// A string that is not a number: Python's `None`.
    None,
    /// Anything else (a list, a map): matches only `*`.
    Other,
}

/// Checks a `range_includes` value when loading: a string with a `-` must
/// be two parts (Checkov fails on `"1-2-3"`).
pub fn check_range_value(value: &PyVal) -> Result<(), String> {
    let items = match value {
        PyVal::List(l) => l.as_slice(),
        v => std::slice::from_ref(v),
    };
    for v in items {
        if let PyVal::Str(s) = v {
            if s.matches('-').count() > 1 {
                return Err(format!(
                    "`{s}` is not a range (expected a number or `from-to`)"
                ));
            }
        }
    }
    Ok(())
}

fn wants(value: &PyVal) -> Vec<Want> {
    let items = match value {
        PyVal::List(l) => l.as_slice(),
        v => std::slice::from_ref(v),
    };
    let mut out = Vec::new();
    for v in items {
        match v {
            PyVal::Str(s) if s.contains('-') => {
                let (a, b) = s.split_once('-').unwrap_or((s, ""));
                let a = force_int(&PyVal::Str(a.into()));
                let b = force_int(&PyVal::Str(b.into()));
                if let (Some(a), Some(b)) = (a, b) {
                    if a <= b {
                        out.push(Want::Span(a, b));
                    }
                }
            }
            PyVal::Str(_) | PyVal::Bool(_) => match force_int(v) {
                Some(n) => out.push(Want::Num(n as f64)),
                None => out.push(Want::None),
            },
            PyVal::Num(n) if n.fract() == 0.0 => out.push(Want::Num(*n)),
            PyVal::Num(n) => out.push(Want::Num(*n)),
            PyVal::None => out.push(Want::None),
            _ => out.push(Want::Other),
        }
    }
    out
}

/// Checkov's `_check_value` for one wanted value and one attribute value.
fn includes(want: &Want, attr: &PyVal) -> bool {
    if matches!(attr, PyVal::Str(s) if s == "*") {
        return true;
    }
    if let PyVal::Str(s) = attr {
        if s.matches('-').count() == 1 {
            let (a, b) = s.split_once('-').expect("one dash");
            let (Some(a), Some(b)) = (
                force_int(&PyVal::Str(a.into())),
                force_int(&PyVal::Str(b.into())),
            ) else {
                return false;
            };
            return match want {
                Want::Num(n) => (a as f64) <= *n && *n <= b as f64,
                Want::Span(x, y) => *x <= b && a <= *y,
                Want::None | Want::Other => false,
            };
        }
    }
    let got = force_int(attr);
    match want {
        Want::Num(n) => got.is_some_and(|g| g as f64 == *n),
        Want::Span(x, y) => got.is_some_and(|g| *x <= g && g <= *y),
        Want::None => got.is_none(),
        Want::Other => false,
    }
}

/// `range_includes`: the attribute (a port, `"from-to"`, `*`, or a list of
/// those) includes one of the wanted values.
pub fn range_includes(attr: Option<&PyVal>, value: &PyVal) -> bool {
    let Some(attr) = attr.filter(|a| **a != PyVal::None) else {
        return false;
    };
    let wants = wants(value);
    let attrs = match attr {
        PyVal::List(l) => l.as_slice(),
        a => std::slice::from_ref(a),
    };
    attrs.iter().any(|a| wants.iter().any(|w| includes(w, a)))
}

/// How `number_of_words_*` compares.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WordsCmp {
    Eq,
    Gt,
    Ge,
    Lt,
    Le,
}

/// `number_of_words_*`: the attribute is a string whose whitespace-split
/// word count compares with the value.
pub fn number_of_words(cmp: WordsCmp, attr: Option<&PyVal>, value: &PyVal) -> bool {
    let Some(PyVal::Str(s)) = attr else {
        return false;
    };
    let Some(want) = force_int(value) else {
        return false;
    };
    let n = s.split_whitespace().count() as i64;
    match cmp {
        WordsCmp::Eq => n == want,
        WordsCmp::Gt => n > want,
        WordsCmp::Ge => n >= want,
        WordsCmp::Lt => n < want,
        WordsCmp::Le => n <= want,
    }
}

fn cidrs(v: &PyVal) -> Option<Vec<IpNet>> {
    match v {
        PyVal::Str(s) => Some(vec![parse_cidr(s)?]),
        PyVal::List(items) => items
            .iter()
            .map(|i| match i {
                PyVal::Str(s) => parse_cidr(s),
                _ => None,
            })
            .collect(),
        _ => None,
    }
}

/// Checks a `cidr_range_subset` value when loading.
pub fn check_cidr_value(value: &PyVal) -> Result<(), String> {
    match cidrs(value) {
        Some(l) if !l.is_empty() => Ok(()),
        _ => Err("the value must be a CIDR block or a list of CIDR blocks".into()),
    }
}

/// `cidr_range_subset`: every block of the attribute (a block or a list)
/// lies inside one of the value's blocks. A missing or empty attribute is
/// false; one that is not a list of CIDR blocks cannot be decided (Checkov
/// fails on it), so it is `None`. Blocks of different families never
/// contain each other.
pub fn cidr_range_subset(attr: Option<&PyVal>, value: &PyVal) -> Option<bool> {
    let attr = match attr {
        None | Some(PyVal::None) => return Some(false),
        Some(a) if a.len() == Some(0) => return Some(false),
        Some(a) => a,
    };
    let allowed = cidrs(value)?;
    let got = cidrs(attr)?;
    Some(got.iter().all(|g| allowed.iter().any(|a| a.contains(g))))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(x: &str) -> PyVal {
        PyVal::Str(x.into())
    }

    #[test]
    fn ranges_like_checkov() {
        let v = PyVal::Num(3000.0);
        for pass in ["*", "3000", "3000-4000", "2000-3000", "2000-4000"] {
            assert!(range_includes(Some(&s(pass)), &v), "{pass}");
        }
        assert!(range_includes(Some(&PyVal::Num(3000.0)), &v));
        for fail in [
            "2000",
            "1000-2000",
            "4000-5000",
            "abc",
            "abc-123",
            "1000-5000-6000",
        ] {
            assert!(!range_includes(Some(&s(fail)), &v), "{fail}");
        }
        assert!(!range_includes(None, &v));
        let list = PyVal::List(vec![PyVal::Num(200.0), s("3000-4000"), s("400-500")]);
        assert!(range_includes(Some(&s("4000-5000")), &list));
        assert!(!range_includes(Some(&s("1000-2000")), &list));
        assert!(check_range_value(&s("1-2-3")).is_err());
    }

    #[test]
    fn words_and_cidrs() {
        assert!(number_of_words(
            WordsCmp::Eq,
            Some(&s(" a  b c ")),
            &PyVal::Num(3.0)
        ));
        assert!(!number_of_words(WordsCmp::Eq, None, &PyVal::Num(0.0)));
        let allowed = PyVal::List(vec![s("10.0.0.0/8"), s("192.168.0.0/16")]);
        assert_eq!(
            cidr_range_subset(Some(&s("10.1.0.0/16")), &allowed),
            Some(true)
        );
        assert_eq!(
            cidr_range_subset(
                Some(&PyVal::List(vec![s("10.1.0.0/16"), s("0.0.0.0/0")])),
                &allowed
            ),
            Some(false)
        );
        assert_eq!(cidr_range_subset(Some(&s("::/0")), &allowed), Some(false));
        assert_eq!(cidr_range_subset(Some(&s("nope")), &allowed), None);
        assert_eq!(cidr_range_subset(None, &allowed), Some(false));
    }
}
