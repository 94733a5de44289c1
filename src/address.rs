//! Terraform resource addresses, as Terraform writes them:
//! `module.net["eu"].module.subnets.aws_subnet.private[0]`,
//! `data.aws_iam_policy_document.p`.
//!
//! One type parses, prints and compares them, so that linking (a reference
//! whose index is unknown names every instance of a resource), the
//! deduplication of findings from several instances or module calls, and
//! the custom-policy documents agree on what an address means. A
//! CloudFormation logical id (`LogsBucket`) is not a Terraform address:
//! [`Address::parse`] returns `None`, and callers compare it as it is.

use std::fmt;

/// An instance key: `[0]` (`count`) or `["name"]` (`for_each`).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Key {
    Int(i64),
    Str(String),
}

impl fmt::Display for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Key::Int(i) => write!(f, "[{i}]"),
            Key::Str(s) => write!(f, "[{s:?}]"),
        }
    }
}

/// One module call on an address's path: `module.net["eu"]`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct ModuleStep {
    pub name: String,
    pub key: Option<Key>,
}

/// A resource or data source address.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Address {
    /// The module calls from the root, outermost first (empty at the root).
    pub module: Vec<ModuleStep>,
    /// `data.` addresses.
    pub data: bool,
    /// The resource type (`aws_s3_bucket`).
    pub kind: String,
    /// The resource name (`logs`).
    pub name: String,
    /// The instance key, when the resource has `count` or `for_each` (and
    /// the reference names one instance).
    pub key: Option<Key>,
}

impl Address {
    /// Parses a Terraform address; `None` for anything else (a
    /// CloudFormation logical id, a malformed key).
    pub fn parse(text: &str) -> Option<Address> {
        let mut p = Parser { rest: text };
        let mut module = Vec::new();
        while p.eat("module.") {
            let name = p.ident()?;
            let key = p.key()?;
            module.push(ModuleStep { name, key });
            if !p.eat(".") {
                return None;
            }
        }
        let data = p.eat("data.");
        let kind = p.ident()?;
        if !p.eat(".") {
            return None;
        }
        let name = p.ident()?;
        let key = p.key()?;
        p.rest.is_empty().then_some(Address {
            module,
            data,
            kind,
            name,
            key,
        })
    }

    /// The module path as Terraform writes it (`module.a.module.b["x"]`),
    /// empty at the root.
    pub fn module_path(&self) -> String {
        let mut out = String::new();
        for (i, step) in self.module.iter().enumerate() {
            if i > 0 {
                out.push('.');
            }
            out.push_str("module.");
            out.push_str(&step.name);
            if let Some(k) = &step.key {
                out.push_str(&k.to_string());
            }
        }
        out
    }

    /// The address without its module path (`aws_s3_bucket.b[0]`).
    pub fn local(&self) -> Address {
        Address {
            module: Vec::new(),
            ..self.clone()
        }
    }

    /// The address without any instance key, its modules' included
    /// (`module.m.aws_x.y`).
    pub fn without_keys(&self) -> Address {
        Address {
            module: self
                .module
                .iter()
                .map(|s| ModuleStep {
                    name: s.name.clone(),
                    key: None,
                })
                .collect(),
            key: None,
            ..self.clone()
        }
    }

    /// The same resource without its own instance key (`aws_s3_bucket.b[0]`
    /// → `aws_s3_bucket.b`).
    pub fn without_key(&self) -> Address {
        Address {
            key: None,
            ..self.clone()
        }
    }

    /// Whether two addresses name the same resource: equal, or one is the
    /// other with an instance key (a reference whose index is unknown, or a
    /// resource whose `count` is unknown, leaves the key out).
    pub fn same_resource(&self, other: &Address) -> bool {
        self.module == other.module
            && self.data == other.data
            && self.kind == other.kind
            && self.name == other.name
            && (self.key == other.key || self.key.is_none() || other.key.is_none())
    }
}

impl fmt::Display for Address {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for step in &self.module {
            write!(f, "module.{}", step.name)?;
            if let Some(k) = &step.key {
                write!(f, "{k}")?;
            }
            f.write_str(".")?;
        }
        if self.data {
            f.write_str("data.")?;
        }
        write!(f, "{}.{}", self.kind, self.name)?;
        if let Some(k) = &self.key {
            write!(f, "{k}")?;
        }
        Ok(())
    }
}

/// Whether a reference and a resource address, as text, name the same
/// resource ([`Address::same_resource`]); text that is not a Terraform
/// address (a CloudFormation logical id) must be equal.
pub fn same_resource(a: &str, b: &str) -> bool {
    a == b
        || match (Address::parse(a), Address::parse(b)) {
            (Some(a), Some(b)) => a.same_resource(&b),
            _ => false,
        }
}

struct Parser<'a> {
    rest: &'a str,
}

impl Parser<'_> {
    fn eat(&mut self, s: &str) -> bool {
        match self.rest.strip_prefix(s) {
            Some(r) => {
                self.rest = r;
                true
            }
            None => false,
        }
    }

    /// A Terraform identifier: letters, digits, `_` and `-`, not starting
    /// with a digit.
    fn ident(&mut self) -> Option<String> {
        let end = self
            .rest
            .char_indices()
            .find(|&(_, c)| !(c.is_alphanumeric() || c == '_' || c == '-'))
            .map_or(self.rest.len(), |(i, _)| i);
        let (ident, rest) = self.rest.split_at(end);
        if ident.is_empty() || ident.starts_with(|c: char| c.is_ascii_digit()) {
            return None;
        }
        self.rest = rest;
        Some(ident.to_string())
    }

    /// An optional `[0]` or `["name"]`; `Some(None)` when there is none,
    /// `None` when one is malformed.
    fn key(&mut self) -> Option<Option<Key>> {
        let Some(rest) = self.rest.strip_prefix('[') else {
            return Some(None);
        };
        if let Some(body) = rest.strip_prefix('"') {
            // A quoted key, escaped as Rust's `{:?}` writes it (which is how
            // the evaluator prints keys).
            let mut out = String::new();
            let mut chars = body.char_indices();
            while let Some((i, c)) = chars.next() {
                match c {
                    '"' => {
                        let after = body[i + 1..].strip_prefix(']')?;
                        self.rest = after;
                        return Some(Some(Key::Str(out)));
                    }
                    '\\' => {
                        let (_, e) = chars.next()?;
                        match e {
                            'n' => out.push('\n'),
                            't' => out.push('\t'),
                            'r' => out.push('\r'),
                            '0' => out.push('\0'),
                            '\\' | '"' | '\'' => out.push(e),
                            'u' => {
                                // `\u{1f600}`
                                let rest = &body[i + 1..];
                                let close = rest.find('}')?;
                                let hex = rest.strip_prefix("u{")?.get(..close - 2)?;
                                out.push(char::from_u32(u32::from_str_radix(hex, 16).ok()?)?);
                                // The `u` is read; skip `{`, the digits and `}`.
                                for _ in 0..close {
                                    chars.next();
                                }
                            }
                            _ => return None,
                        }
                    }
                    c => out.push(c),
                }
            }
            None
        } else {
            let close = rest.find(']')?;
            let n: i64 = rest[..close].parse().ok()?;
            self.rest = &rest[close + 1..];
            Some(Some(Key::Int(n)))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_prints_terraform_addresses() {
        for text in [
            "aws_s3_bucket.b",
            "aws_s3_bucket.b[0]",
            "data.aws_iam_policy_document.p",
            "module.m.aws_x.y",
            "module.m[\"a.b]\"].module.n[2].aws_x.y[\"k\"]",
            "module.m[\"quote \\\" and \\\\ and \\n\"].aws_x.y",
            "module.m[\"\\u{1b}\"].aws_x.y",
        ] {
            let a = Address::parse(text).unwrap_or_else(|| panic!("{text}"));
            assert_eq!(a.to_string(), text);
        }
        let a = Address::parse("module.m[\"a.b]\"].module.n.data.aws_x.y[0]").unwrap();
        assert_eq!(a.module.len(), 2);
        assert_eq!(a.module[0].key, Some(Key::Str("a.b]".into())));
        assert!(a.data);
        assert_eq!((a.kind.as_str(), a.name.as_str()), ("aws_x", "y"));
        assert_eq!(a.key, Some(Key::Int(0)));
        assert_eq!(a.module_path(), "module.m[\"a.b]\"].module.n");
        assert_eq!(a.local().to_string(), "data.aws_x.y[0]");
        assert_eq!(
            a.without_keys().to_string(),
            "module.m.module.n.data.aws_x.y"
        );
    }

    #[test]
    fn other_text_is_not_an_address() {
        for text in [
            "LogsBucket",
            "",
            "aws_x",
            "aws_x.y.z",
            "aws_x.y[",
            "aws_x.y[a]",
            "aws_x.y[\"a\"",
            "module.m",
            "module.m.",
            "aws_x.1y",
        ] {
            assert_eq!(Address::parse(text), None, "{text}");
        }
    }

    #[test]
    fn an_address_without_a_key_names_every_instance() {
        assert!(same_resource("aws_s3_bucket.b", "aws_s3_bucket.b[0]"));
        assert!(same_resource("aws_s3_bucket.b[\"x\"]", "aws_s3_bucket.b"));
        assert!(!same_resource("aws_s3_bucket.b[0]", "aws_s3_bucket.b[1]"));
        assert!(!same_resource("aws_s3_bucket.b", "aws_s3_bucket.bb"));
        assert!(!same_resource(
            "aws_s3_bucket.b",
            "module.m.aws_s3_bucket.b"
        ));
        assert!(!same_resource(
            "module.m[0].aws_s3_bucket.b",
            "module.m[1].aws_s3_bucket.b[0]"
        ));
        assert!(same_resource("Bucket", "Bucket"));
        assert!(!same_resource("Bucket", "Bucket2"));
    }

    proptest::proptest! {
        /// Any key the evaluator can print parses back to itself.
        #[test]
        fn keys_round_trip(module_key in ".*", key in ".*", n in proptest::num::i64::ANY) {
            let a = Address {
                module: vec![ModuleStep { name: "m".into(), key: Some(Key::Str(module_key)) }],
                data: false,
                kind: "aws_x".into(),
                name: "y".into(),
                key: Some(Key::Str(key)),
            };
            proptest::prop_assert_eq!(Address::parse(&a.to_string()), Some(a.clone()));
            let b = Address { key: Some(Key::Int(n)), ..a };
            proptest::prop_assert_eq!(Address::parse(&b.to_string()), Some(b.clone()));
        }
    }
}
