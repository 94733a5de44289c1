//! The parse-only floor for benchmarks: Palisade's own discovery, reading and
//! parsing of every file, with no evaluation and no rules. `benches/run`
//! compares a full scan with this.

use std::path::PathBuf;

use palisade::discover::{discover, Candidate, Excludes};
use rayon::prelude::*;

fn main() {
    let paths: Vec<PathBuf> = std::env::args().skip(1).map(PathBuf::from).collect();
    let found = discover(&paths, false, &Excludes::default());
    let (files, bytes, errors) = found
        .files
        .par_iter()
        .map(|f| {
            let Ok(text) = std::fs::read_to_string(&f.path) else {
                return (0usize, 0usize, 1usize);
            };
            let ok = match f.candidate {
                Candidate::Terraform | Candidate::Terragrunt => {
                    palisade::parse::hcl::parse(&text).is_ok()
                }
                Candidate::TerraformJson => palisade::parse::json::parse(&text).is_ok(),
                // The same cheap content check a scan makes before parsing.
                Candidate::MaybeTemplate if !palisade::scan::looks_like_template(&text) => {
                    return (0, 0, 0);
                }
                Candidate::MaybeTemplate => {
                    if text.trim_start().starts_with('{') {
                        palisade::parse::json::parse(&text).is_ok()
                    } else {
                        palisade::parse::yaml::parse(&text).is_ok()
                    }
                }
            };
            (1, text.len(), usize::from(!ok))
        })
        .reduce(|| (0, 0, 0), |a, b| (a.0 + b.0, a.1 + b.1, a.2 + b.2));
    println!("{files} files, {bytes} bytes parsed, {errors} not parsed");
}
