//! Snapshots of what users read: the demo rendered in every format.
//! A change to any output shows up as a reviewable diff.

use palisade::report::{render, Format, RenderOptions};
use palisade::scan::{scan, ScanOptions};

fn demo(format: Format) -> String {
    let result = scan(&ScanOptions {
        paths: vec!["testdata/demo".into()],
        ..Default::default()
    });
    render(format, &result, &RenderOptions::default())
}

#[test]
fn demo_text() {
    insta::assert_snapshot!(demo(Format::Text));
}

#[test]
fn demo_compact() {
    insta::assert_snapshot!(demo(Format::Compact));
}

#[test]
fn demo_json() {
    insta::assert_snapshot!(demo(Format::Json));
}

#[test]
fn demo_sarif() {
    insta::assert_snapshot!(demo(Format::Sarif));
}

#[test]
fn demo_junit() {
    insta::assert_snapshot!(demo(Format::Junit));
}

#[test]
fn demo_github() {
    insta::assert_snapshot!(demo(Format::Github));
}

#[test]
fn demo_checkstyle() {
    insta::assert_snapshot!(demo(Format::Checkstyle));
}

#[test]
fn demo_markdown() {
    insta::assert_snapshot!(demo(Format::Markdown));
}
