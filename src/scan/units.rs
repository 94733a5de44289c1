//! Units of evaluation: the read files get their ids and are grouped into
//! Terraform module directories, tfvars files, `--var-file` files and
//! templates; and what every unit does when it is done.

use std::collections::{BTreeMap, HashSet};
use std::path::PathBuf;

use crate::eval::value::{Budget, MAX_EVAL_COST};
use crate::eval::{self, Unit};
use crate::finding::{ErrorKind, FileError, ValueCounts};
use crate::model::Model;
use crate::parse::SyntaxError;
use crate::source::{FileId, Range, SourceMap};

use super::{Pending, Read, Role, ScanOptions, UnitOutput};

/// The read files with their ids, grouped into what is evaluated together.
pub(super) struct Units {
    pub sources: SourceMap,
    /// The files reported on (not read only as context).
    pub reported: HashSet<FileId>,
    pub groups: Groups,
}

/// The files of each kind of unit.
#[derive(Default)]
pub(super) struct Groups {
    /// Terraform files by module directory.
    pub tf_modules: BTreeMap<PathBuf, Vec<Pending>>,
    /// Automatically loaded tfvars files by module directory.
    pub tfvars: BTreeMap<PathBuf, Vec<Pending>>,
    /// `--var-file` files, with their index in `ScanOptions::tf_vars`.
    pub cli_vars: Vec<(usize, Pending)>,
    /// CloudFormation templates and Terraform plans: a unit each.
    pub templates: Vec<Pending>,
    /// Terragrunt configurations found by discovery, and those only
    /// included or read by them, by path.
    pub terragrunt: Vec<Pending>,
    pub tg_includes: BTreeMap<PathBuf, Pending>,
}

/// Assigns file ids in path order so output never depends on scheduling,
/// and groups the files into units: a Terraform module directory, or one
/// template.
pub(super) fn group(mut read_files: Vec<Read>) -> Units {
    read_files.sort_by(|a, b| a.found.display.cmp(&b.found.display));
    let mut units = Units {
        sources: SourceMap::default(),
        reported: HashSet::new(),
        groups: Groups::default(),
    };
    for r in read_files {
        let id = units
            .sources
            .add(r.found.display.clone(), r.kind, r.text.clone());
        if !r.context {
            units.reported.insert(id);
        }
        let pending = Pending {
            id,
            path: r.found.path.clone(),
            display: r.found.display,
            context: r.context,
            kind: r.kind,
            text: r.text,
        };
        let dir = r
            .found
            .path
            .parent()
            .map(eval::terraform::normalize)
            .unwrap_or_default();
        if let Role::CliVars(i) = r.role {
            units.groups.cli_vars.push((i, pending));
        } else if r.role == Role::Terragrunt {
            units.groups.terragrunt.push(pending);
        } else if r.role == Role::TerragruntInclude {
            let path = eval::terraform::normalize(&r.found.path);
            units.groups.tg_includes.insert(path, pending);
        } else if r.role == Role::Vars {
            units.groups.tfvars.entry(dir).or_default().push(pending);
        } else if r.kind.is_terraform() {
            units
                .groups
                .tf_modules
                .entry(dir)
                .or_default()
                .push(pending);
        } else {
            units.groups.templates.push(pending);
        }
    }
    units
}

pub(super) fn syntax_error(file: &Pending, e: SyntaxError) -> FileError {
    FileError {
        level: crate::finding::Level::Error,
        kind: ErrorKind::Syntax,
        path: file.display.clone(),
        range: Some(Range::new(file.id, e.span)),
        message: e.message,
    }
}

/// Reports an evaluation that ran out of its [`Budget`], unless the
/// evaluator already reported a limit of its own (one diagnostic per cause).
pub(super) fn budget_problem(budget: &Budget, unit: &Unit, path: PathBuf, out: &mut UnitOutput) {
    if budget.exhausted() && unit.problems.is_empty() {
        out.errors.push(FileError {
            level: crate::finding::Level::Error,
            kind: ErrorKind::Eval,
            path,
            range: None,
            message: format!(
                "evaluation limit reached: values worth more than {MAX_EVAL_COST} made or \
                 copied (a value that doubles with each reference?); the rest are unknown"
            ),
        });
    }
}

/// Counts the leaf values of `v`; every branch of a choice counts.
fn count_values(v: &eval::value::Value, counts: &mut ValueCounts) {
    use eval::value::Kind;
    match &v.kind {
        Kind::List(items) => items.iter().for_each(|i| count_values(i, counts)),
        Kind::Map(fields) => fields.iter().for_each(|f| count_values(&f.value, counts)),
        Kind::Choice(branches) => branches.iter().for_each(|b| count_values(&b.value, counts)),
        Kind::Unknown(_) => {
            counts.total += 1;
            counts.unknown += 1;
        }
        _ => counts.total += 1,
    }
}

/// Adapts an evaluated unit into the model and records its problems; the
/// evaluated values are dropped here.
/// Runs the custom policies over an evaluated unit (nothing when none are
/// loaded): their findings join the unit's, their evaluation failures its
/// errors.
pub(super) fn policy_unit<'a>(
    opts: &ScanOptions,
    unit: &Unit,
    related: &crate::eval::terraform::Related,
    files: impl Iterator<Item = &'a Pending>,
    out: &mut UnitOutput,
) {
    let Some(policies) = opts.policies.as_deref() else {
        return;
    };
    let sources: Vec<_> = files
        .map(|f| (f.id, f.display.clone(), f.kind, f.text.clone()))
        .collect();
    let (findings, errors) = policies.check_unit(unit, related, &sources, &opts.rules);
    out.custom.extend(findings);
    out.errors.extend(errors);
}

pub(super) fn finish_unit(
    unit: Unit,
    related: &crate::eval::terraform::Related,
    model: Model,
    out: &mut UnitOutput,
) {
    out.model = model;
    super::trails::index(&unit, related, &mut out.trails);
    for r in &unit.resources {
        count_values(&r.body, &mut out.values);
    }
    for (range, message) in unit.problems {
        out.errors.push(FileError {
            level: crate::finding::Level::Error,
            kind: ErrorKind::Eval,
            path: unit.path.clone(),
            range: Some(range),
            message,
        });
    }
}
