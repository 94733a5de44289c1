//! JSON front end: text to a span-keeping [`Node`] tree.
//!
//! Parsing is strict JSON (no comments, no trailing commas, no unquoted
//! property names, no single-quoted strings, no JSON5 numbers). Every node
//! keeps the byte range of its source text: strings include their quotes,
//! objects and arrays run from the opening to the closing bracket. Numbers
//! keep their source text. A leading UTF-8 byte order mark is skipped; spans
//! stay relative to the text as given.

use jsonc_parser::ast::{ObjectPropName, Value};
use jsonc_parser::common::Ranged;
use jsonc_parser::{parse_to_ast, CollectOptions, CommentCollectionStrategy, ParseOptions};

use super::tree::{Entry, Node, NodeKind, SyntaxError, MAX_DEPTH, MAX_NODES};
use crate::source::Span;

const BOM: &str = "\u{feff}";

/// Parses a JSON document.
pub fn parse(text: &str) -> Result<Node, SyntaxError> {
    let bom = if text.starts_with(BOM) { BOM.len() } else { 0 };
    let body = &text[bom..];

    // jsonc-parser recurses once per nesting level and builds its whole
    // tree before ours; check the depth and the number of values first so
    // that hostile input can neither overflow the stack nor take memory
    // out of proportion to our limits.
    check_shape(body).map_err(|e| offset_error(e, bom))?;

    let collect = CollectOptions {
        comments: CommentCollectionStrategy::Off,
        tokens: false,
    };
    let options = ParseOptions {
        allow_comments: false,
        allow_loose_object_property_names: false,
        allow_trailing_commas: false,
        allow_missing_commas: false,
        allow_single_quoted_strings: false,
        allow_hexadecimal_numbers: false,
        allow_unary_plus_numbers: false,
        allow_bare_decimal_point_numbers: false,
        allow_non_finite_numbers: false,
        allow_extended_string_escapes: false,
    };
    let result = parse_to_ast(body, &collect, &options).map_err(|e| {
        let range = e.range();
        SyntaxError::new(
            e.kind().to_string(),
            Span::new(range.start + bom, range.end + bom),
        )
    })?;
    match result.value {
        Some(value) => Ok(convert(value, bom)),
        None => {
            let end = text.len();
            Err(SyntaxError::new(
                "expected a JSON value, found the end of the file",
                Span::new(end, end),
            ))
        }
    }
}

fn offset_error(e: SyntaxError, by: usize) -> SyntaxError {
    SyntaxError {
        message: e.message,
        span: e.span.offset(by as u32),
    }
}

/// Rejects documents nested deeper than [`MAX_DEPTH`] or with more than
/// [`MAX_NODES`] values (counted as opening brackets plus commas, which is
/// never more than the number of values; brackets and commas inside strings
/// are ignored). Runs in constant stack space.
fn check_shape(text: &str) -> Result<(), SyntaxError> {
    let bytes = text.as_bytes();
    let mut depth = 0usize;
    let mut values = 0usize;
    let mut in_string = false;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if in_string {
            match b {
                b'\\' => i += 1,
                b'"' => in_string = false,
                _ => {}
            }
        } else {
            match b {
                b'"' => in_string = true,
                b',' | b'[' | b'{' => {
                    values += 1;
                    if values > MAX_NODES {
                        return Err(SyntaxError::new(
                            format!("JSON document exceeds the limit of {MAX_NODES} values"),
                            Span::new(i, i + 1),
                        ));
                    }
                    if b != b',' {
                        depth += 1;
                        if depth > MAX_DEPTH {
                            return Err(SyntaxError::new(
                                format!("nesting too deep (limit {MAX_DEPTH})"),
                                Span::new(i, i + 1),
                            ));
                        }
                    }
                }
                b']' | b'}' => depth = depth.saturating_sub(1),
                _ => {}
            }
        }
        i += 1;
    }
    Ok(())
}

fn span_of(r: &impl Ranged, bom: usize) -> Span {
    Span::new(r.start() + bom, r.end() + bom)
}

/// Converts the jsonc-parser AST. Recursion is bounded by [`check_shape`].
fn convert(value: Value<'_>, bom: usize) -> Node {
    match value {
        Value::StringLit(s) => {
            let span = span_of(&s, bom);
            Node::new(NodeKind::String(s.value.into_owned()), span)
        }
        Value::NumberLit(n) => Node::new(NodeKind::Number(n.value.to_string()), span_of(&n, bom)),
        Value::BooleanLit(b) => Node::new(NodeKind::Bool(b.value), span_of(&b, bom)),
        Value::NullKeyword(n) => Node::new(NodeKind::Null, span_of(&n, bom)),
        Value::Array(a) => {
            let span = span_of(&a, bom);
            let items = a.elements.into_iter().map(|v| convert(v, bom)).collect();
            Node::new(NodeKind::Seq(items), span)
        }
        Value::Object(o) => {
            let span = span_of(&o, bom);
            let entries = o
                .properties
                .into_iter()
                .map(|p| {
                    let (key, key_span) = match p.name {
                        ObjectPropName::String(s) => {
                            let span = span_of(&s, bom);
                            (s.value.into_owned(), span)
                        }
                        // Not produced with strict options, but harmless.
                        ObjectPropName::Word(w) => (w.value.to_string(), span_of(&w, bom)),
                    };
                    Entry {
                        key,
                        key_span,
                        value: convert(p.value, bom),
                    }
                })
                .collect();
            Node::new(NodeKind::Map(entries), span)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::{FileId, FileKind, LineCol, SourceFile};

    #[test]
    fn documents_with_more_values_than_the_limit_are_rejected_before_parsing() {
        // One bracket and MAX_NODES - 1 commas: at the limit.
        let at_limit = format!("[{}0]", "0,".repeat(MAX_NODES - 1));
        assert!(parse(&at_limit).is_ok());
        let over = format!("[{}0]", "0,".repeat(MAX_NODES));
        let err = parse(&over).unwrap_err();
        assert_eq!(
            err.message,
            "JSON document exceeds the limit of 2000000 values"
        );
        // The comma that crosses the limit: the MAX_NODES-th.
        assert_eq!(err.span, Span::new(2 * MAX_NODES, 2 * MAX_NODES + 1));
        // Commas and brackets inside strings do not count.
        let strings = format!("[\"{}\"]", ",[{".repeat(MAX_NODES));
        assert!(parse(&strings).is_ok());
    }

    fn slice(text: &str, span: Span) -> &str {
        &text[span.start as usize..span.end as usize]
    }

    fn line_col(text: &str, offset: u32) -> LineCol {
        SourceFile::new(
            FileId(0),
            "t.json".into(),
            FileKind::CloudFormationJson,
            text,
        )
        .line_col(offset)
    }

    #[test]
    fn spans_of_all_value_kinds() {
        let text = r#"{
  "Resources": {
    "Bucket": {"Type": "AWS::S3::Bucket", "Count": -1.5e3},
    "List": [1, true, false, null, "x"]
  }
}"#;
        let root = parse(text).unwrap();
        assert_eq!(slice(text, root.span), text);
        let res = root.get("Resources").unwrap();
        assert!(slice(text, res.span).starts_with("{\n    \"Bucket\""));
        assert!(slice(text, res.span).ends_with("]\n  }"));
        let res_entry = root.entry("Resources").unwrap();
        assert_eq!(slice(text, res_entry.key_span), "\"Resources\"");

        let bucket = res.get("Bucket").unwrap();
        assert_eq!(
            slice(text, bucket.span),
            r#"{"Type": "AWS::S3::Bucket", "Count": -1.5e3}"#
        );
        let ty = bucket.get("Type").unwrap();
        assert_eq!(ty.as_str(), Some("AWS::S3::Bucket"));
        assert_eq!(slice(text, ty.span), "\"AWS::S3::Bucket\"");
        assert_eq!(ty.tag, None);
        let count = bucket.get("Count").unwrap();
        assert_eq!(count.kind, NodeKind::Number("-1.5e3".into()));
        assert_eq!(slice(text, count.span), "-1.5e3");

        let list = res.get("List").unwrap();
        assert_eq!(slice(text, list.span), r#"[1, true, false, null, "x"]"#);
        let items = list.as_seq().unwrap();
        assert_eq!(items[0].kind, NodeKind::Number("1".into()));
        assert_eq!(items[1].kind, NodeKind::Bool(true));
        assert_eq!(slice(text, items[1].span), "true");
        assert_eq!(items[2].kind, NodeKind::Bool(false));
        assert_eq!(items[3].kind, NodeKind::Null);
        assert_eq!(slice(text, items[3].span), "null");
        assert_eq!(slice(text, items[4].span), "\"x\"");
    }

    #[test]
    fn numbers_keep_source_text() {
        let root = parse(r#"[0, 10, 12345678901234567890123, 1.0, 1E2]"#).unwrap();
        let nums: Vec<_> = root
            .as_seq()
            .unwrap()
            .iter()
            .map(|n| match &n.kind {
                NodeKind::Number(s) => s.clone(),
                other => panic!("{other:?}"),
            })
            .collect();
        assert_eq!(nums, ["0", "10", "12345678901234567890123", "1.0", "1E2"]);
    }

    #[test]
    fn string_escapes_are_decoded_and_spans_cover_the_source() {
        let text = r#"{"a\"b": "x\ny\u00e9"}"#;
        let root = parse(text).unwrap();
        let e = &root.as_map().unwrap()[0];
        assert_eq!(e.key, "a\"b");
        assert_eq!(slice(text, e.key_span), r#""a\"b""#);
        assert_eq!(e.value.as_str(), Some("x\ny\u{e9}"));
        assert_eq!(slice(text, e.value.span), r#""x\ny\u00e9""#);
    }

    #[test]
    fn non_ascii_text_before_a_node() {
        let text = "{\"d\u{e9}j\u{e0}\": \"\u{1f600} \u{4e2d}\", \"k\": [\"v\"]}";
        let root = parse(text).unwrap();
        let first = &root.as_map().unwrap()[0];
        assert_eq!(first.key, "d\u{e9}j\u{e0}");
        assert_eq!(slice(text, first.key_span), "\"d\u{e9}j\u{e0}\"");
        assert_eq!(slice(text, first.value.span), "\"\u{1f600} \u{4e2d}\"");
        let k = root.entry("k").unwrap();
        assert_eq!(slice(text, k.key_span), "\"k\"");
        assert_eq!(slice(text, k.value.span), "[\"v\"]");
        assert_eq!(slice(text, k.value.as_seq().unwrap()[0].span), "\"v\"");
    }

    #[test]
    fn leading_bom_is_skipped_and_spans_stay_relative_to_the_text() {
        let text = "\u{feff}{\"a\": 1}";
        let root = parse(text).unwrap();
        assert_eq!(slice(text, root.span), "{\"a\": 1}");
        let e = root.entry("a").unwrap();
        assert_eq!(slice(text, e.key_span), "\"a\"");
        assert_eq!(slice(text, e.value.span), "1");

        let err = parse("\u{feff}{\"a\": }").unwrap_err();
        assert_eq!(slice("\u{feff}{\"a\": }", err.span), "}");
    }

    #[test]
    fn duplicate_keys_are_kept_and_lookup_takes_the_last() {
        let root = parse(r#"{"a": 1, "a": 2}"#).unwrap();
        assert_eq!(root.as_map().unwrap().len(), 2);
        assert_eq!(root.get("a").unwrap().kind, NodeKind::Number("2".into()));
    }

    #[test]
    fn scalar_and_empty_containers_at_the_root() {
        let text = "  \"s\"  ";
        let root = parse(text).unwrap();
        assert_eq!(root.as_str(), Some("s"));
        assert_eq!(slice(text, root.span), "\"s\"");
        assert_eq!(parse("{}").unwrap().kind, NodeKind::Map(vec![]));
        assert_eq!(parse("[ ]").unwrap().span, Span::new(0, 3));
    }

    #[test]
    fn syntax_errors_carry_position_and_message() {
        let text = "{\n  \"a\": 1,\n  \"b\": [1 2]\n}";
        let err = parse(text).unwrap_err();
        assert_eq!(err.message, "Expected comma");
        assert_eq!(line_col(text, err.span.start), LineCol { line: 3, col: 10 });
        assert!(!err.message.contains("line"));

        let text = "{\"a\": tru}";
        let err = parse(text).unwrap_err();
        assert_eq!(slice(text, err.span), "tru");
        assert_eq!(err.message, "Unexpected token");

        let text = "{\"\u{e9}\u{e9}\": 1,, }";
        let err = parse(text).unwrap_err();
        assert_eq!(slice(text, err.span), ",");
        assert_eq!(line_col(text, err.span.start), LineCol { line: 1, col: 10 });
    }

    #[test]
    fn strict_options_reject_json5_and_jsonc() {
        for bad in [
            "{\"a\": 1,}",
            "[1, 2,]",
            "{\"a\": 1} // c",
            "{/* c */ \"a\": 1}",
            "{a: 1}",
            "{\"a\": 'x'}",
            "{\"a\": 1 \"b\": 2}",
            "[0x1F]",
            "[+1]",
            "[.5]",
            "[NaN]",
            "[Infinity]",
            "{\"a\": 1} {\"b\": 2}",
            "{\"a\": 1",
            "\"unterminated",
        ] {
            assert!(parse(bad).is_err(), "{bad} should be rejected");
        }
    }

    #[test]
    fn empty_input_is_an_error() {
        let err = parse("").unwrap_err();
        assert!(err.message.contains("expected a JSON value"));
        let err = parse("  \n ").unwrap_err();
        assert_eq!(err.span, Span::new(4, 4));
    }

    #[test]
    fn deep_nesting_is_rejected_without_overflowing_the_stack() {
        let text = "[".repeat(100_000);
        let t = std::time::Instant::now();
        let err = parse(&text).unwrap_err();
        assert_eq!(err.message, "nesting too deep (limit 256)");
        assert_eq!(err.span, Span::new(256, 257));
        assert!(t.elapsed().as_secs() < 5);

        let text = "{\"a\":".repeat(100_000);
        let err = parse(&text).unwrap_err();
        assert_eq!(err.message, "nesting too deep (limit 256)");

        // a balanced document: also rejected
        let text = format!("{}{}", "[".repeat(300), "]".repeat(300));
        assert!(parse(&text).is_err());
    }

    #[test]
    fn nesting_up_to_the_limit_is_accepted() {
        let text = format!("{}1{}", "[".repeat(MAX_DEPTH), "]".repeat(MAX_DEPTH));
        let mut node = &parse(&text).unwrap();
        let mut depth = 0;
        while let Some(items) = node.as_seq() {
            depth += 1;
            node = &items[0];
        }
        assert_eq!(depth, MAX_DEPTH);

        let text = format!(
            "{}1{}",
            "[".repeat(MAX_DEPTH + 1),
            "]".repeat(MAX_DEPTH + 1)
        );
        assert!(parse(&text).is_err());
    }

    #[test]
    fn brackets_inside_strings_do_not_count_as_nesting() {
        let inner = "[{".repeat(1000);
        let text = format!("{{\"k\": \"{inner}\\\"{inner}\"}}");
        let root = parse(&text).unwrap();
        assert!(root.get("k").unwrap().as_str().unwrap().starts_with("[{[{"));
    }
}
