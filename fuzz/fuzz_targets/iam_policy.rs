//! IAM policy documents given as JSON strings (`policy = <<EOF ... EOF`,
//! `jsonencode` output, CloudFormation `PolicyDocument` strings): the JSON
//! front end and the mapping of its positions back into the file.
#![no_main]

use std::sync::Arc;

use libfuzzer_sys::fuzz_target;
use palisade::eval::value::{Kind, Segment, Str, Value};
use palisade::model::adapt::policy_document;
use palisade::source::{FileId, Range, Span};

fuzz_target!(|data: &[u8]| {
    // The first byte splits the string into a verbatim part (copied from
    // the file, so positions map back) and a computed part.
    let Some((&split, rest)) = data.split_first() else {
        return;
    };
    let text = String::from_utf8_lossy(rest).into_owned();
    let mut at = (split as usize * text.len()) / 255;
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    let segments: Arc<[Segment]> = Arc::from(vec![Segment {
        at: 0,
        src: 10,
        len: at as u32,
    }]);
    let range = Range::new(FileId(0), Span::new(0, text.len() + 10));
    let value = Value::new(
        Kind::String(Str {
            text,
            segments: Some(segments),
        }),
        range,
    );
    if let Some(doc) = policy_document(&value) {
        for s in &doc.statements {
            assert!(s.range.span.start <= s.range.span.end);
        }
    }
});
