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
use std::sync::Arc;

use crate::finding::ScanResult;
use crate::fix::{self, Edit};
use crate::parse;
use crate::scan::{self, ScanOptions};
use crate::source::{FileId, FileKind, SourceFile};

/// What the fixes would do, file by file.
pub(crate) struct Planned {
    /// Each file to change: its path, old and new text.
    pub files: Vec<FileFix>,
    /// How many findings the planned edits fix.
    pub fixed: usize,
    /// Files whose fixed text would not parse: left alone.
    pub errors: Vec<String>,
    /// Findings of fixable rules whose value is written elsewhere, with why
    /// that origin is not edited.
    pub notes: Vec<String>,
}

pub(crate) struct FileFix {
    pub path: PathBuf,
    pub old: String,
    pub new: String,
}

/// Plans the fixes for a scan's findings. A fix edits one file: the
/// finding's, or the one its value comes from (a variable's default).
pub(crate) fn plan(result: &ScanResult) -> Planned {
    let mut by_file: BTreeMap<FileId, Vec<(Edit, usize)>> = BTreeMap::new();
    let mut notes = Vec::new();
    let workspace = fix::Workspace::new(&result.sources);
    for (i, f) in result.findings.iter().enumerate() {
        let Some(fix) = workspace.fix(f) else {
            notes.extend(workspace.note(f));
            continue;
        };
        let edits = by_file.entry(fix.file).or_default();
        // One resource block reached through several instances or module
        // calls gets one edit; a fix that would touch what another changes
        // is left out whole.
        let new: Vec<Edit> = fix
            .edits
            .into_iter()
            .filter(|e| !edits.iter().any(|(o, _)| o == e))
            .collect();
        if new
            .iter()
            .all(|e| !edits.iter().any(|(o, _)| overlaps(o, e)))
        {
            edits.extend(new.into_iter().map(|e| (e, i)));
        }
    }
    let mut planned = Planned {
        files: Vec::new(),
        fixed: 0,
        errors: Vec::new(),
        notes,
    };
    for (id, edits) in by_file {
        let file = result.sources.get(id);
        let findings: std::collections::BTreeSet<usize> = edits.iter().map(|(_, i)| *i).collect();
        let edits: Vec<Edit> = edits.into_iter().map(|(e, _)| e).collect();
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
        planned.fixed += findings.len();
        planned.files.push(FileFix {
            path: file.path.clone(),
            old: file.text.to_string(),
            new,
        });
    }
    planned
}

/// Plans the fixes, then plans again over the fixed text (scanned from
/// memory) until nothing is left to fix, so that a second run changes
/// nothing: one fix can make another safe (a public ACL made private lets a
/// public access block be added).
///
/// `protect` drops the findings no fix may touch (those in the module
/// cache of `--download-modules`) from each scan's result.
pub(crate) fn plan_all(
    result: &ScanResult,
    opts: &mut ScanOptions,
    protect: &dyn Fn(&mut ScanResult),
) -> Planned {
    const ROUNDS: usize = 4;
    let mut total = plan(result);
    let mut latest: BTreeMap<PathBuf, FileFix> =
        total.files.drain(..).map(|f| (f.path.clone(), f)).collect();
    let saved = std::mem::take(&mut opts.overlay);
    let progress = opts.progress.take();
    let mut changed = !latest.is_empty();
    for _ in 1..ROUNDS {
        if !changed {
            break;
        }
        let mut overlay = saved.clone();
        for f in latest.values() {
            overlay.insert(
                crate::discover::absolute(&f.path),
                Arc::from(f.new.as_str()),
            );
        }
        opts.overlay = overlay;
        let mut rescanned = scan::scan(opts);
        protect(&mut rescanned);
        let again = plan(&rescanned);
        changed = !again.files.is_empty();
        total.fixed += again.fixed;
        for e in again.errors {
            if !total.errors.contains(&e) {
                total.errors.push(e);
            }
        }
        total.notes = again.notes;
        for f in again.files {
            match latest.get_mut(&f.path) {
                Some(prev) => prev.new = f.new,
                None => {
                    latest.insert(f.path.clone(), f);
                }
            }
        }
    }
    opts.overlay = saved;
    opts.progress = progress;
    total.files = latest.into_values().filter(|f| f.new != f.old).collect();
    total
}

/// Whether two edits touch the same bytes: such edits are not applied
/// together. Insertions at one point do not overlap each other (they are
/// applied in order), but do overlap a replacement that starts or ends
/// there.
fn overlaps(a: &Edit, b: &Edit) -> bool {
    let (a0, a1, b0, b1) = (a.span.start, a.span.end, b.span.start, b.span.end);
    match (a0 == a1, b0 == b1) {
        (true, true) => false,
        (true, false) | (false, true) => a0 <= b1 && b0 <= a1,
        (false, false) => a0 < b1 && b0 < a1,
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
pub(crate) fn run(
    result: &ScanResult,
    opts: &mut ScanOptions,
    protect: &dyn Fn(&mut ScanResult),
    only_diff: bool,
    quiet: bool,
) -> Option<i32> {
    let planned = plan_all(result, opts, protect);
    for e in &planned.errors {
        eprintln!("error: {e}");
    }
    if !quiet {
        for n in &planned.notes {
            eprintln!("note: {n}");
        }
    }
    let fixed = planned.fixed;
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::{TrailRole, TrailStep};
    use crate::source::{Range, Span};

    /// Findings whose value comes from a variable's default (the trail is
    /// built by hand here): the default used once is edited in its own
    /// file, the one used twice is left with a note.
    #[test]
    fn a_fix_may_edit_the_file_a_value_comes_from_and_notes_say_why_not() {
        let dir = tempfile::tempdir().unwrap();
        let volume = |n: &str| {
            format!(
                "resource \"aws_ebs_volume\" \"{n}\" {{\n  availability_zone = \"eu-west-1a\"\n  \
                 size              = 1\n  encrypted         = var.{n}\n}}\n"
            )
        };
        let main = format!(
            "{}\n{}\nresource \"aws_efs_file_system\" \"f\" {{\n  encrypted = var.twice\n}}\n",
            volume("once"),
            volume("twice")
        );
        let vars = "variable \"once\" {\n  default = false\n}\n\nvariable \"twice\" {\n  default = false\n}\n";
        std::fs::write(dir.path().join("main.tf"), &main).unwrap();
        std::fs::write(dir.path().join("variables.tf"), vars).unwrap();
        let mut result = scan::scan(&ScanOptions {
            paths: vec![dir.path().to_path_buf()],
            ..Default::default()
        });
        let origin = result
            .sources
            .files()
            .find(|f| f.path.ends_with("variables.tf"))
            .unwrap()
            .clone();
        let (first, second) = (vars.find("false").unwrap(), vars.rfind("false").unwrap());
        let mut traced = 0;
        for f in &mut result.findings {
            if f.rule.id != "AWS-EBS-001" && f.rule.id != "AWS-EFS-001" {
                continue;
            }
            let (at, name) = if f.resource == "aws_ebs_volume.once" {
                (first, "once")
            } else {
                (second, "twice")
            };
            f.trail = vec![TrailStep {
                role: TrailRole::Origin,
                range: Range::new(origin.id, Span::new(at, at + 5)),
                message: format!("the default of variable `{name}`"),
            }];
            traced += 1;
        }
        assert_eq!(traced, 3);
        let planned = plan(&result);
        assert!(planned.errors.is_empty(), "{:?}", planned.errors);
        assert_eq!(planned.fixed, 1);
        assert_eq!(planned.files.len(), 1);
        assert_eq!(planned.files[0].path, origin.path);
        assert_eq!(
            planned.files[0].new,
            vars.replacen("default = false", "default = true", 1)
        );
        let main_path = origin.path.with_file_name("main.tf");
        assert_eq!(
            planned.notes,
            [(10, 23, "AWS-EBS-001"), (14, 15, "AWS-EFS-001")].map(|(line, col, rule)| format!(
                "{}:{line}:{col}: {rule}: not fixed: the value comes from the default of \
                 variable `twice` at {}:6, which is also used elsewhere",
                main_path.display(),
                origin.path.display()
            ))
        );
    }
}
