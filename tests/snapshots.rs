//! Snapshots of what users read: the demo rendered in every format.
//! A change to any output shows up as a reviewable diff.

use palisade::report::{render, Format, RenderOptions};
use palisade::scan::{scan, ScanOptions};

/// The demo scanned with the rules that report on it (reported or
/// suppressed): SARIF lists, and JUnit counts, every rule that ran, so a new
/// rule that finds nothing in the demo leaves these snapshots alone.
fn demo(format: Format) -> String {
    let mut options = ScanOptions {
        paths: vec!["testdata/demo".into()],
        ..Default::default()
    };
    let all = scan(&options);
    let fired = all
        .findings
        .iter()
        .chain(all.suppressed.iter().map(|s| &s.finding))
        .map(|f| f.rule.id.clone())
        .collect();
    options.rules.only = Some(fired);
    let result = scan(&options);
    assert_eq!(
        (result.findings.len(), result.suppressed.len()),
        (all.findings.len(), all.suppressed.len()),
        "the demo's findings do not depend on which other rules run"
    );
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
