//! `palisade policy test DIR`: runs each policy against its example files.
//!
//! A policy `NAME.yaml` (or `NAME.rego`) is tested by the directory next to
//! it named `NAME` or after the policy id (or the same under `tests/`). That
//! directory is scanned with only this policy, and compared with:
//! - inline expectations: `# expect: ID` (or `# expect: ID@COL`) on each
//!   line where a finding must start, and a `<file>.expect` sidecar with
//!   `LINE[:COL] ID` lines for files without comments (JSON);
//! - Checkov's `expected.yaml`: `fail:` lists resource addresses that must
//!   have a finding, `pass:` addresses that must have none.
//!
//! Every finding must be expected and every expectation met.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::{LoadError, Policies};
use crate::finding::ScanResult;
use crate::model::adapt::same_resource;
use crate::parse::{self, NodeKind};
use crate::rules::RuleSelection;
use crate::scan::{scan, ScanOptions};

/// The outcome of one policy's tests.
#[derive(Debug)]
pub struct Outcome {
    pub id: String,
    pub policy: PathBuf,
    /// The test directory, `None` when the policy has none.
    pub tests: Option<PathBuf>,
    /// What differs from the expectations (empty: passed).
    pub problems: Vec<String>,
}

/// Runs the tests of every policy under `dirs`.
pub fn run_tests(dirs: &[PathBuf]) -> Result<Vec<Outcome>, Vec<LoadError>> {
    let policies = Policies::load(dirs)?;
    let mut out = Vec::new();
    for p in policies.list {
        let tests = test_dir(&p.path, &p.meta.id);
        let id = p.meta.id.clone();
        let policy = p.path.clone();
        let problems = match &tests {
            None => Vec::new(),
            Some(dir) => {
                let single = Policies { list: vec![p] };
                check(dir, &id, single)
            }
        };
        out.push(Outcome {
            id,
            policy,
            tests,
            problems,
        });
    }
    Ok(out)
}

/// `palisade policy test`: prints one line per policy and the problems;
/// exit code 0 when all pass, 1 when one fails, 2 when one does not load.
pub fn run(dirs: &[PathBuf]) -> i32 {
    let outcomes = match run_tests(dirs) {
        Ok(o) => o,
        Err(errors) => {
            for e in errors {
                eprintln!("error: {e}");
            }
            return crate::cli::output::EXIT_ERROR;
        }
    };
    let mut text = String::new();
    let (mut passed, mut failed, mut untested) = (0, 0, 0);
    for o in &outcomes {
        let shown = crate::report::path_string(&o.policy);
        match (&o.tests, o.problems.is_empty()) {
            (None, _) => {
                untested += 1;
                text.push_str(&format!("no tests {} ({shown})\n", o.id));
            }
            (Some(_), true) => {
                passed += 1;
                text.push_str(&format!("ok       {} ({shown})\n", o.id));
            }
            (Some(_), false) => {
                failed += 1;
                text.push_str(&format!("FAILED   {} ({shown})\n", o.id));
                for p in &o.problems {
                    text.push_str(&format!("  {p}\n"));
                }
            }
        }
    }
    text.push_str(&format!(
        "\n{passed} passed, {failed} failed, {untested} without tests\n"
    ));
    {
        use std::io::Write;
        let mut stdout = std::io::stdout().lock();
        if let Err(e) = stdout
            .write_all(text.as_bytes())
            .and_then(|()| stdout.flush())
        {
            if e.kind() != std::io::ErrorKind::BrokenPipe {
                eprintln!("error: cannot write to standard output: {e}");
                return crate::cli::output::EXIT_ERROR;
            }
        }
    }
    if failed > 0 {
        crate::cli::output::EXIT_FINDINGS
    } else {
        crate::cli::output::EXIT_OK
    }
}

fn test_dir(policy: &Path, id: &str) -> Option<PathBuf> {
    let dir = policy.parent()?;
    let stem = policy.file_stem()?.to_str()?;
    [
        dir.join(stem),
        dir.join(id),
        dir.join("tests").join(stem),
        dir.join("tests").join(id),
    ]
    .into_iter()
    .find(|d| d.is_dir())
}

type Expect = (PathBuf, u32, Option<u32>);

fn check(dir: &Path, id: &str, policies: Policies) -> Vec<String> {
    let opts = ScanOptions {
        paths: vec![dir.to_path_buf()],
        rules: RuleSelection {
            only: Some(BTreeSet::from([id.to_string()])),
            ..Default::default()
        },
        policies: Some(Arc::new(policies)),
        ..Default::default()
    };
    let result = scan(&opts);
    let mut problems: Vec<String> = result
        .errors
        .iter()
        .map(|e| format!("error: {}: {}", e.path.display(), e.message))
        .collect();
    let expected = inline_expectations(dir, id);
    let mut found: BTreeSet<(PathBuf, u32, u32)> = BTreeSet::new();
    let checkov = read_expected_yaml(dir, &mut problems);
    for f in result.findings.iter().filter(|f| f.rule.id == id) {
        let file = result.sources.get(f.range.file);
        let lc = file.line_col(f.range.span.start);
        found.insert((file.path.clone(), lc.line, lc.col));
        let inline = expected
            .iter()
            .any(|(p, l, c)| *p == file.path && *l == lc.line && c.is_none_or(|c| c == lc.col));
        let listed = checkov
            .as_ref()
            .is_some_and(|(fail, _)| fail.iter().any(|a| same_resource(a, &f.resource)));
        if !inline && !listed {
            problems.push(format!(
                "{}:{}:{}: unexpected finding on `{}`: {}",
                file.path.display(),
                lc.line,
                lc.col,
                f.resource,
                f.message
            ));
        }
    }
    for (p, l, c) in &expected {
        let hit = found
            .iter()
            .any(|(fp, fl, fc)| fp == p && fl == l && c.is_none_or(|c| c == *fc));
        if !hit {
            let at = c.map_or(String::new(), |c| format!(":{c}"));
            problems.push(format!(
                "{}:{l}{at}: expected {id}, not reported",
                p.display()
            ));
        }
    }
    if let Some((fail, pass)) = checkov {
        compare_checkov(&result, id, &fail, &pass, &mut problems);
    }
    if expected.is_empty() && problems.is_empty() && !dir.join("expected.yaml").is_file() {
        problems.push(format!(
            "{}: no expectations (`# expect: {id}` comments or expected.yaml)",
            dir.display()
        ));
    }
    problems
}

fn compare_checkov(
    result: &ScanResult,
    id: &str,
    fail: &[String],
    pass: &[String],
    problems: &mut Vec<String>,
) {
    let flagged = |a: &str| {
        result
            .findings
            .iter()
            .any(|f| f.rule.id == id && same_resource(a, &f.resource))
    };
    for a in fail {
        if !flagged(a) {
            problems.push(format!("expected.yaml: `{a}` must fail, but passed"));
        }
    }
    for a in pass {
        if flagged(a) {
            problems.push(format!("expected.yaml: `{a}` must pass, but failed"));
        }
    }
}

/// Checkov's `expected.yaml`: (fail, pass) resource addresses.
fn read_expected_yaml(
    dir: &Path,
    problems: &mut Vec<String>,
) -> Option<(Vec<String>, Vec<String>)> {
    let path = dir.join("expected.yaml");
    let text = std::fs::read_to_string(&path).ok()?;
    let root = match parse::yaml::parse(&text) {
        Ok(p) => p.root,
        Err(e) => {
            problems.push(format!("{}: {}", path.display(), e.message));
            return None;
        }
    };
    let list = |key: &str| -> Vec<String> {
        root.get(key)
            .and_then(|n| n.as_seq())
            .unwrap_or_default()
            .iter()
            .filter_map(|n| match &n.kind {
                NodeKind::String(s) => Some(s.clone()),
                _ => None,
            })
            .collect()
    };
    Some((list("fail"), list("pass")))
}

/// `# expect: ID[@COL]` comments and `<file>.expect` sidecars under `dir`,
/// for this policy id; paths as the scan shows them.
fn inline_expectations(dir: &Path, id: &str) -> BTreeSet<Expect> {
    let mut out = BTreeSet::new();
    let mut files: Vec<PathBuf> = ignore::WalkBuilder::new(dir)
        .standard_filters(false)
        .build()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_some_and(|t| t.is_file()))
        .map(|e| e.into_path())
        .collect();
    files.sort();
    let shown = |p: &Path| -> PathBuf {
        let cwd = std::env::current_dir().ok();
        crate::discover::display_path(p, cwd.as_deref())
    };
    for path in files {
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        if let Some(target) = path.to_str().and_then(|p| p.strip_suffix(".expect")) {
            for line in text.lines().map(str::trim) {
                if line.is_empty() || line.starts_with('#') {
                    continue;
                }
                let Some((pos, rule)) = line.split_once(' ') else {
                    continue;
                };
                if !rule.trim().eq_ignore_ascii_case(id) {
                    continue;
                }
                let (l, c) = match pos.split_once(':') {
                    Some((l, c)) => (l.parse().ok(), c.parse().ok()),
                    None => (pos.parse().ok(), None),
                };
                if let Some(l) = l {
                    out.insert((shown(Path::new(target)), l, c));
                }
            }
            continue;
        }
        for (i, line) in text.lines().enumerate() {
            let Some(pos) = line.find("expect:") else {
                continue;
            };
            if !line[..pos].trim_end().ends_with('#') && !line[..pos].trim_end().ends_with("//") {
                continue;
            }
            for item in line[pos + 7..].split(',').map(str::trim) {
                let (rule, col) = match item.split_once('@') {
                    Some((r, c)) => (r, c.trim().parse().ok()),
                    None => (item, None),
                };
                if rule.eq_ignore_ascii_case(id) {
                    out.insert((shown(&path), i as u32 + 1, col));
                }
            }
        }
    }
    out
}
