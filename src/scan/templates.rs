//! Units of one file each: a CloudFormation template, or a Terraform plan
//! JSON file (which reads the `.tf` files of the module directories its
//! configuration leads to).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::eval;
use crate::eval::terraform::ModuleFile;
use crate::eval::value::Budget;
use crate::finding::{ErrorKind, FileError, Level};
use crate::model::adapt;
use crate::parse;
use crate::parse::Node;
use crate::source::{FileKind, Range};
use crate::suppress::FileSyntax;

use super::terraform;
use super::units::{budget_problem, finish_unit, policy_unit, syntax_error};
use super::{Pending, Progress, ScanOptions, UnitOutput};

/// The Terraform module directories a plan may read: all of them when there
/// is a plan among the templates, none otherwise.
pub(super) fn plan_sources(
    templates: &[Pending],
    tf_modules: &BTreeMap<PathBuf, Vec<Pending>>,
) -> BTreeMap<PathBuf, Vec<Pending>> {
    if templates.iter().any(|t| t.kind == FileKind::TerraformPlan) {
        tf_modules.clone()
    } else {
        BTreeMap::new()
    }
}

/// Parses, evaluates and adapts each template and plan, in parallel.
pub(super) fn evaluate<'a>(
    templates: Vec<Pending>,
    plan_sources: &'a BTreeMap<PathBuf, Vec<Pending>>,
    opts: &'a ScanOptions,
    progress: &'a (dyn Fn(Progress) + Sync),
) -> impl IndexedParallelIterator<Item = UnitOutput> + 'a {
    templates.into_par_iter().map(move |file| match file.kind {
        FileKind::TerraformPlan => {
            progress(Progress::Parsed);
            plan_unit(file, plan_sources, opts)
        }
        _ => template_unit(file, opts, progress),
    })
}

/// Parses, evaluates and adapts one Terraform plan JSON file, reading the
/// `.tf` files of scanned module directories its configuration leads to.
fn plan_unit(
    file: Pending,
    sources: &BTreeMap<PathBuf, Vec<Pending>>,
    opts: &ScanOptions,
) -> UnitOutput {
    let mut out = UnitOutput::default();
    let root = match parse::json::parse(&file.text) {
        Ok(root) => root,
        Err(e) => {
            out.errors.push(syntax_error(&file, e));
            return out;
        }
    };
    if !eval::terraform_plan::is_plan(&root) {
        out.not_templates.push(file.id);
        return out;
    }
    let load = |dir: &Path| -> Option<Vec<ModuleFile>> {
        let files = sources.get(dir)?;
        Some(
            files
                .iter()
                .filter_map(|f| {
                    terraform::parse_body(f).ok().map(|body| ModuleFile {
                        file: f.id,
                        text: f.text.clone(),
                        body,
                    })
                })
                .collect(),
        )
    };
    let budget = Budget::arm();
    let (mut unit, related) = eval::terraform_plan::evaluate(
        &root,
        file.id,
        file.path.clone(),
        &load,
        opts.plan_changes_only,
    );
    budget_problem(&budget, &unit, file.display.clone(), &mut out);
    drop(budget);
    unit.path = file.display.clone();
    drop(root);
    let model = adapt::adapt_with(&unit, &related);
    let files = std::iter::once(&file).chain(sources.values().flatten());
    policy_unit(opts, &unit, &related, files, &mut out);
    finish_unit(unit, &related, model, &mut out);
    out
}

/// Parses, evaluates and adapts one CloudFormation template (each document
/// of a YAML file that has several, with a warning: CloudFormation reads one).
fn template_unit(
    file: Pending,
    opts: &ScanOptions,
    progress: &(dyn Fn(Progress) + Sync),
) -> UnitOutput {
    let (suppress, parameters) = (&opts.suppress, &opts.parameters);
    let mut out = UnitOutput::default();
    let parsed = if file.kind == FileKind::CloudFormationJson {
        parse::json::parse(&file.text).map(|root| (vec![root], Vec::new()))
    } else {
        parse::yaml::parse(&file.text).map(|p| {
            let mut documents = vec![p.root];
            documents.extend(p.rest);
            (documents, p.comments)
        })
    };
    progress(Progress::Parsed);
    let (documents, comments) = match parsed {
        Ok(p) => p,
        Err(e) => {
            out.errors.push(syntax_error(&file, e));
            return out;
        }
    };
    let templates: Vec<&Node> = documents
        .iter()
        .filter(|d| eval::cloudformation::is_template(d))
        .collect();
    if templates.is_empty() {
        out.not_templates.push(file.id);
        return out;
    }
    let non_empty: Vec<&Node> = documents
        .iter()
        .filter(|d| !matches!(d.kind, crate::parse::NodeKind::Null))
        .collect();
    if non_empty.len() > 1 {
        out.errors.push(FileError {
            level: Level::Warning,
            kind: ErrorKind::Syntax,
            path: file.display.clone(),
            range: Some(Range::new(file.id, non_empty[1].span)),
            message: format!(
                "this file has {} YAML documents; CloudFormation reads a template from one document, \
                 so each document that is a template ({}) is scanned as a template of its own",
                non_empty.len(),
                templates.len()
            ),
        });
    }
    if suppress.enabled && !file.context {
        out.syntax
            .push(FileSyntax::templates(file.id, &templates, comments));
    }
    let mut model = crate::model::Model::default();
    for root in templates {
        let budget = Budget::arm();
        let (unit, labels) =
            eval::cloudformation::evaluate(root, file.id, file.display.clone(), parameters);
        budget_problem(&budget, &unit, file.display.clone(), &mut out);
        drop(budget);
        let document = adapt::adapt_labelled(&unit, &labels);
        let related = eval::terraform::Related::new();
        policy_unit(opts, &unit, &related, std::iter::once(&file), &mut out);
        let mut part = UnitOutput::default();
        finish_unit(unit, &related, document, &mut part);
        model.extend(part.model);
        out.errors.extend(part.errors);
        out.values += part.values;
        out.trails.extend(part.trails);
    }
    drop(documents);
    out.model = model;
    out
}
