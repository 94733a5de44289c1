//! Encoding functions: `base64encode`, `base64decode`, `jsondecode`,
//! `urlencode`, and `jsonencode`, which keeps its argument's structure.

use super::{detach, Args};
use crate::eval::value::Value;
use crate::source::Range;

pub(super) const NAMES: &[&str] = &["base64decode", "base64encode", "jsondecode", "urlencode"];

pub(super) fn call(name: &str, a: &Args) -> Option<Value> {
    match name {
        "jsondecode" => a.s(0).and_then(|t| {
            crate::parse::json::parse(&t)
                .ok()
                .map(|n| crate::eval::node_to_value(&n, a.range.file))
                .map(|v| detach(v, a.range))
        }),
        "urlencode" => a.s(0).map(|t| a.string(urlencode(&t))),
        "base64encode" => a.s(0).map(|t| a.string(base64_encode(t.as_bytes()))),
        "base64decode" => a
            .s(0)
            .and_then(|t| base64_decode(&t))
            .and_then(|b| String::from_utf8(b).ok())
            .map(|t| a.string(t)),
        _ => None,
    }
}

/// `jsonencode`: the encoded document keeps its structure (and positions):
/// adapters accept a policy either as a structure or as a JSON string.
pub(super) fn jsonencode(args: Vec<Value>, range: Range) -> Value {
    match args.into_iter().next() {
        Some(a) if a.has_error() => Value::error(range),
        Some(a) => a,
        None => Value::error(range),
    }
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

fn base64_encode(bytes: &[u8]) -> String {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

/// Standard base64 with canonical padding, as Go's `StdEncoding` (and so
/// Terraform's `base64decode`) reads it: missing or extra padding, and
/// characters outside the alphabet, are errors.
fn base64_decode(text: &str) -> Option<Vec<u8>> {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD.decode(text).ok()
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;

    #[test]
    fn base64_round_trips_every_padding() {
        assert_eq!(
            text(&f("base64encode", vec![s("palisade")])),
            "cGFsaXNhZGU="
        );
        assert_eq!(
            text(&f("base64encode", vec![s("Hello World")])),
            "SGVsbG8gV29ybGQ="
        );
        assert_eq!(text(&f("base64encode", vec![s("ab")])), "YWI=");
        assert_eq!(text(&f("base64encode", vec![s("abc")])), "YWJj");
        assert_eq!(text(&f("base64encode", vec![s("")])), "");
        assert_eq!(
            text(&f("base64decode", vec![s("cGFsaXNhZGU=")])),
            "palisade"
        );
        assert_eq!(text(&f("base64decode", vec![s("YWI=")])), "ab");
        // Not base64, or bytes that are not UTF-8: errors.
        assert!(is_error(&f("base64decode", vec![s("a*b")])));
        assert!(is_error(&f("base64decode", vec![s("/w==")])));
        // Padding is required, as in Terraform.
        assert!(is_error(&f("base64decode", vec![s("YWI")])));
    }

    /// The test vectors of RFC 4648, section 10.
    #[test]
    fn base64_matches_rfc_4648_vectors() {
        for (plain, encoded) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(text(&f("base64encode", vec![s(plain)])), encoded);
            assert_eq!(text(&f("base64decode", vec![s(encoded)])), plain);
        }
    }

    #[test]
    fn urlencode_escapes_all_but_unreserved_bytes() {
        assert_eq!(
            text(&f("urlencode", vec![s("Hello World!")])),
            "Hello%20World%21"
        );
        assert_eq!(text(&f("urlencode", vec![s("a-b_c.d~e")])), "a-b_c.d~e");
        assert_eq!(text(&f("urlencode", vec![s("☃")])), "%E2%98%83");
    }

    #[test]
    fn jsondecode_builds_values_at_the_call() {
        let v = f("jsondecode", vec![s(r#"{"a": [1, "x", true, null]}"#)]);
        let a = v.get("a").unwrap();
        assert_eq!(texts(a), ["1", "x", "true"]);
        assert_eq!(a.range, r());
        assert!(is_error(&f("jsondecode", vec![s("{")])));
    }

    #[test]
    fn jsonencode_keeps_the_structure() {
        let doc = map(&[("Version", s("2012-10-17"))]);
        let v = f("jsonencode", vec![doc]);
        assert_eq!(
            v.get("Version").and_then(|v| v.as_str()),
            Some("2012-10-17")
        );
    }
}
