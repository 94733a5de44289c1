//! Values as Checkov's Python operators see them, so the YAML engine
//! compares like Checkov does (`str(True)`, `x in list`, substring `in`).

use crate::eval::value::{format_number, Kind, Value};
use crate::parse::{Node, NodeKind};

#[derive(Clone, Debug, PartialEq)]
pub enum PyVal {
    None,
    Bool(bool),
    Num(f64),
    Str(String),
    List(Vec<PyVal>),
    Dict(Vec<(String, PyVal)>),
}

impl PyVal {
    /// A policy's `value`, as Python's YAML loader reads it.
    pub fn from_node(n: &Node) -> PyVal {
        match &n.kind {
            NodeKind::Null => PyVal::None,
            NodeKind::Bool(b) => PyVal::Bool(*b),
            NodeKind::Number(s) => s
                .parse::<f64>()
                .map(PyVal::Num)
                .unwrap_or_else(|_| PyVal::Str(s.clone())),
            NodeKind::String(s) => PyVal::Str(s.clone()),
            NodeKind::Seq(items) => PyVal::List(items.iter().map(PyVal::from_node).collect()),
            NodeKind::Map(entries) => PyVal::Dict(
                entries
                    .iter()
                    .map(|e| (e.key.clone(), PyVal::from_node(&e.value)))
                    .collect(),
            ),
        }
    }

    /// A wholly known evaluated value (`None` when any part is unknown).
    pub fn from_value(v: &Value) -> Option<PyVal> {
        Some(match &v.kind {
            Kind::Null | Kind::Absent => PyVal::None,
            Kind::Bool(b) => PyVal::Bool(*b),
            Kind::Number(n) => PyVal::Num(*n),
            Kind::String(s) => PyVal::Str(s.text.clone()),
            Kind::List(items) => PyVal::List(
                items
                    .iter()
                    .filter(|i| !matches!(i.kind, Kind::Absent))
                    .map(PyVal::from_value)
                    .collect::<Option<_>>()?,
            ),
            Kind::Map(fields) => PyVal::Dict(
                fields
                    .iter()
                    .filter(|f| !matches!(f.value.kind, Kind::Absent))
                    .map(|f| Some((f.key.clone(), PyVal::from_value(&f.value)?)))
                    .collect::<Option<_>>()?,
            ),
            Kind::Unknown(_) | Kind::Choice(_) => return None,
        })
    }

    /// Python's `str()`.
    pub fn py_str(&self) -> String {
        match self {
            PyVal::Str(s) => s.clone(),
            other => other.repr(),
        }
    }

    /// Python's `repr()`.
    fn repr(&self) -> String {
        match self {
            PyVal::None => "None".into(),
            PyVal::Bool(true) => "True".into(),
            PyVal::Bool(false) => "False".into(),
            PyVal::Num(n) => format_number(*n),
            PyVal::Str(s) => format!("'{s}'"),
            PyVal::List(items) => format!(
                "[{}]",
                items.iter().map(PyVal::repr).collect::<Vec<_>>().join(", ")
            ),
            PyVal::Dict(fields) => format!(
                "{{{}}}",
                fields
                    .iter()
                    .map(|(k, v)| format!("'{k}': {}", v.repr()))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        }
    }

    /// Python's `==` (numbers compare by value, `True == 1`).
    pub fn py_eq(&self, other: &PyVal) -> bool {
        match (self, other) {
            (PyVal::Num(a), PyVal::Num(b)) => a == b,
            (PyVal::Bool(a), PyVal::Num(b)) | (PyVal::Num(b), PyVal::Bool(a)) => {
                (*a as u8 as f64) == *b
            }
            (PyVal::List(a), PyVal::List(b)) => {
                a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x.py_eq(y))
            }
            (PyVal::Dict(a), PyVal::Dict(b)) => {
                a.len() == b.len()
                    && a.iter()
                        .all(|(k, v)| b.iter().any(|(k2, v2)| k == k2 && v.py_eq(v2)))
            }
            (a, b) => a == b,
        }
    }

    /// Python's `needle in self`; `None` where Python raises a `TypeError`.
    pub fn contains(&self, needle: &PyVal) -> Option<bool> {
        match self {
            PyVal::Str(s) => match needle {
                PyVal::Str(n) => Some(s.contains(n.as_str())),
                _ => None,
            },
            PyVal::List(items) => Some(items.iter().any(|i| i.py_eq(needle))),
            PyVal::Dict(fields) => match needle {
                PyVal::Str(n) => Some(fields.iter().any(|(k, _)| k == n)),
                _ => Some(false),
            },
            _ => None,
        }
    }

    /// Python's `bool()`.
    pub fn truthy(&self) -> bool {
        match self {
            PyVal::None => false,
            PyVal::Bool(b) => *b,
            PyVal::Num(n) => *n != 0.0,
            other => other.len() != Some(0),
        }
    }

    /// `len()` of a string, list or dict.
    pub fn len(&self) -> Option<usize> {
        match self {
            PyVal::Str(s) => Some(s.chars().count()),
            PyVal::List(l) => Some(l.len()),
            PyVal::Dict(d) => Some(d.len()),
            _ => None,
        }
    }

    /// The elements Python iterates (characters, items, keys).
    pub fn iter_items(&self) -> Option<Vec<PyVal>> {
        match self {
            PyVal::Str(s) => Some(s.chars().map(|c| PyVal::Str(c.to_string())).collect()),
            PyVal::List(l) => Some(l.clone()),
            PyVal::Dict(d) => Some(d.iter().map(|(k, _)| PyVal::Str(k.clone())).collect()),
            _ => None,
        }
    }

    /// Checkov's `force_float`: a number, or a string holding one.
    pub fn force_float(&self) -> Option<f64> {
        match self {
            PyVal::Num(n) => Some(*n),
            PyVal::Bool(b) => Some(*b as u8 as f64),
            PyVal::Str(s) => s.trim().parse().ok(),
            _ => None,
        }
    }

    /// Checkov's `force_int`.
    pub fn force_int(&self) -> Option<i64> {
        match self {
            PyVal::Num(n) => Some(n.trunc() as i64),
            PyVal::Bool(b) => Some(*b as i64),
            PyVal::Str(s) => s.trim().parse().ok(),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::PyVal;

    #[test]
    fn str_like_python() {
        assert_eq!(PyVal::Bool(true).py_str(), "True");
        assert_eq!(PyVal::Num(22.0).py_str(), "22");
        assert_eq!(
            PyVal::List(vec![PyVal::Str("a".into()), PyVal::Num(1.0)]).py_str(),
            "['a', 1]"
        );
    }

    #[test]
    fn membership_like_python() {
        let l = PyVal::List(vec![PyVal::Str("a".into())]);
        assert_eq!(l.contains(&PyVal::Str("a".into())), Some(true));
        assert_eq!(
            PyVal::Str("abc".into()).contains(&PyVal::Str("b".into())),
            Some(true)
        );
        assert_eq!(PyVal::None.contains(&PyVal::Str("b".into())), None);
    }
}
