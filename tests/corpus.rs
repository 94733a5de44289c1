//! Real public Terraform and CloudFormation (`../shared/corpus`, outside the
//! repository): every file must be read without a crash or a parse error.
//! Skipped when the corpus is not present.

use std::path::Path;

use palisade::scan::{scan, ScanOptions};

#[test]
fn real_world_corpus_scans_without_errors() {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus");
    if !corpus.is_dir() {
        eprintln!("corpus not present, skipped");
        return;
    }
    let result = scan(&ScanOptions {
        paths: vec![corpus],
        ..Default::default()
    });
    let errors: Vec<String> = result
        .errors
        .iter()
        .map(|e| format!("{}: {}", e.path.display(), e.message))
        .collect();
    assert!(errors.is_empty(), "{}", errors.join("\n"));
    assert!(
        result.stats.files > 1000,
        "only {} files",
        result.stats.files
    );
    assert!(!result.findings.is_empty());
}
