//! Real public Terraform and CloudFormation (`../shared/corpus`, outside the
//! repository, or the directory `PALISADE_CORPUS` names): every file must be
//! read without a crash or a parse error.
//!
//! A missing corpus is never a silent pass: the test says `SKIPPED` on the
//! terminal, and fails when `PALISADE_REQUIRE_CORPUS=1` (which `.ci/run`
//! sets whenever the corpus sits beside the repository).

use std::io::Write;
use std::path::PathBuf;

use palisade::scan::{scan, ScanOptions};

fn corpus() -> PathBuf {
    std::env::var_os("PALISADE_CORPUS").map_or_else(
        || PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus"),
        PathBuf::from,
    )
}

#[test]
fn real_world_corpus_scans_without_errors() {
    let corpus = corpus();
    if !corpus.is_dir() {
        assert!(
            std::env::var_os("PALISADE_REQUIRE_CORPUS").is_none_or(|v| v != "1"),
            "corpus not found at {}, and PALISADE_REQUIRE_CORPUS=1 makes that a failure",
            corpus.display()
        );
        // Written to standard error directly: libtest captures only
        // `print!` and `eprint!`, so this shows in a plain `cargo test`.
        let _ = writeln!(
            std::io::stderr().lock(),
            "SKIPPED real_world_corpus_scans_without_errors: no corpus at {} \
             (set PALISADE_CORPUS to its path, or PALISADE_REQUIRE_CORPUS=1 to make this a failure)",
            corpus.display()
        );
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
