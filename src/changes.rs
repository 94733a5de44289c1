//! `--changed-since REF`: only the findings in lines a change touched.
//!
//! The changed lines come from git (`git diff --unified=0 REF`, which
//! compares `REF` with the working tree, plus the untracked files, all of
//! whose lines are new). A finding is kept when a changed line falls in its
//! range (a finding about a missing attribute covers its whole resource, so
//! deleting a line inside the resource counts), in one of its related
//! locations (the `module` block that instantiated it), or in a place of its
//! value's trail (a changed variable default or `.tfvars` line reports the
//! finding where the value is used). Git is run only
//! when the flag asks for it; nothing of the scanned repository is executed.

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::finding::{Finding, ScanResult};
use crate::parse::{self, Node};
use crate::source::{FileId, FileKind, Range, SourceFile, SourceMap, Span};

/// The lines changed since a git revision, by absolute file path; `None`
/// for a file whose every line is new (untracked).
#[derive(Debug, Default)]
pub struct Changes {
    files: HashMap<PathBuf, Option<BTreeSet<u32>>>,
}

impl Changes {
    /// Reads the changes since `rev` in the git repository that holds `dir`.
    pub fn since(rev: &str, dir: &Path) -> Result<Changes, String> {
        let top = git(dir, &["rev-parse", "--show-toplevel"])?;
        let top = PathBuf::from(top.trim_end_matches(['\n', '\r']));
        // Fails clearly on a revision that does not exist.
        git(
            &top,
            &[
                "rev-parse",
                "--verify",
                "--quiet",
                &format!("{rev}^{{commit}}"),
            ],
        )
        .map_err(|_| {
            format!(
                "--changed-since: `{rev}` is not a revision of {}",
                top.display()
            )
        })?;
        let diff = git(
            &top,
            &[
                "diff",
                "--unified=0",
                "--no-color",
                "--no-ext-diff",
                "--no-renames",
                rev,
                "--",
            ],
        )?;
        let mut changes = Changes::parse_diff(&diff, &top);
        let untracked = git(&top, &["ls-files", "--others", "--exclude-standard", "-z"])?;
        for path in untracked.split('\0').filter(|p| !p.is_empty()) {
            changes.files.insert(top.join(path), None);
        }
        Ok(changes)
    }

    /// The lines a `--unified=0` diff adds or changes in the new files; a
    /// deletion marks the lines on both sides of where it was.
    pub fn parse_diff(diff: &str, top: &Path) -> Changes {
        let mut changes = Changes::default();
        let mut current: Option<PathBuf> = None;
        for line in diff.lines() {
            if let Some(path) = line.strip_prefix("+++ ") {
                current = path.strip_prefix("b/").map(|p| top.join(unquote(p)));
                if let Some(p) = &current {
                    changes
                        .files
                        .entry(p.clone())
                        .or_insert_with(|| Some(BTreeSet::new()));
                }
            } else if let (Some(hunk), Some(path)) = (line.strip_prefix("@@ "), &current) {
                let Some(new) = hunk.split(' ').find_map(|p| p.strip_prefix('+')) else {
                    continue;
                };
                let (start, count) = match new.split_once(',') {
                    Some((s, c)) => (s.parse::<u32>().unwrap_or(0), c.parse::<u32>().unwrap_or(1)),
                    None => (new.parse::<u32>().unwrap_or(0), 1),
                };
                let lines: Vec<u32> = if count == 0 {
                    vec![start, start + 1]
                } else {
                    (start..start + count).collect()
                };
                if let Some(Some(set)) = changes.files.get_mut(path) {
                    set.extend(lines.into_iter().filter(|&l| l > 0));
                }
            }
        }
        changes
    }

    /// Whether a changed line falls in `range`.
    fn touches(&self, sources: &SourceMap, range: Range) -> bool {
        let file = sources.get(range.file);
        let path = crate::discover::absolute(&file.path);
        let Some(lines) = self.files.get(&path) else {
            return false;
        };
        let Some(lines) = lines else {
            return true;
        };
        let start = file.line_col(range.span.start).line;
        let end = file.line_col(range.span.end).line.max(start);
        lines.range(start..=end).next().is_some()
    }

    fn keeps(&self, sources: &SourceMap, blocks: &mut Blocks, f: &Finding) -> bool {
        if self.touches(sources, f.range)
            || f.related.iter().any(|(r, _)| self.touches(sources, *r))
            || f.trail.iter().any(|t| self.touches(sources, t.range))
        {
            return true;
        }
        // A finding about a missing attribute sits on its resource's header:
        // a change anywhere in that resource (deleting the attribute) is
        // its change.
        blocks
            .at(sources, f.range)
            .is_some_and(|block| self.touches(sources, block))
    }

    /// Keeps only the findings the changes touch; counts the others in
    /// `result.outside_changes`.
    pub fn apply(&self, result: &mut ScanResult) {
        let before = result.findings.len();
        let sources = &result.sources;
        let mut blocks = Blocks::default();
        let keep: Vec<bool> = result
            .findings
            .iter()
            .map(|f| self.keeps(sources, &mut blocks, f))
            .collect();
        let mut keep = keep.into_iter();
        result.findings.retain(|_| keep.next().unwrap_or(true));
        result.outside_changes += before - result.findings.len();
    }
}

/// The resource blocks of each file, parsed once when a finding needs them.
#[derive(Default)]
struct Blocks {
    by_file: HashMap<FileId, Vec<Span>>,
}

impl Blocks {
    /// The resource block whose header `range` is (it starts where the block
    /// does and stays on its first line).
    fn at(&mut self, sources: &SourceMap, range: Range) -> Option<Range> {
        let file = sources.get(range.file);
        let spans = self
            .by_file
            .entry(range.file)
            .or_insert_with(|| resource_spans(file));
        let block = spans.iter().find(|b| {
            b.start <= range.span.start
                && range.span.end <= b.end
                && file.line_col(range.span.start).line == file.line_col(b.start).line
        })?;
        Some(Range::new(range.file, *block))
    }
}

/// The spans of a file's resources: Terraform `resource`, `data` and
/// `module` blocks, CloudFormation `Resources` entries (key to value).
fn resource_spans(file: &SourceFile) -> Vec<Span> {
    match file.kind {
        FileKind::TerraformHcl => parse::hcl::parse(&file.text)
            .map(|p| p.body.blocks.iter().map(|b| b.span).collect())
            .unwrap_or_default(),
        FileKind::TerraformJson | FileKind::TerraformPlan => Vec::new(),
        FileKind::CloudFormationYaml | FileKind::CloudFormationJson => {
            let root = if file.kind == FileKind::CloudFormationJson {
                parse::json::parse(&file.text).ok()
            } else {
                parse::yaml::parse(&file.text).ok().map(|p| p.root)
            };
            root.and_then(|r| {
                r.get("Resources").and_then(Node::as_map).map(|entries| {
                    entries
                        .iter()
                        .map(|e| Span::new(e.key_span.start as usize, e.value.span.end as usize))
                        .collect()
                })
            })
            .unwrap_or_default()
        }
    }
}

/// Git's C-style quoting of unusual paths (`"a\tb.tf"`).
fn unquote(path: &str) -> String {
    let Some(inner) = path.strip_prefix('"').and_then(|p| p.strip_suffix('"')) else {
        return path.to_string();
    };
    let mut out = Vec::new();
    let mut bytes = inner.bytes().peekable();
    while let Some(b) = bytes.next() {
        if b != b'\\' {
            out.push(b);
            continue;
        }
        match bytes.next() {
            Some(b'n') => out.push(b'\n'),
            Some(b't') => out.push(b'\t'),
            Some(d @ b'0'..=b'7') => {
                let mut n = u32::from(d - b'0');
                for _ in 0..2 {
                    if let Some(&d @ b'0'..=b'7') = bytes.peek() {
                        n = n * 8 + u32::from(d - b'0');
                        bytes.next();
                    }
                }
                out.push(n as u8);
            }
            Some(c) => out.push(c),
            None => {}
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn git(dir: &Path, args: &[&str]) -> Result<String, String> {
    let out = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .output()
        .map_err(|e| format!("--changed-since needs git: {e}"))?;
    if !out.status.success() {
        let err = String::from_utf8_lossy(&out.stderr);
        return Err(format!(
            "--changed-since: git {} failed: {}",
            args.first().copied().unwrap_or(""),
            err.trim()
        ));
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hunks_become_changed_lines() {
        let diff = "diff --git a/main.tf b/main.tf\n\
                    --- a/main.tf\n+++ b/main.tf\n\
                    @@ -3 +3 @@ x\n-a\n+b\n\
                    @@ -10,0 +11,2 @@\n+c\n+d\n\
                    @@ -20,2 +21,0 @@\n-e\n-f\n\
                    diff --git a/gone.tf b/gone.tf\n--- a/gone.tf\n+++ /dev/null\n\
                    @@ -1 +0,0 @@\n-x\n";
        let c = Changes::parse_diff(diff, Path::new("/r"));
        let lines: Vec<u32> = c.files[Path::new("/r/main.tf")]
            .as_ref()
            .unwrap()
            .iter()
            .copied()
            .collect();
        assert_eq!(lines, [3, 11, 12, 21, 22]);
        assert_eq!(c.files.len(), 1);
    }

    #[test]
    fn quoted_paths() {
        assert_eq!(unquote("\"a\\tb.tf\""), "a\tb.tf");
        assert_eq!(unquote("\"caf\\303\\251.tf\""), "café.tf");
        assert_eq!(unquote("plain.tf"), "plain.tf");
    }
}
