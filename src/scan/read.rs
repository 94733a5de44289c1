//! Reading: the files discovery finds, the buffers that exist only in the
//! overlay, and the rest of a named Terraform file's module directory, read
//! in parallel and recognised (Terraform, CloudFormation, a plan), not yet
//! parsed.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::discover::{self, Candidate, Found};
use crate::eval;
use crate::finding::{ErrorKind, FileError};
use crate::source::FileKind;

use super::{Overlay, Progress, Read, Role, ScanOptions, MAX_FILE_BYTES};

/// What reading leaves: the files to group into units, the problems met, and
/// the directories `file()` may read from.
pub(super) struct Reading {
    pub files: Vec<Read>,
    pub errors: Vec<FileError>,
    pub readable: Vec<PathBuf>,
}

/// Discovers the files to scan and reads them in parallel; only the text is
/// kept at this stage.
pub(super) fn read_all(opts: &ScanOptions, progress: &(dyn Fn(Progress) + Sync)) -> Reading {
    let paths = if opts.paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        opts.paths.clone()
    };
    let (buffers, paths) = buffers_only(paths, &opts.overlay);
    let discovered = discover::discover(&paths, opts.no_ignore, &opts.exclude);
    let mut errors = discovered.errors;
    if opts.reject_other_files {
        errors.extend(discovered.other.into_iter().map(|(path, why)| FileError {
            level: crate::finding::Level::Error,
            kind: ErrorKind::Unsupported,
            path,
            range: None,
            message: why.into(),
        }));
    }
    let mut found: Vec<(Found, bool)> = discovered.files.into_iter().map(|f| (f, false)).collect();
    found.extend(
        buffers
            .into_iter()
            .filter(|f| !opts.exclude.is_excluded(&f.path, false))
            .map(|f| (f, false)),
    );
    add_module_context(&mut found, &opts.overlay);
    progress(Progress::Discovered { files: found.len() });

    let results: Vec<Result<Option<Read>, FileError>> = found
        .into_par_iter()
        .map(|(f, context)| {
            let named = (opts.reject_other_files && f.explicit).then(|| f.display.clone());
            let r = match (read(f, context, &opts.overlay), named) {
                (Ok(None), Some(path)) => Err(FileError {
                    level: crate::finding::Level::Error,
                    kind: ErrorKind::Unsupported,
                    path,
                    range: None,
                    message: "not a CloudFormation template: it has no \
                              `AWSTemplateFormatVersion`, nor `Resources` with `AWS::` types"
                        .into(),
                }),
                (r, _) => r,
            };
            // A file not read any further is done; the others are counted
            // when their unit parses them.
            if !matches!(r, Ok(Some(_))) {
                progress(Progress::Parsed);
            }
            r
        })
        .collect();
    let mut files: Vec<Read> = Vec::new();
    for r in results {
        match r {
            Ok(Some(r)) => files.push(r),
            Ok(None) => {}
            Err(e) => errors.push(e),
        }
    }
    Reading {
        files,
        errors,
        readable: readable_roots(&paths),
    }
}

/// Splits off the named paths that exist only in the overlay (a new buffer
/// not saved yet): discovery would report them missing.
fn buffers_only(paths: Vec<PathBuf>, overlay: &Overlay) -> (Vec<Found>, Vec<PathBuf>) {
    if overlay.is_empty() {
        return (Vec::new(), paths);
    }
    let cwd = std::env::current_dir().ok();
    let mut buffers = Vec::new();
    let mut rest = Vec::new();
    for p in paths {
        match Candidate::of(&p) {
            Some(candidate)
                if overlay.contains_key(&discover::absolute(&p))
                    && std::fs::metadata(&p).is_err() =>
            {
                buffers.push(Found {
                    display: discover::display_path(&p, cwd.as_deref()),
                    path: p,
                    candidate,
                    explicit: true,
                });
            }
            _ => rest.push(p),
        }
    }
    (buffers, rest)
}

/// A Terraform file named on the command line is evaluated with the rest of
/// its module directory (read as context, not reported on): the files on
/// disk, and the overlay's files in that directory.
fn add_module_context(found: &mut Vec<(Found, bool)>, overlay: &Overlay) {
    let have: HashSet<PathBuf> = found.iter().map(|(f, _)| f.path.clone()).collect();
    let dirs: HashSet<PathBuf> = found
        .iter()
        .filter(|(f, _)| {
            f.explicit && matches!(f.candidate, Candidate::Terraform | Candidate::TerraformJson)
        })
        .filter_map(|(f, _)| f.path.parent().map(Path::to_path_buf))
        .collect();
    let cwd = std::env::current_dir().ok();
    for dir in dirs {
        let read_dir = if dir.as_os_str().is_empty() {
            PathBuf::from(".")
        } else {
            dir.clone()
        };
        let entries = std::fs::read_dir(&read_dir);
        if entries.is_err() && overlay.is_empty() {
            continue;
        }
        let mut extra: Vec<PathBuf> = entries
            .into_iter()
            .flatten()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
            .map(|e| dir.join(e.file_name()))
            .filter(|p| {
                matches!(
                    Candidate::of(p),
                    Some(Candidate::Terraform | Candidate::TerraformJson)
                )
            })
            .filter(|p| !have.contains(p))
            .collect();
        if !overlay.is_empty() {
            let abs_dir = discover::absolute(&read_dir);
            let have_abs: HashSet<PathBuf> = have
                .iter()
                .chain(&extra)
                .map(|p| discover::absolute(p))
                .collect();
            extra.extend(
                overlay
                    .keys()
                    .filter(|p| p.parent() == Some(abs_dir.as_path()))
                    .filter(|p| {
                        matches!(
                            Candidate::of(p),
                            Some(Candidate::Terraform | Candidate::TerraformJson)
                        )
                    })
                    .filter(|p| !have_abs.contains(*p))
                    .cloned(),
            );
        }
        extra.sort();
        for p in extra {
            let candidate = Candidate::of(&p).unwrap_or(Candidate::Terraform);
            found.push((
                Found {
                    display: discover::display_path(&p, cwd.as_deref()),
                    path: p,
                    candidate,
                    explicit: false,
                },
                true,
            ));
        }
    }
}

/// Reads a candidate file and decides its kind. `Ok(None)`: not for us (a
/// `.yaml`/`.json` file that is not a CloudFormation template).
fn read(found: Found, context: bool, overlay: &Overlay) -> Result<Option<Read>, FileError> {
    let err = |kind, message: String| FileError {
        level: crate::finding::Level::Error,
        kind,
        path: found.display.clone(),
        range: None,
        message,
    };
    let buffer = if overlay.is_empty() {
        None
    } else {
        overlay.get(&discover::absolute(&found.path))
    };
    let size = match buffer {
        Some(text) => text.len() as u64,
        None => std::fs::metadata(&found.path)
            .map(|m| m.len())
            .map_err(|e| err(ErrorKind::Io, format!("cannot read: {e}")))?,
    };
    if size > MAX_FILE_BYTES {
        return Err(err(
            ErrorKind::Io,
            format!(
                "skipped: {} MiB is larger than the {} MiB limit",
                size / (1024 * 1024),
                MAX_FILE_BYTES / (1024 * 1024)
            ),
        ));
    }
    let bytes = match buffer {
        Some(text) => text.as_bytes().to_vec(),
        None => std::fs::read(&found.path)
            .map_err(|e| err(ErrorKind::Io, format!("cannot read: {e}")))?,
    };
    let is_template_name = found.candidate == Candidate::MaybeTemplate;
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return if is_template_name
            && !looks_like_template(&String::from_utf8_lossy(&bytes))
            && !bytes.chunks(2).any(|c| c == b"A\0" || c == b"\0A")
        {
            Ok(None)
        } else {
            Err(err(
                ErrorKind::Syntax,
                "file is UTF-16 encoded; save it as UTF-8".into(),
            ))
        };
    }
    let text = match String::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            if is_template_name && !looks_like_template(&String::from_utf8_lossy(e.as_bytes())) {
                return Ok(None);
            }
            let at = e.utf8_error().valid_up_to();
            let (line, col) = line_col(e.as_bytes(), at);
            return Err(err(
                ErrorKind::Syntax,
                format!(
                    "file is not valid UTF-8 text: invalid byte 0x{:02X} at line {line}, column {col} (offset {at})",
                    e.as_bytes()[at]
                ),
            ));
        }
    };
    if text.contains('\0') {
        if is_template_name && !looks_like_template(&text) {
            return Ok(None);
        }
        let at = text.find('\0').unwrap_or(0);
        let (line, col) = line_col(text.as_bytes(), at);
        return Err(err(
            ErrorKind::Syntax,
            format!("file contains a NUL byte at line {line}, column {col}: not a text file"),
        ));
    }
    let kind = match found.candidate {
        Candidate::Terraform | Candidate::Terragrunt => FileKind::TerraformHcl,
        Candidate::TerraformJson => FileKind::TerraformJson,
        Candidate::MaybeTemplate if is_json(&text) && looks_like_plan(&text) => {
            FileKind::TerraformPlan
        }
        Candidate::MaybeTemplate => {
            if !looks_like_template(&text) {
                return Ok(None);
            }
            if is_json(&text) {
                FileKind::CloudFormationJson
            } else {
                FileKind::CloudFormationYaml
            }
        }
    };
    let role = if found.candidate == Candidate::Terragrunt {
        Role::Terragrunt
    } else {
        Role::Source
    };
    Ok(Some(Read {
        found,
        context,
        role,
        kind,
        text: Arc::from(text),
    }))
}

/// 1-based line and column (in characters) of byte `at` of `bytes`, whose
/// first `at` bytes are valid UTF-8.
fn line_col(bytes: &[u8], at: usize) -> (usize, usize) {
    let before = std::str::from_utf8(&bytes[..at]).unwrap_or_default();
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (
        before.matches('\n').count() + 1,
        before[line_start..].chars().count() + 1,
    )
}

fn is_json(text: &str) -> bool {
    text.trim_start_matches('\u{feff}')
        .trim_start()
        .starts_with('{')
}

/// The canonical directories `file()` may read from: the scanned paths (a
/// file's directory for a file).
fn readable_roots(paths: &[PathBuf]) -> Vec<PathBuf> {
    paths
        .iter()
        .filter_map(|p| std::fs::canonicalize(p).ok())
        .map(|p| {
            if p.is_file() {
                p.parent().map(Path::to_path_buf).unwrap_or(p)
            } else {
                p
            }
        })
        .collect()
}

fn looks_like_plan(text: &str) -> bool {
    eval::terraform_plan::looks_like_plan(text)
}

/// A cheap look at the text before parsing: does it mention what every
/// CloudFormation template has?
pub fn looks_like_template(text: &str) -> bool {
    text.contains("AWSTemplateFormatVersion")
        || (text.contains("Resources") && (text.contains("AWS::") || text.contains("Custom::")))
}
