//! Discovery: paths to candidate files. Gitignore-aware (the `ignore` crate),
//! never follows a symlink out of the scanned root, recognises templates by
//! content (the content check happens after reading, in `scan`).

use std::path::{Component, Path, PathBuf};

use std::sync::Arc;

use ignore::gitignore::{Gitignore, GitignoreBuilder};
use ignore::WalkBuilder;

use crate::finding::{ErrorKind, FileError};

/// What a file's name says it may be.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Candidate {
    /// `.tf`
    Terraform,
    /// `.tf.json`
    TerraformJson,
    /// `.yaml`, `.yml`, `.json`, `.template`: a CloudFormation template if its
    /// content says so.
    MaybeTemplate,
    /// `terragrunt.hcl`: a Terragrunt unit (its module and its `inputs`).
    Terragrunt,
}

impl Candidate {
    pub fn of(path: &Path) -> Option<Candidate> {
        // Lossy: a name that is not UTF-8 (`caf\xe9.tf`) is still scanned.
        let lower = path.file_name()?.to_string_lossy().to_ascii_lowercase();
        if lower.ends_with(".tf") {
            Some(Candidate::Terraform)
        } else if lower == "terragrunt.hcl" {
            Some(Candidate::Terragrunt)
        } else if lower.ends_with(".tf.json") {
            Some(Candidate::TerraformJson)
        } else if [".yaml", ".yml", ".json", ".template"]
            .iter()
            .any(|e| lower.ends_with(e))
        {
            Some(Candidate::MaybeTemplate)
        } else {
            None
        }
    }
}

#[derive(Clone, Debug)]
pub struct Found {
    /// The path to read.
    pub path: PathBuf,
    /// The path shown to users.
    pub display: PathBuf,
    pub candidate: Candidate,
    /// Named on the command line (scanned as given).
    pub explicit: bool,
}

#[derive(Debug, Default)]
pub struct Discovered {
    pub files: Vec<Found>,
    pub errors: Vec<FileError>,
    /// Files named in `paths` that are never read, as shown to users, with
    /// why: a name that is not one Palisade reads (not `.tf`, `.tf.json`,
    /// `.yaml`, `.yml`, `.json` or `.template`), or not a regular file (a
    /// FIFO, a device). Such files inside a directory are skipped without a
    /// trace.
    pub other: Vec<(PathBuf, &'static str)>,
}

/// Paths that are never scanned: gitignore-style globs relative to a base
/// directory (a configuration file's). `!glob` re-includes, later lines win.
#[derive(Clone, Debug, Default)]
pub struct Excludes {
    matcher: Option<Arc<Gitignore>>,
    /// The working directory relative paths are resolved against.
    cwd: PathBuf,
}

impl Excludes {
    /// Builds the matcher; on a bad glob, the error names its index in `globs`.
    pub fn new(base: &Path, globs: &[String]) -> Result<Excludes, (usize, String)> {
        if globs.is_empty() {
            return Ok(Excludes::default());
        }
        let cwd = std::env::current_dir().unwrap_or_default();
        let mut builder = GitignoreBuilder::new(normalize(&cwd.join(base)));
        for (i, g) in globs.iter().enumerate() {
            builder
                .add_line(None, g)
                .map_err(|e| (i, glob_message(&e)))?;
        }
        let matcher = builder.build().map_err(|e| (0, glob_message(&e)))?;
        Ok(Excludes {
            matcher: Some(Arc::new(matcher)),
            cwd,
        })
    }

    /// Whether `path` (relative to the working directory, or absolute), or a
    /// directory above it up to the base, is excluded. Paths outside the
    /// base never are.
    pub fn is_excluded(&self, path: &Path, is_dir: bool) -> bool {
        let Some(m) = &self.matcher else {
            return false;
        };
        let abs = normalize(&self.cwd.join(path));
        let Ok(rel) = abs.strip_prefix(m.path()) else {
            return false;
        };
        let mut at = Some(rel);
        let mut dir = is_dir;
        while let Some(p) = at.filter(|p| !p.as_os_str().is_empty()) {
            match m.matched(p, dir) {
                ignore::Match::Ignore(_) => return true,
                ignore::Match::Whitelist(_) => return false,
                ignore::Match::None => {}
            }
            at = p.parent();
            dir = true;
        }
        false
    }
}

fn glob_message(e: &ignore::Error) -> String {
    match e {
        ignore::Error::Glob { err, .. } => err.clone(),
        other => other.to_string(),
    }
}

/// `path` made absolute against the working directory, with `.` and `..`
/// resolved lexically (symlinks are not resolved).
pub fn absolute(path: &Path) -> PathBuf {
    if path.is_absolute() {
        return normalize(path);
    }
    match std::env::current_dir() {
        Ok(cwd) => normalize(&cwd.join(path)),
        Err(_) => normalize(path),
    }
}

/// `.` and `..` resolved lexically.
fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// Walks `paths` (files or directories), leaving out what `exclude` matches.
pub fn discover(paths: &[PathBuf], no_ignore: bool, exclude: &Excludes) -> Discovered {
    let cwd = std::env::current_dir().ok();
    let mut out = Discovered::default();
    for root in paths {
        let meta = match std::fs::metadata(root) {
            Ok(m) => m,
            Err(e) => {
                out.errors.push(FileError {
                    level: crate::finding::Level::Error,
                    kind: ErrorKind::Io,
                    path: root.clone(),
                    range: None,
                    message: format!("cannot read {}: {e}", root.display()),
                });
                continue;
            }
        };
        if exclude.is_excluded(root, meta.is_dir()) {
            continue;
        }
        if !meta.is_dir() {
            // A file, or a device or FIFO, which is never read.
            let display = display_path(root, cwd.as_deref());
            match Candidate::of(root) {
                Some(candidate) if meta.is_file() => out.files.push(Found {
                    path: root.clone(),
                    display,
                    candidate,
                    explicit: true,
                }),
                Some(_) => out.other.push((display, "not a regular file")),
                None => out.other.push((
                    display,
                    "not a Terraform or CloudFormation file (Palisade reads .tf, .tf.json, \
                     terragrunt.hcl, and CloudFormation templates in .yaml, .yml, .json or \
                     .template files)",
                )),
            }
            continue;
        }
        let canonical_root = std::fs::canonicalize(root).unwrap_or_else(|_| root.clone());
        // The root, then the cloud assembly directory of every CDK app found
        // (`cdk.out`, usually gitignored: its templates are what deploys).
        let mut queue = vec![(root.clone(), false)];
        while let Some((dir, assembly)) = queue.pop() {
            let honour = !no_ignore && !assembly;
            let walker = WalkBuilder::new(&dir)
                .hidden(true)
                .follow_links(false)
                .require_git(false)
                .git_ignore(honour)
                .git_global(honour)
                .git_exclude(honour)
                .ignore(honour)
                .parents(honour)
                .filter_entry({
                    let exclude = exclude.clone();
                    move |e| {
                        !exclude.is_excluded(e.path(), e.file_type().is_some_and(|t| t.is_dir()))
                    }
                })
                .build();
            for entry in walker {
                let entry = match entry {
                    Ok(e) => e,
                    Err(e) => {
                        let path = match &e {
                            ignore::Error::WithPath { path, .. } => path.clone(),
                            _ => root.clone(),
                        };
                        out.errors.push(FileError {
                            level: crate::finding::Level::Error,
                            kind: ErrorKind::Io,
                            path: display_path(&path, cwd.as_deref()),
                            range: None,
                            message: format!("cannot read: {}", io_message(&e)),
                        });
                        continue;
                    }
                };
                let Some(ft) = entry.file_type() else {
                    continue;
                };
                let path = entry.path();
                let Some(candidate) = Candidate::of(path) else {
                    continue;
                };
                let name = path
                    .file_name()
                    .map(|n| n.to_string_lossy())
                    .unwrap_or_default();
                if assembly && !name.ends_with(".template.json") {
                    continue;
                }
                if name == "cdk.json" && ft.is_file() {
                    if let Some(out) = cdk_output(path).filter(|o| !exclude.is_excluded(o, true)) {
                        queue.push((out, true));
                    }
                }
                if ft.is_symlink() {
                    // Follow a link to a file only when it stays inside the root.
                    match std::fs::canonicalize(path) {
                        Ok(target) if target.starts_with(&canonical_root) && target.is_file() => {}
                        _ => continue,
                    }
                } else if !ft.is_file() {
                    continue;
                }
                out.files.push(Found {
                    path: path.to_path_buf(),
                    display: display_path(path, cwd.as_deref()),
                    candidate,
                    explicit: false,
                });
            }
        }
    }
    out.files.sort_by(|a, b| a.display.cmp(&b.display));
    out.files.dedup_by(|a, b| a.display == b.display);
    out
}

/// The cloud assembly directory of the CDK app configured by `cdk_json`:
/// its `output` setting or `cdk.out`, when that is a real directory beside
/// it (not a link, not outside).
fn cdk_output(cdk_json: &Path) -> Option<PathBuf> {
    let text = std::fs::read_to_string(cdk_json).ok()?;
    let config: serde_json::Value = serde_json::from_str(&text).ok()?;
    let output = config
        .get("output")
        .and_then(|o| o.as_str())
        .unwrap_or("cdk.out");
    let rel = Path::new(output);
    if !rel.components().all(|c| matches!(c, Component::Normal(_))) {
        return None;
    }
    let dir = cdk_json.parent()?.join(rel);
    std::fs::symlink_metadata(&dir)
        .ok()
        .filter(|m| m.is_dir())
        .map(|_| dir)
}

fn io_message(e: &ignore::Error) -> String {
    match e {
        ignore::Error::WithPath { err, .. } => io_message(err),
        ignore::Error::WithDepth { err, .. } => io_message(err),
        ignore::Error::Loop { child, .. } => format!("symlink loop at {}", child.display()),
        other => other.to_string(),
    }
}

/// A path relative to the working directory when it is under it, without `./`.
pub fn display_path(path: &Path, cwd: Option<&Path>) -> PathBuf {
    let rel = match (path.is_absolute(), cwd) {
        (true, Some(cwd)) => path.strip_prefix(cwd).unwrap_or(path),
        _ => path,
    };
    let cleaned: PathBuf = rel
        .components()
        .filter(|c| !matches!(c, Component::CurDir))
        .collect();
    if cleaned.as_os_str().is_empty() {
        PathBuf::from(".")
    } else {
        cleaned
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excludes_match_below_their_base_only() {
        let ex = Excludes::new(
            Path::new("/repo/infra"),
            &[
                "legacy/".into(),
                "*.tf.json".into(),
                "gen/*".into(),
                "!gen/keep.tf".into(),
            ],
        )
        .unwrap();
        let is = |p: &str, dir: bool| ex.is_excluded(Path::new(p), dir);
        assert!(is("/repo/infra/legacy", true));
        assert!(is("/repo/infra/legacy/a/main.tf", false));
        assert!(is("/repo/infra/x/legacy/main.tf", false));
        assert!(!is("/repo/infra/legacy", false), "a file named legacy");
        assert!(is("/repo/infra/a/b.tf.json", false));
        assert!(is("/repo/infra/gen/x.tf", false));
        assert!(!is("/repo/infra/gen/keep.tf", false));
        assert!(!is("/repo/infra/main.tf", false));
        assert!(!is("/repo/legacy/main.tf", false), "outside the base");
        assert!(is("/repo/infra/./other/../legacy/main.tf", false));
        assert!(!Excludes::default().is_excluded(Path::new("/repo/infra/legacy"), true));
        assert_eq!(
            Excludes::new(Path::new("/r"), &["ok".into(), "a[z-a]".into()]).unwrap_err(),
            (1, "invalid range; 'z' > 'a'".to_string())
        );
    }
}
