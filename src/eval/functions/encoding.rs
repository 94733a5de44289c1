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
