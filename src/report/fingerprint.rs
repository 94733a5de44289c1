//! Fingerprints: a finding's identity across unrelated edits.
//!
//! Used by SARIF `partialFingerprints` and by baselines. A fingerprint is a
//! hash of what the finding is about, never of where it is, plus an
//! occurrence number that tells identical findings in one file apart.

use std::collections::HashMap;

use super::{clamp_span, path_string};
use crate::finding::Finding;
use crate::source::{SourceFile, SourceMap};

/// A finding's fingerprint: `hash` of its content, and `occurrence` (1-based)
/// among the findings with the same hash, in report order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Fingerprint {
    pub hash: u64,
    pub occurrence: usize,
}

impl std::fmt::Display for Fingerprint {
    /// `0123456789abcdef:1`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:016x}:{}", self.hash, self.occurrence)
    }
}

impl std::str::FromStr for Fingerprint {
    type Err = String;

    fn from_str(s: &str) -> Result<Fingerprint, String> {
        let bad = || format!("invalid fingerprint `{s}` (expected HASH:OCCURRENCE)");
        let (hash, occurrence) = s.split_once(':').ok_or_else(bad)?;
        Ok(Fingerprint {
            hash: u64::from_str_radix(hash, 16).map_err(|_| bad())?,
            occurrence: occurrence.parse().map_err(|_| bad())?,
        })
    }
}

/// The fingerprints of `findings` (in report order), one each.
pub fn fingerprints(sources: &SourceMap, findings: &[&Finding]) -> Vec<Fingerprint> {
    let mut seen: HashMap<u64, usize> = HashMap::new();
    findings
        .iter()
        .map(|f| {
            let hash = fingerprint_hash(sources.get(f.range.file), f);
            let occurrence = seen.entry(hash).or_insert(0);
            *occurrence += 1;
            Fingerprint {
                hash,
                occurrence: *occurrence,
            }
        })
        .collect()
}

/// FNV-1a (64 bit) of the rule id, the file's relative path, the resource and
/// the offending text with whitespace collapsed. Line numbers are left out on
/// purpose so the fingerprint survives edits elsewhere in the file.
pub fn fingerprint_hash(file: &SourceFile, f: &Finding) -> u64 {
    let snippet = file.slice(clamp_span(file, f.range.span));
    let snippet = snippet.split_whitespace().collect::<Vec<_>>().join(" ");
    let path = path_string(&file.path);
    let mut hash = Fnv1a::new();
    for part in [
        f.rule.id.as_str(),
        path.trim_start_matches("./"),
        &f.resource,
        &snippet,
    ] {
        hash.write(part.as_bytes());
        hash.write(&[0]);
    }
    hash.0
}

struct Fnv1a(u64);

impl Fnv1a {
    fn new() -> Fnv1a {
        Fnv1a(0xcbf2_9ce4_8422_2325)
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 ^= u64::from(b);
            self.0 = self.0.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
}
