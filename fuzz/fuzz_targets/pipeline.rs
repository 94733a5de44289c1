//! The whole pipeline on arbitrary bytes: the input is written as a `.tf`,
//! `.tf.json`, `.yaml` or `.json` file (chosen by the first byte), scanned
//! as the CLI scans it, and rendered in every format; JSON and SARIF must
//! always be valid JSON.
#![no_main]

use std::path::PathBuf;
use std::sync::OnceLock;

use clap::ValueEnum;
use libfuzzer_sys::fuzz_target;
use palisade::report::{render, Format, RenderOptions};
use palisade::scan::{scan, ScanOptions};

const NAMES: [&str; 4] = ["main.tf", "main.tf.json", "template.yaml", "template.json"];

/// The scan directory, made once with the global one-thread pool the scans
/// share (a pool per scan would leave exiting threads behind that the leak
/// checker reports).
fn dir() -> &'static tempfile::TempDir {
    static DIR: OnceLock<tempfile::TempDir> = OnceLock::new();
    DIR.get_or_init(|| {
        let _ = rayon::ThreadPoolBuilder::new()
            .num_threads(1)
            .build_global();
        tempfile::tempdir().expect("a temporary directory")
    })
}

fuzz_target!(|data: &[u8]| {
    let Some((&pick, content)) = data.split_first() else {
        return;
    };
    let root = dir().path();
    for name in NAMES {
        let _ = std::fs::remove_file(root.join(name));
    }
    let path = root.join(NAMES[pick as usize % NAMES.len()]);
    std::fs::write(&path, content).expect("write the input");
    let result = scan(&ScanOptions {
        paths: vec![PathBuf::from(root)],
        threads: None,
        ..Default::default()
    });
    let opts = RenderOptions::default();
    for &format in Format::value_variants() {
        let out = render(format, &result, &opts);
        if matches!(format, Format::Json | Format::Sarif) {
            serde_json::from_str::<serde_json::Value>(&out).expect("valid JSON");
        }
        if format == Format::Text {
            assert!(
                !out.contains('\u{1b}'),
                "escape sequence in the text report"
            );
        }
    }
});
