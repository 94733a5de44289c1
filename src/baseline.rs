//! Baselines: the findings a project accepts for now, so that a scan in CI
//! fails only on new ones.
//!
//! A baseline is a JSON file written by `palisade baseline write`:
//!
//! ```json
//! {
//!   "version": 1,
//!   "findings": [
//!     {
//!       "rule_id": "AWS-S3-001",
//!       "path": "infra/main.tf",
//!       "resource": "aws_s3_bucket.logs",
//!       "fingerprint": "9f2c1e0b7d3a4c55:1",
//!       "message": "aws_s3_bucket.logs has a public ACL: acl = \"public-read\""
//!     }
//!   ]
//! }
//! ```
//!
//! Paths are relative to the baseline file's directory, so the same baseline
//! works whatever directory the scan runs from. A finding is in the baseline
//! when its rule id, path and fingerprint are: the fingerprint
//! ([`crate::report::fingerprint`]) hashes the rule, the path, the resource
//! and the offending text but not the line, so findings stay baselined when
//! lines are inserted or removed elsewhere. `resource` and `message` are for
//! people reading the file. Entries are sorted, so rewriting a baseline after
//! unrelated edits changes nothing.

use std::collections::HashSet;
use std::path::{Component, Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::discover;
use crate::finding::{Finding, ScanResult};
use crate::report::fingerprint::{fingerprints, Fingerprint};
use crate::report::path_string;
use crate::source::SourceMap;

/// The format version this Palisade writes and reads.
pub const VERSION: u64 = 1;

/// One accepted finding.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Entry {
    pub rule_id: String,
    /// Relative to the baseline file's directory, `/`-separated.
    pub path: String,
    pub resource: String,
    /// `HASH:OCCURRENCE` (see [`Fingerprint`]).
    pub fingerprint: String,
    pub message: String,
}

#[derive(Serialize, Deserialize)]
struct Document {
    version: u64,
    findings: Vec<Entry>,
}

/// A baseline that was read, ready to filter scan results.
#[derive(Clone, Debug)]
pub struct Baseline {
    /// The absolute directory of the file: paths are relative to it.
    dir: PathBuf,
    keys: HashSet<(String, String, Fingerprint)>,
}

/// The entries for the findings of `result`, with paths relative to `dir`.
pub fn entries(result: &ScanResult, dir: &Path) -> Vec<Entry> {
    let (sources, keyed) = keyed(result, dir);
    let mut out: Vec<Entry> = keyed
        .into_iter()
        .map(|(f, fp)| Entry {
            rule_id: f.rule.id.clone(),
            path: path_string(&sources.get(f.range.file).path),
            resource: f.resource.clone(),
            fingerprint: fp.to_string(),
            message: f.message.clone(),
        })
        .collect();
    out.sort();
    out
}

/// Every finding of `result` with its fingerprint, computed as if the files
/// were named relative to `dir`.
fn keyed<'a>(result: &'a ScanResult, dir: &Path) -> (SourceMap, Vec<(&'a Finding, Fingerprint)>) {
    let dir = discover::absolute(dir);
    let mut sources = SourceMap::default();
    for f in result.sources.files() {
        // Same order, so the file ids stay the same.
        let path = relative_to(&discover::absolute(&f.path), &dir);
        sources.add(path, f.kind, f.text.clone());
    }
    let findings: Vec<&Finding> = result.findings.iter().collect();
    let fps = fingerprints(&sources, &findings);
    (sources, findings.into_iter().zip(fps).collect())
}

/// Writes the baseline of `result` to `path`; returns how many findings it
/// holds.
pub fn write(path: &Path, result: &ScanResult) -> Result<usize, String> {
    let dir = path.parent().unwrap_or(Path::new(""));
    let doc = Document {
        version: VERSION,
        findings: entries(result, dir),
    };
    let mut text = serde_json::to_string_pretty(&doc).expect("baseline serializes");
    text.push('\n');
    std::fs::write(path, text)
        .map_err(|e| format!("cannot write baseline {}: {e}", path.display()))?;
    Ok(doc.findings.len())
}

/// Reads the baseline at `path`.
pub fn read(path: &Path) -> Result<Baseline, String> {
    let shown = path.display();
    let text =
        std::fs::read_to_string(path).map_err(|e| format!("cannot read baseline {shown}: {e}"))?;
    let bad = |why: String| format!("{shown} is not a valid Palisade baseline: {why}");
    let value: serde_json::Value = serde_json::from_str(&text).map_err(|e| bad(e.to_string()))?;
    match value.get("version").and_then(serde_json::Value::as_u64) {
        Some(VERSION) => {}
        Some(v) => {
            return Err(format!(
                "{shown}: unsupported baseline version {v} (this Palisade reads version {VERSION})"
            ))
        }
        None => return Err(bad("missing `version`".into())),
    }
    let doc: Document = serde_json::from_value(value).map_err(|e| bad(e.to_string()))?;
    let mut keys = HashSet::new();
    for (i, e) in doc.findings.into_iter().enumerate() {
        let fp: Fingerprint = e
            .fingerprint
            .parse()
            .map_err(|why| bad(format!("finding {}: {why}", i + 1)))?;
        keys.insert((e.rule_id, e.path, fp));
    }
    Ok(Baseline {
        dir: discover::absolute(path.parent().unwrap_or(Path::new(""))),
        keys,
    })
}

impl Baseline {
    /// How many findings the baseline holds.
    pub fn len(&self) -> usize {
        self.keys.len()
    }

    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    /// Removes the findings that are in the baseline from `result` and counts
    /// them in `result.baselined`.
    pub fn apply(&self, result: &mut ScanResult) {
        let (sources, keyed) = keyed(result, &self.dir);
        let keep: Vec<bool> = keyed
            .iter()
            .map(|(f, fp)| {
                let path = path_string(&sources.get(f.range.file).path);
                !self.keys.contains(&(f.rule.id.clone(), path, *fp))
            })
            .collect();
        let before = result.findings.len();
        let mut keep = keep.into_iter();
        result.findings.retain(|_| keep.next().unwrap_or(true));
        result.baselined += before - result.findings.len();
    }
}

/// `path` relative to `base` (both absolute and normalised), with `..` where
/// needed; `path` itself when they share no root.
fn relative_to(path: &Path, base: &Path) -> PathBuf {
    let p: Vec<Component> = path.components().collect();
    let b: Vec<Component> = base.components().collect();
    let common = p.iter().zip(&b).take_while(|(x, y)| x == y).count();
    if common == 0 {
        return path.to_path_buf();
    }
    let mut out = PathBuf::new();
    for _ in common..b.len() {
        out.push("..");
    }
    for c in &p[common..] {
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_paths() {
        let rel = |p: &str, b: &str| path_string(&relative_to(Path::new(p), Path::new(b)));
        assert_eq!(rel("/r/infra/main.tf", "/r"), "infra/main.tf");
        assert_eq!(rel("/r/infra/main.tf", "/r/ci"), "../infra/main.tf");
        assert_eq!(rel("/r/main.tf", "/r/a/b"), "../../main.tf");
    }

    #[test]
    fn corrupt_files_are_errors() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("b.json");
        let shown = path.display();
        let err = |text: &str| {
            std::fs::write(&path, text).unwrap();
            read(&path).unwrap_err()
        };
        assert_eq!(
            err("{\"version\": 1, \"findings\": [\n"),
            format!("{shown} is not a valid Palisade baseline: EOF while parsing a list at line 2 column 0")
        );
        assert_eq!(
            err("{\"findings\": []}"),
            format!("{shown} is not a valid Palisade baseline: missing `version`")
        );
        assert_eq!(
            err("{\"version\": 2, \"findings\": []}"),
            format!("{shown}: unsupported baseline version 2 (this Palisade reads version 1)")
        );
        assert_eq!(
            err("{\"version\": 1, \"findings\": [{\"rule_id\": \"AWS-S3-001\"}]}"),
            format!("{shown} is not a valid Palisade baseline: missing field `path`")
        );
        assert_eq!(
            err("{\"version\": 1, \"findings\": [{\"rule_id\": \"AWS-S3-001\", \"path\": \"a.tf\", \"resource\": \"r\", \"fingerprint\": \"xyz\", \"message\": \"m\"}]}"),
            format!("{shown} is not a valid Palisade baseline: finding 1: invalid fingerprint `xyz` (expected HASH:OCCURRENCE)")
        );
        std::fs::remove_file(&path).unwrap();
        assert!(read(&path)
            .unwrap_err()
            .starts_with(&format!("cannot read baseline {shown}: ")));
    }
}
