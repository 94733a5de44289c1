//! How much of each directory static evaluation resolves: for every
//! directory argument, the resources found and the leaf values of their
//! evaluated bodies that are known or stayed unknown.
//!
//! `cargo run --release --example unknowns -- DIR...`

use std::path::PathBuf;

use palisade::scan::{scan, ScanOptions};

fn main() {
    println!("| directory | resources | values | unknown | unknown % |");
    println!("|---|---:|---:|---:|---:|");
    for dir in std::env::args().skip(1) {
        let result = scan(&ScanOptions {
            paths: vec![PathBuf::from(&dir)],
            ..Default::default()
        });
        let v = result.stats.values;
        let name = PathBuf::from(&dir)
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or(dir);
        println!(
            "| {name} | {} | {} | {} | {:.1} |",
            result.stats.resources,
            v.total,
            v.unknown,
            100.0 * v.unknown as f64 / v.total.max(1) as f64
        );
    }
}
