//! The JSONPath subset of Checkov's `jsonpath_*` operators (Checkov parses
//! them with `jsonpath_ng.ext`), evaluated over a resource body.
//!
//! Supported: an optional `$` root; fields (`a.b`, `'a b'`, `"aws:x"`,
//! `['a']`); `*` (every value of a map); `..` (recursive descent); `[n]`
//! (negative from the end), `[*]` and slices `[a:b]`; filters
//! `[?(@.a == 22 & @.b != 'x')]` and `[?(@ == 'x')]` with `==`, `!=`, `<`,
//! `<=`, `>`, `>=`, existence (`[?(@.a)]`), `&` or `and` between terms, and
//! numbers, quoted strings or barewords (strings) on the right. Anything
//! else is a load error. As in `jsonpath_ng`, `[*]`, an index and a filter
//! on a map or a scalar treat it as a one-item list; so a nested block
//! written once is reachable both ways, as with dotted attribute paths. A
//! string holding a JSON object or array (a policy document) is searched as
//! that document ([`with_json_documents`]).
//!
//! Numbers compare with numbers and with strings holding a number (Checkov
//! renders Terraform's `"22"` as `22` before matching); strings compare
//! with strings.

use crate::eval::value::{Kind, Value};

/// A parsed path.
#[derive(Debug, Clone, PartialEq)]
pub struct Path(Vec<Step>);

#[derive(Debug, Clone, PartialEq)]
enum Step {
    Field(String),
    AnyField,
    /// `..` followed by a step: the step applied to every descendant.
    Descend(Box<Step>),
    Index(i64),
    Slice(Option<i64>, Option<i64>),
    Filter(Vec<Term>),
}

#[derive(Debug, Clone, PartialEq)]
struct Term {
    /// The fields after `@` (empty: the item itself).
    path: Vec<String>,
    cmp: Option<(Cmp, Lit)>,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Cmp {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

#[derive(Debug, Clone, PartialEq)]
enum Lit {
    Num(f64),
    Str(String),
}

/// What a path matched in one body.
pub struct Matches<'a> {
    pub values: Vec<&'a Value>,
    /// The path went through, or filtered on, an unknown value: there may
    /// be matches that are not known.
    pub unknown: bool,
}

impl Path {
    pub fn parse(text: &str) -> Result<Path, String> {
        Parser {
            s: text.as_bytes(),
            text,
            i: 0,
        }
        .path()
    }

    /// The values the path matches in `body`.
    pub fn find<'a>(&self, body: &'a Value) -> Matches<'a> {
        let mut out = Matches {
            values: vec![body],
            unknown: false,
        };
        for step in &self.0 {
            let mut next = Vec::new();
            for v in std::mem::take(&mut out.values) {
                apply(step, v, &mut next, &mut out.unknown);
            }
            out.values = next;
        }
        out
    }
}

/// The body with every string holding a JSON object or array (an IAM
/// policy written with `jsonencode` or as a heredoc) replaced by that
/// document, as Checkov searches it; `None` when there is no such string.
pub fn with_json_documents(v: &Value) -> Option<Value> {
    let kind = match &v.kind {
        Kind::String(s) => {
            let t = s.text.trim_start();
            if !(t.starts_with('{') || t.starts_with('[')) {
                return None;
            }
            return crate::eval::parse_json_string(s, v.range);
        }
        Kind::List(items) => {
            let new: Vec<Option<Value>> = items.iter().map(with_json_documents).collect();
            if new.iter().all(Option::is_none) {
                return None;
            }
            Kind::List(
                new.into_iter()
                    .zip(items)
                    .map(|(n, old)| n.unwrap_or_else(|| old.clone()))
                    .collect(),
            )
        }
        Kind::Map(fields) => {
            let new: Vec<Option<Value>> = fields
                .iter()
                .map(|f| with_json_documents(&f.value))
                .collect();
            if new.iter().all(Option::is_none) {
                return None;
            }
            Kind::Map(
                new.into_iter()
                    .zip(fields)
                    .map(|(n, old)| {
                        let mut f = old.clone();
                        if let Some(n) = n {
                            f.value = n;
                        }
                        f
                    })
                    .collect(),
            )
        }
        _ => return None,
    };
    Some(Value::new(kind, v.range))
}

fn is_unknown(v: &Value) -> bool {
    matches!(v.kind, Kind::Unknown(_) | Kind::Choice(_))
}

/// The items a list step sees: a list's present items, or any other value
/// as a one-item list (as `jsonpath_ng` wraps a map or a scalar).
fn items(v: &Value) -> Vec<&Value> {
    match &v.kind {
        Kind::List(items) => items
            .iter()
            .filter(|i| !matches!(i.kind, Kind::Absent))
            .collect(),
        Kind::Null | Kind::Absent => Vec::new(),
        _ => vec![v],
    }
}

/// A field of a map; a list holding a single map is that map.
fn field<'a>(v: &'a Value, name: &str) -> Option<&'a Value> {
    match &v.kind {
        Kind::Map(fields) => fields
            .iter()
            .rev()
            .find(|f| f.key == name && !matches!(f.value.kind, Kind::Absent))
            .map(|f| &f.value),
        Kind::List(_) => match items(v).as_slice() {
            [only] if matches!(only.kind, Kind::Map(_)) => field(only, name),
            _ => None,
        },
        _ => None,
    }
}

fn apply<'a>(step: &Step, v: &'a Value, out: &mut Vec<&'a Value>, unknown: &mut bool) {
    if is_unknown(v) {
        *unknown = true;
        return;
    }
    match step {
        Step::Field(name) => out.extend(field(v, name)),
        Step::AnyField => match &v.kind {
            Kind::Map(fields) => out.extend(
                fields
                    .iter()
                    .filter(|f| !matches!(f.value.kind, Kind::Absent))
                    .map(|f| &f.value),
            ),
            Kind::List(_) => {
                if let [only] = items(v).as_slice() {
                    if matches!(only.kind, Kind::Map(_)) {
                        apply(step, only, out, unknown);
                    }
                }
            }
            _ => {}
        },
        Step::Descend(inner) => {
            let mut stack = vec![v];
            while let Some(node) = stack.pop() {
                apply(inner, node, out, unknown);
                match &node.kind {
                    Kind::Map(fields) => stack.extend(fields.iter().rev().map(|f| &f.value)),
                    Kind::List(items) => stack.extend(items.iter().rev()),
                    Kind::Unknown(_) | Kind::Choice(_) => *unknown = true,
                    _ => {}
                }
            }
        }
        Step::Index(i) => {
            let list = items(v);
            let n = list.len() as i64;
            let at = if *i < 0 { n + i } else { *i };
            if (0..n).contains(&at) {
                out.push(list[at as usize]);
            }
        }
        Step::Slice(from, to) => {
            let list = items(v);
            let n = list.len() as i64;
            let clamp = |x: i64| if x < 0 { (n + x).max(0) } else { x.min(n) };
            let a = from.map_or(0, clamp);
            let b = to.map_or(n, clamp);
            if a < b {
                out.extend(&list[a as usize..b as usize]);
            }
        }
        Step::Filter(terms) => {
            for item in items(v) {
                let mut keep = true;
                for t in terms {
                    match t.test(item) {
                        Some(true) => {}
                        Some(false) => {
                            keep = false;
                            break;
                        }
                        None => {
                            *unknown = true;
                            keep = false;
                            break;
                        }
                    }
                }
                if keep {
                    out.push(item);
                }
            }
        }
    }
}

impl Term {
    /// Whether an item passes; `None` when an unknown value decides.
    fn test(&self, item: &Value) -> Option<bool> {
        let mut v = item;
        for name in &self.path {
            if is_unknown(v) {
                return None;
            }
            match field(v, name) {
                Some(f) => v = f,
                None => return Some(false),
            }
        }
        if is_unknown(v) {
            return if self.cmp.is_none() { Some(true) } else { None };
        }
        let Some((cmp, lit)) = &self.cmp else {
            return Some(true);
        };
        let ord = match (lit, &v.kind) {
            (Lit::Num(n), Kind::Number(x)) => x.partial_cmp(n),
            (Lit::Num(n), Kind::String(s)) => match s.text.trim().parse::<f64>() {
                Ok(x) => x.partial_cmp(n),
                Err(_) => return Some(*cmp == Cmp::Ne),
            },
            (Lit::Str(s), Kind::String(x)) => Some(x.text.as_str().cmp(s.as_str())),
            _ => return Some(*cmp == Cmp::Ne),
        };
        let Some(ord) = ord else {
            return Some(*cmp == Cmp::Ne);
        };
        Some(match cmp {
            Cmp::Eq => ord.is_eq(),
            Cmp::Ne => !ord.is_eq(),
            Cmp::Lt => ord.is_lt(),
            Cmp::Le => ord.is_le(),
            Cmp::Gt => ord.is_gt(),
            Cmp::Ge => ord.is_ge(),
        })
    }
}

struct Parser<'t> {
    s: &'t [u8],
    text: &'t str,
    i: usize,
}

fn is_ident(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_' || c == b'-' || c >= 0x80
}

impl Parser<'_> {
    fn err<T>(&self, what: &str) -> Result<T, String> {
        Err(format!(
            "JSONPath `{}`: {what} at character {} (supported: fields, `*`, `..`, `[n]`, `[*]`, `[a:b]`, filters `[?(@.a == v & ...)]`)",
            self.text,
            self.i + 1
        ))
    }

    fn peek(&self) -> Option<u8> {
        self.s.get(self.i).copied()
    }

    fn skip_ws(&mut self) {
        while self.peek().is_some_and(|c| c == b' ') {
            self.i += 1;
        }
    }

    fn eat(&mut self, c: u8) -> bool {
        if self.peek() == Some(c) {
            self.i += 1;
            true
        } else {
            false
        }
    }

    fn path(mut self) -> Result<Path, String> {
        let mut steps = Vec::new();
        self.skip_ws();
        if self.eat(b'$') {
            if self.peek().is_some_and(|c| c != b'.' && c != b'[') {
                return self.err("unexpected text after `$`");
            }
        } else if self.peek().is_some_and(|c| c != b'[' && c != b'.') {
            steps.push(self.name()?);
        } else if self.peek() == Some(b'.') {
            return self.err("a path cannot start with `.`");
        }
        loop {
            match self.peek() {
                None => break,
                Some(b'.') => {
                    self.i += 1;
                    if self.eat(b'.') {
                        let inner = if self.peek() == Some(b'[') {
                            self.bracket()?
                        } else {
                            self.name()?
                        };
                        steps.push(Step::Descend(Box::new(inner)));
                    } else {
                        steps.push(self.name()?);
                    }
                }
                Some(b'[') => steps.push(self.bracket()?),
                Some(b' ') => {
                    self.skip_ws();
                    if self.peek().is_some() {
                        return self.err("unexpected space");
                    }
                }
                Some(_) => return self.err("unexpected character"),
            }
        }
        if steps.is_empty() {
            return self.err("an empty path");
        }
        Ok(Path(steps))
    }

    /// A field name, quoted name or `*`.
    fn name(&mut self) -> Result<Step, String> {
        if self.eat(b'*') {
            return Ok(Step::AnyField);
        }
        if let Some(q @ (b'\'' | b'"')) = self.peek() {
            return Ok(Step::Field(self.quoted(q)?));
        }
        let start = self.i;
        while self.peek().is_some_and(is_ident) {
            self.i += 1;
        }
        if start == self.i {
            return self.err("expected a field name");
        }
        Ok(Step::Field(self.text[start..self.i].to_string()))
    }

    fn quoted(&mut self, q: u8) -> Result<String, String> {
        self.i += 1;
        let start = self.i;
        while self.peek().is_some_and(|c| c != q) {
            self.i += 1;
        }
        if !self.eat(q) {
            return self.err("unterminated quoted name");
        }
        Ok(self.text[start..self.i - 1].to_string())
    }

    fn int(&mut self) -> Option<i64> {
        let start = self.i;
        self.eat(b'-');
        while self.peek().is_some_and(|c| c.is_ascii_digit()) {
            self.i += 1;
        }
        match self.text[start..self.i].parse() {
            Ok(n) => Some(n),
            Err(_) => {
                self.i = start;
                None
            }
        }
    }

    fn bracket(&mut self) -> Result<Step, String> {
        self.i += 1;
        self.skip_ws();
        let step = if self.eat(b'*') {
            Step::Slice(None, None)
        } else if self.eat(b'?') {
            self.skip_ws();
            let paren = self.eat(b'(');
            let terms = self.terms()?;
            if paren && !self.eat(b')') {
                return self.err("expected `)`");
            }
            Step::Filter(terms)
        } else if let Some(q @ (b'\'' | b'"')) = self.peek() {
            Step::Field(self.quoted(q)?)
        } else {
            let from = self.int();
            self.skip_ws();
            if self.eat(b':') {
                self.skip_ws();
                let to = self.int();
                Step::Slice(from, to)
            } else {
                match from {
                    Some(n) => Step::Index(n),
                    None => return self.err("expected an index, `*`, a slice or a filter"),
                }
            }
        };
        self.skip_ws();
        if !self.eat(b']') {
            return self.err("expected `]`");
        }
        Ok(step)
    }

    fn terms(&mut self) -> Result<Vec<Term>, String> {
        let mut out = vec![self.term()?];
        loop {
            self.skip_ws();
            if self.eat(b'&') {
                self.eat(b'&');
            } else if self.text[self.i..].starts_with("and ") {
                self.i += 4;
            } else {
                return Ok(out);
            }
            out.push(self.term()?);
        }
    }

    fn term(&mut self) -> Result<Term, String> {
        self.skip_ws();
        if !self.eat(b'@') {
            return self.err("a filter term must start with `@`");
        }
        let mut path = Vec::new();
        while self.eat(b'.') {
            match self.name()? {
                Step::Field(f) => path.push(f),
                _ => return self.err("`*` in a filter"),
            }
        }
        self.skip_ws();
        let ops: [(&str, Cmp); 6] = [
            ("==", Cmp::Eq),
            ("!=", Cmp::Ne),
            ("<=", Cmp::Le),
            (">=", Cmp::Ge),
            ("<", Cmp::Lt),
            (">", Cmp::Gt),
        ];
        let Some(&(tok, cmp)) = ops.iter().find(|(t, _)| self.text[self.i..].starts_with(t)) else {
            if self.text[self.i..].starts_with('=') {
                return self.err("unsupported filter operator");
            }
            return Ok(Term { path, cmp: None });
        };
        self.i += tok.len();
        self.skip_ws();
        let lit = match self.peek() {
            Some(q @ (b'\'' | b'"')) => Lit::Str(self.quoted(q)?),
            _ => {
                let start = self.i;
                while self
                    .peek()
                    .is_some_and(|c| is_ident(c) || c == b'.' || c == b'+' || c == b'/')
                {
                    self.i += 1;
                }
                let word = &self.text[start..self.i];
                if word.is_empty() {
                    return self.err("expected a value");
                }
                match word.parse::<f64>() {
                    Ok(n) if !word.contains('/') => Lit::Num(n),
                    _ => Lit::Str(word.to_string()),
                }
            }
        };
        Ok(Term {
            path,
            cmp: Some((cmp, lit)),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_forms_checkov_uses() {
        for ok in [
            "ingress.cidr",
            "$..cidr_blocks",
            "ingress[?(@.to_port == 22 & @.from_port == 22)].cidr_blocks[*]",
            "ingress[?(@.to_port == 443 & @.from_port == 443)].cidr_blocks[?(@ == '8.0.4.19/92')]",
            "security_rule[?(@.name == 'rule_we_care_about')].source_address_prefixes[*]",
            "Tags[?(@.Key == env)].Value",
            "PolicyDocument.Statement[0].Condition.Bool.\"aws:SecureTransport\"",
            "ManagedPolicyArns[*]",
            "a[1:]",
            "$.a.*",
        ] {
            Path::parse(ok).unwrap_or_else(|e| panic!("{ok}: {e}"));
        }
        for bad in [
            "",
            "a[",
            "a[?(@.x =~ 'y')]",
            "a[?(x == 1)]",
            "a b",
            ".a",
            "a[?(@.b == 1]",
        ] {
            assert!(Path::parse(bad).is_err(), "{bad}");
        }
    }
}
