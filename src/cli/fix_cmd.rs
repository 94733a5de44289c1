//! `palisade fix` and `scan --fix` / `--diff`: the safe edits the language
//! server offers as quick fixes ([`crate::fix`]), applied to the files.
//!
//! Edits are computed from one scan, grouped per file, and applied together;
//! a file whose edited text would not parse again is left alone with an
//! error. Nothing else in a file changes: the edits are byte ranges, so
//! untouched lines keep their formatting. A fixed finding is gone from the
//! next scan, so a second run changes nothing.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::Write as _;
use std::path::PathBuf;

use crate::finding::ScanResult;
use crate::fix::{self, Edit};
use crate::parse;
use crate::source::{FileId, FileKind, SourceFile};

/// What the fixes would do, file by file.
pub(crate) struct Planned {
    /// Each file to change: its path, old and new text, and how many
    /// findings the edits fix.
    pub files: Vec<FileFix>,
    /// Files whose fixed text would not parse: left alone.
    pub errors: Vec<String>,
}

pub(crate) struct FileFix {
    pub path: PathBuf,
    pub old: String,
    pub new: String,
    pub fixed: usize,
}

/// Plans the fixes for a scan's findings.
pub(crate) fn plan(result: &ScanResult) -> Planned {
    let mut by_file: BTreeMap<FileId, (Vec<Edit>, usize)> = BTreeMap::new();
    for f in &result.findings {
        let file = result.sources.get(f.range.file);
        let Some(fix) = fix::fix(f, file) else {
            continue;
        };
        let (edits, fixed) = by_file.entry(f.range.file).or_default();
        let mut used = false;
        for e in fix.edits {
            // One resource block reached through several instances or
            // module calls gets one edit.
            if edits.contains(&e) {
                continue;
            }
            if !edits.iter().any(|o| overlaps(o, &e)) {
                edits.push(e);
                used = true;
            }
        }
        if used {
            *fixed += 1;
        }
    }
    let mut planned = Planned {
        files: Vec::new(),
        errors: Vec::new(),
    };
    for (id, (edits, fixed)) in by_file {
        if edits.is_empty() {
            continue;
        }
        let file = result.sources.get(id);
        let new = fix::apply(&file.text, &edits);
        if new == *file.text {
            continue;
        }
        if let Err(why) = reparses(file, &new) {
            planned.errors.push(format!(
                "{}: not fixed: the fixed file would not parse ({why})",
                file.path.display()
            ));
            continue;
        }
        planned.files.push(FileFix {
            path: file.path.clone(),
            old: file.text.to_string(),
            new,
            fixed,
        });
    }
    planned
}

/// Whether two edits touch the same bytes (an insertion counts at its point,
/// ends included): such edits are not applied together.
fn overlaps(a: &Edit, b: &Edit) -> bool {
    let (a0, a1, b0, b1) = (a.span.start, a.span.end, b.span.start, b.span.end);
    if a0 == a1 || b0 == b1 {
        a0 <= b1 && b0 <= a1
    } else {
        a0 < b1 && b0 < a1
    }
}

/// Whether the edited text still parses as the file's format.
fn reparses(file: &SourceFile, text: &str) -> Result<(), String> {
    let result = match file.kind {
        FileKind::TerraformHcl => parse::hcl::parse(text).map(drop),
        FileKind::TerraformJson | FileKind::TerraformPlan | FileKind::CloudFormationJson => {
            parse::json::parse(text).map(drop)
        }
        FileKind::CloudFormationYaml => parse::yaml::parse(text).map(drop),
    };
    result.map_err(|e| e.message)
}

/// A unified diff of every planned change, as `git diff` shows them.
pub(crate) fn diff(planned: &Planned) -> String {
    let mut out = String::new();
    for f in &planned.files {
        let path = f.path.to_string_lossy().replace('\\', "/");
        let diff = similar::TextDiff::from_lines(&f.old, &f.new);
        let _ = write!(
            out,
            "{}",
            diff.unified_diff()
                .context_radius(3)
                .header(&format!("a/{path}"), &format!("b/{path}"))
        );
    }
    out
}

/// Writes the planned changes; returns the files that could not be written.
pub(crate) fn write(planned: &Planned) -> Vec<String> {
    let mut errors = Vec::new();
    for f in &planned.files {
        if let Err(e) = std::fs::write(&f.path, &f.new) {
            errors.push(format!("{}: not fixed: {e}", f.path.display()));
        }
    }
    errors
}

/// Runs the fix step of a scan: prints the diff (`--diff`, nothing written;
/// the exit code is 1 when there is something to fix) or writes the fixes
/// and says how many on standard error (`None`: rescan and report what is
/// left).
pub(crate) fn run(result: &ScanResult, only_diff: bool, quiet: bool) -> Option<i32> {
    let planned = plan(result);
    for e in &planned.errors {
        eprintln!("error: {e}");
    }
    let fixed: usize = planned.files.iter().map(|f| f.fixed).sum();
    if only_diff {
        let text = diff(&planned);
        let mut stdout = std::io::stdout().lock();
        if stdout.write_all(text.as_bytes()).is_err() {
            return Some(super::output::EXIT_ERROR);
        }
        if !quiet {
            eprintln!(
                "{} fixable in {}",
                crate::report::plural(fixed, "finding"),
                crate::report::plural(planned.files.len(), "file")
            );
        }
        return Some(if !planned.errors.is_empty() {
            super::output::EXIT_ERROR
        } else if planned.files.is_empty() {
            super::output::EXIT_OK
        } else {
            super::output::EXIT_FINDINGS
        });
    }
    let errors = write(&planned);
    for e in &errors {
        eprintln!("error: {e}");
    }
    if !quiet {
        eprintln!(
            "Fixed {} in {}.",
            crate::report::plural(fixed, "finding"),
            crate::report::plural(planned.files.len() - errors.len(), "file")
        );
    }
    if !planned.errors.is_empty() || !errors.is_empty() {
        return Some(super::output::EXIT_ERROR);
    }
    None
}
