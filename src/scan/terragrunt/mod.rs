//! Terragrunt units: a directory with a `terragrunt.hcl` is a unit whose
//! root module is the configuration's `terraform { source }` (a local
//! directory, relative to the configuration; or a remote source as
//! `terragrunt init` copied it under the directory's `.terragrunt-cache`;
//! without a source, the directory's own `.tf` files), evaluated with the
//! configuration's `inputs` (merged with those of the files it `include`s)
//! as values of its variables, as Terragrunt passes them (`TF_VAR_*`: below
//! the module's tfvars files and the command line; a name the module does
//! not declare is ignored). A module directory a configuration instantiates
//! is not a root of its own, and the findings in it name the configuration
//! as a related location ("instantiated by terragrunt.hcl"). Nothing is
//! downloaded: a remote source without a cached copy is a warning.
//!
//! Two steps: before files get their ids, [`add_files`] evaluates the
//! configurations to learn which files they include and which cached
//! modules to read; after, [`plan`] evaluates them again with the real
//! file ids, for the values and diagnostics the units use.

mod config;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

use crate::discover::{self, Candidate, Found};
use crate::eval::terraform::{self, Input, ModuleFile, Related};
use crate::eval::value::{Kind, Value};
use crate::eval::Unit;
use crate::finding::{ErrorKind, FileError, Level};
use crate::parse;
use crate::source::{FileId, FileKind, Range, Span};

use self::config::{Config, Loaded, Loader, Place, Texts};
use super::terraform::{Planner, TfUnit};
use super::units::syntax_error;
use super::{Overlay, Pending, Progress, Read, Role, MAX_FILE_BYTES};

/// What a Terragrunt configuration gives the root module it instantiates.
pub(super) struct TgInputs {
    /// The merged `inputs`; `None` when they are unknown as a whole (then
    /// every variable is).
    inputs: Option<Vec<(String, Value)>>,
    /// The configuration's `inputs` attribute (or its file).
    inputs_at: Range,
    /// The related location of every finding in the unit.
    note: (Range, String),
}

impl TgInputs {
    /// The values of the root's variables, lowest precedence first.
    pub fn root_inputs(&self, root: Option<&Arc<Vec<ModuleFile>>>) -> Vec<(String, Input)> {
        match &self.inputs {
            Some(inputs) => inputs
                .iter()
                .map(|(k, v)| (k.clone(), Input::Value(v.clone())))
                .collect(),
            None => root
                .into_iter()
                .flat_map(|files| files.iter())
                .flat_map(|f| f.body.blocks_of("variable"))
                .filter_map(|b| b.labels.first())
                .map(|l| {
                    let v = Value::unknown(self.inputs_at);
                    (l.value.clone(), Input::Value(v))
                })
                .collect(),
        }
    }

    /// Adds the configuration as the outermost related location of every
    /// resource of the unit.
    pub fn relate(&self, unit: &Unit, related: &mut Related) {
        for r in &unit.resources {
            let mut notes: Vec<(Range, String)> = related
                .get(&r.address)
                .map(|n| n.to_vec())
                .unwrap_or_default();
            notes.push(self.note.clone());
            related.insert(r.address.clone(), notes.into());
        }
    }
}

/// The units of the Terragrunt configurations and the module directories
/// that are not roots of their own because of them.
#[derive(Default)]
pub(super) struct TgPlan {
    units: Vec<(PathBuf, Arc<TgInputs>)>,
    claimed: BTreeSet<PathBuf>,
}

impl TgPlan {
    pub fn claimed(&self) -> impl Iterator<Item = PathBuf> + '_ {
        self.claimed.iter().cloned()
    }

    /// A unit per configuration, rooted at its module directory.
    pub fn units(self, planner: &mut Planner) -> Vec<TfUnit> {
        self.units
            .into_iter()
            .flat_map(|(dir, tg)| {
                let mut units = planner.units(&[dir]);
                for u in &mut units {
                    u.terragrunt = Some(tg.clone());
                }
                units
            })
            .collect()
    }
}

/// Where a `terraform.source` points.
#[derive(Debug, PartialEq)]
enum Source {
    /// A directory, relative to the configuration or absolute.
    Local(PathBuf),
    /// Fetched by Terragrunt; the module is `subdir` of the copy.
    Remote { subdir: String },
}

fn classify(source: &str) -> Source {
    let no_query = source.split('?').next().unwrap_or("");
    let forced = no_query
        .split_once("::")
        .filter(|(g, _)| !g.is_empty() && g.chars().all(|c| c.is_ascii_alphanumeric()));
    let remote_host = [
        "github.com/",
        "bitbucket.org/",
        "git@",
        "www.googleapis.com/",
    ]
    .iter()
    .any(|h| no_query.starts_with(h))
        || no_query.contains(".amazonaws.com/");
    let rest = match forced {
        Some(("file", rest)) => return Source::Local(PathBuf::from(rest)),
        Some((_, rest)) => rest,
        None if no_query.contains("://") || remote_host => no_query,
        None => return Source::Local(PathBuf::from(no_query)),
    };
    let path = rest.split_once("://").map_or(rest, |(_, p)| p);
    let subdir = path
        .split_once("//")
        .map_or("", |(_, sub)| sub)
        .trim_matches('/');
    Source::Remote {
        subdir: subdir.to_string(),
    }
}

/// The cached copy of a remote source: `.terragrunt-cache/*/*/SUBDIR` with
/// Terraform files in it, when there is exactly one.
fn cached(dir: &Path, subdir: &str) -> Result<PathBuf, usize> {
    let subdirs = |d: &Path| -> Vec<PathBuf> {
        let Ok(entries) = std::fs::read_dir(d) else {
            return Vec::new();
        };
        let mut out: Vec<PathBuf> = entries
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
            .map(|e| e.path())
            .collect();
        out.sort();
        out
    };
    let mut found = Vec::new();
    for w in subdirs(&dir.join(".terragrunt-cache")) {
        for h in subdirs(&w) {
            let d = terraform::normalize(&h.join(subdir));
            if !terraform_files(&d).is_empty() {
                found.push(d);
            }
        }
    }
    match found.len() {
        1 => Ok(found.remove(0)),
        n => Err(n),
    }
}

/// The `.tf` and `.tf.json` files of a directory, sorted.
fn terraform_files(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut out: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
        .map(|e| e.path())
        .filter(|p| {
            matches!(
                Candidate::of(p),
                Some(Candidate::Terraform | Candidate::TerraformJson)
            )
        })
        .collect();
    out.sort();
    out
}

/// A configuration's directory as the scan spells it, and absolute.
fn place_of(config: &Path) -> Place {
    let dir = config.parent().unwrap_or(Path::new(""));
    let abs_dir = if dir.as_os_str().is_empty() {
        discover::absolute(Path::new("."))
    } else {
        discover::absolute(dir)
    };
    Place {
        scan: terraform::normalize(dir),
        abs: abs_dir,
    }
}

/// Configuration files as read from disk (or the editor's buffers) before
/// the scan gives them ids; what was read besides the discovered ones is
/// kept to be added to the scan.
struct DiskTexts<'a> {
    known: HashMap<PathBuf, Arc<str>>,
    overlay: &'a Overlay,
    added: BTreeMap<PathBuf, (PathBuf, Arc<str>)>,
}

impl Texts for DiskTexts<'_> {
    fn load(&mut self, scan: &Path, abs: &Path) -> Option<Loaded> {
        let loaded = |text: Arc<str>| Loaded {
            file: FileId(u32::MAX),
            text,
            display: scan.to_path_buf(),
        };
        if let Some(t) = self.known.get(abs).or_else(|| self.overlay.get(abs)) {
            return Some(loaded(t.clone()));
        }
        if let Some((_, t)) = self.added.get(scan) {
            return Some(loaded(t.clone()));
        }
        let size = std::fs::metadata(abs).ok()?.len();
        if size > MAX_FILE_BYTES {
            return None;
        }
        let text: Arc<str> = std::fs::read_to_string(abs).ok()?.into();
        self.added
            .insert(scan.to_path_buf(), (abs.to_path_buf(), text.clone()));
        Some(loaded(text))
    }
}

/// Adds what the discovered Terragrunt configurations need besides the
/// discovered files: the files they include or read, and the Terraform files
/// of cached remote sources (read only inside the scanned paths).
pub(super) fn add_files(reads: &mut Vec<Read>, overlay: &Overlay, readable: &[PathBuf]) {
    let configs: Vec<PathBuf> = reads
        .iter()
        .filter(|r| r.role == Role::Terragrunt)
        .map(|r| r.found.path.clone())
        .collect();
    if configs.is_empty() {
        return;
    }
    let mut texts = DiskTexts {
        known: reads
            .iter()
            .filter(|r| r.role == Role::Terragrunt)
            .map(|r| (discover::absolute(&r.found.path), r.text.clone()))
            .collect(),
        overlay,
        added: BTreeMap::new(),
    };
    let have: BTreeSet<PathBuf> = reads.iter().map(|r| r.found.path.clone()).collect();
    let inside = |p: &Path| {
        std::fs::canonicalize(p).is_ok_and(|c| readable.iter().any(|r| c.starts_with(r)))
    };
    let mut sources: BTreeSet<PathBuf> = BTreeSet::new();
    for path in configs {
        let place = place_of(&path);
        let config =
            Loader::new(&mut texts, readable, place.clone()).unit(&discover::absolute(&path));
        let source = config.as_ref().and_then(|c| c.source.as_ref());
        let Some(s) = source.and_then(|(v, _)| v.as_str()) else {
            continue;
        };
        if let Source::Remote { subdir } = classify(s) {
            if let Ok(dir) = cached(&place.abs, &subdir) {
                for f in terraform_files(&dir) {
                    let scan = place.scan_of(&f);
                    if !have.contains(&scan) && inside(&f) {
                        sources.insert(scan);
                    }
                }
            }
        }
    }
    let cwd = std::env::current_dir().ok();
    let mut read = |path: PathBuf, role: Role, candidate: Candidate, text: Arc<str>, context| {
        let kind = match candidate {
            Candidate::TerraformJson => FileKind::TerraformJson,
            _ => FileKind::TerraformHcl,
        };
        reads.push(Read {
            found: Found {
                display: discover::display_path(&path, cwd.as_deref()),
                path,
                candidate,
                explicit: false,
            },
            context,
            role,
            kind,
            text,
        });
    };
    for (scan, (abs, text)) in texts.added {
        if !have.contains(&scan) {
            let context = !inside(&abs);
            read(
                scan,
                Role::TerragruntInclude,
                Candidate::Terragrunt,
                text,
                context,
            );
        }
    }
    for scan in sources {
        let size = std::fs::metadata(&scan).map_or(u64::MAX, |m| m.len());
        let text = (size <= MAX_FILE_BYTES)
            .then(|| std::fs::read_to_string(&scan).ok())
            .flatten();
        if let (Some(text), Some(candidate)) = (text, Candidate::of(&scan)) {
            read(scan, Role::Source, candidate, text.into(), false);
        }
    }
}

/// The grouped files a plan reads.
pub(super) struct TgGroups<'a> {
    /// The discovered configurations.
    pub configs: &'a [Pending],
    /// The files they include or read.
    pub includes: &'a BTreeMap<PathBuf, Pending>,
    /// Terraform files by module directory.
    pub tf_modules: &'a BTreeMap<PathBuf, Vec<Pending>>,
}

/// Configuration files with their ids, as grouped for the scan.
struct ScanTexts<'a> {
    files: HashMap<PathBuf, &'a Pending>,
}

impl Texts for ScanTexts<'_> {
    fn load(&mut self, scan: &Path, _abs: &Path) -> Option<Loaded> {
        let p = self.files.get(scan)?;
        Some(Loaded {
            file: p.id,
            text: p.text.clone(),
            display: p.display.clone(),
        })
    }
}

/// Evaluates every discovered configuration and decides its unit; reports
/// their syntax errors and what keeps a configuration from being evaluated.
pub(super) fn plan(
    groups: &TgGroups,
    readable: &[PathBuf],
    progress: &(dyn Fn(Progress) + Sync),
    errors: &mut Vec<FileError>,
) -> TgPlan {
    let mut plan = TgPlan::default();
    // Cached copies of remote sources are never roots of their own.
    plan.claimed.extend(
        groups
            .tf_modules
            .keys()
            .filter(|d| {
                d.components()
                    .any(|c| c == Component::Normal(".terragrunt-cache".as_ref()))
            })
            .cloned(),
    );
    let all = groups.configs.iter().chain(groups.includes.values());
    let mut texts = ScanTexts {
        files: HashMap::new(),
    };
    for p in all {
        if let Err(e) = parse::hcl::parse(&p.text) {
            errors.push(syntax_error(p, e));
        }
        texts.files.insert(terraform::normalize(&p.path), p);
    }
    for p in groups.configs {
        progress(Progress::Parsed);
        let place = place_of(&p.path);
        let mut loader = Loader::new(&mut texts, readable, place.clone());
        let Some(config) = loader.unit(&discover::absolute(&p.path)) else {
            continue;
        };
        let mut problems = std::mem::take(&mut loader.problems);
        let dir = module_dir(&config, &place, groups, &mut problems);
        let Some(dir) = dir else {
            let matters = config.source.is_some() || config.incomplete;
            if matters || groups.tf_modules.contains_key(&place.scan) {
                errors.extend(dedup(problems));
            }
            continue;
        };
        errors.extend(dedup(problems));
        if config.incomplete {
            continue;
        }
        plan.claimed.insert(dir.clone());
        plan.units.push((dir, Arc::new(inputs_of(&config))));
    }
    plan
}

fn dedup(mut problems: Vec<FileError>) -> Vec<FileError> {
    problems.sort_by(|a, b| {
        (&a.path, a.range.map(|r| (r.file, r.span.start)), &a.message).cmp(&(
            &b.path,
            b.range.map(|r| (r.file, r.span.start)),
            &b.message,
        ))
    });
    problems.dedup_by(|a, b| a.path == b.path && a.range == b.range && a.message == b.message);
    problems
}

/// The module directory a configuration instantiates, when its code was
/// read; otherwise why not, in `problems`.
fn module_dir(
    config: &Config,
    place: &Place,
    groups: &TgGroups,
    problems: &mut Vec<FileError>,
) -> Option<PathBuf> {
    let Some((value, at)) = &config.source else {
        let own = place.scan.clone();
        return groups.tf_modules.contains_key(&own).then_some(own);
    };
    let mut warn = |message: String| {
        problems.push(FileError {
            level: Level::Warning,
            kind: ErrorKind::Eval,
            path: config.display.clone(),
            range: Some(*at),
            message,
        })
    };
    let Some(source) = value.as_str() else {
        if !config.incomplete {
            warn(
                "the terraform source is not known statically: the module is not evaluated".into(),
            );
        }
        return None;
    };
    let dir = match classify(source) {
        Source::Local(p) => place.scan_of(&terraform::normalize(&place.abs.join(p))),
        Source::Remote { subdir } => match cached(&place.abs, &subdir) {
            Ok(d) => place.scan_of(&d),
            Err(0) => {
                warn(format!(
                    "module source `{source}` is not available locally: run `terragrunt init` (or `terragrunt run-all init`) so that .terragrunt-cache holds it, then scan again; its resources are not checked"
                ));
                return None;
            }
            Err(n) => {
                warn(format!(
                    "{n} copies of module source `{source}` in .terragrunt-cache and no way to tell which is current: delete the cache and run `terragrunt init` again; its resources are not checked"
                ));
                return None;
            }
        },
    };
    if groups.tf_modules.contains_key(&dir) {
        return Some(dir);
    }
    warn(format!(
        "module source `{source}` ({}) has no Terraform files among the scanned ones: scan a directory that contains it; its resources are not checked",
        dir.display()
    ));
    None
}

/// The configuration's inputs for its root module and where its findings
/// point back to.
fn inputs_of(config: &Config) -> TgInputs {
    let whole = Range::new(config.file, Span::new(0, 0));
    let inputs_at = config.inputs.as_ref().map_or(whole, |v| v.range);
    let inputs = match config.inputs.as_ref().map(|v| &v.kind) {
        None => Some(Vec::new()),
        Some(Kind::Map(fields)) => Some(
            fields
                .iter()
                .map(|f| (f.key.clone(), f.value.clone()))
                .collect(),
        ),
        Some(_) => None,
    };
    let at = match &config.source {
        Some((_, r)) if r.file == config.file => *r,
        _ => config.source_include.unwrap_or(inputs_at),
    };
    TgInputs {
        inputs,
        inputs_at,
        note: (at, "instantiated by terragrunt.hcl".into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sources_are_local_paths_or_remote_with_a_subdirectory() {
        let local = |p: &str| Source::Local(PathBuf::from(p));
        let remote = |s: &str| Source::Remote { subdir: s.into() };
        assert_eq!(
            classify("../../modules//mysql"),
            local("../../modules//mysql")
        );
        assert_eq!(classify("/abs/modules/app"), local("/abs/modules/app"));
        assert_eq!(classify("modules/app"), local("modules/app"));
        assert_eq!(
            classify("git::git@github.com:acme/modules.git//mysql?ref=v0.8.0"),
            remote("mysql")
        );
        assert_eq!(
            classify("git::https://github.com/acme/modules.git//modules/app?ref=v1"),
            remote("modules/app")
        );
        assert_eq!(
            classify("tfr:///terraform-aws-modules/vpc/aws?version=5.0.0"),
            remote("")
        );
        assert_eq!(
            classify("tfr:///terraform-aws-modules/iam/aws//modules/iam-role?version=5"),
            remote("modules/iam-role")
        );
        assert_eq!(classify("github.com/acme/m//x"), remote("x"));
        assert_eq!(classify("s3::https://s3.amazonaws.com/b/m.zip"), remote(""));
    }
}
