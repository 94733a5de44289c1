//! Merging: the units' outputs become one model, and after the rules the
//! findings are filtered to the reported files, deduplicated, suppressed and
//! sorted into the [`ScanResult`].

use std::collections::{HashMap, HashSet};

use crate::address::Address;
use crate::finding::{FileError, Finding, ScanResult, ScanStats, SuppressedFinding, ValueCounts};
use crate::model::Model;
use crate::source::{FileId, Range, SourceMap};
use crate::suppress::{self, FileSyntax};

use super::{ScanOptions, UnitOutput};

/// Every unit's output in one: the model the rules read, the suppression
/// syntax of the reported files, and the value counts.
pub(super) struct Merged {
    pub model: Model,
    pub syntax: Vec<FileSyntax>,
    pub values: ValueCounts,
    /// Findings of custom policies.
    pub custom: Vec<crate::finding::Finding>,
    /// Where values written elsewhere came from.
    pub trails: super::trails::Trails,
}

/// Merges the units' outputs. A unit's errors in files that are not reported
/// are left out; a file that turned out not to be a template is no longer
/// reported.
pub(super) fn outputs(
    outputs: Vec<UnitOutput>,
    sources: &SourceMap,
    reported: &mut HashSet<FileId>,
    errors: &mut Vec<FileError>,
) -> Merged {
    let mut model = Model::default();
    let mut syntax: Vec<FileSyntax> = Vec::new();
    let mut values = ValueCounts::default();
    let mut custom = Vec::new();
    let mut trails = super::trails::Trails::default();
    for out in outputs {
        custom.extend(out.custom);
        for mut e in out.errors {
            if let Some(r) = e.range {
                if !reported.contains(&r.file) {
                    continue;
                }
                e.path = sources.get(r.file).path.clone();
            }
            errors.push(e);
        }
        for id in out.not_templates {
            reported.remove(&id);
        }
        syntax.extend(out.syntax);
        model.extend(out.model);
        values += out.values;
        trails.extend(out.trails);
    }
    Merged {
        model,
        syntax,
        values,
        custom,
        trails,
    }
}

/// The scan's result from the rules' findings: only the reported files',
/// deduplicated, with suppressions applied (and the findings about
/// suppressions added), everything in a deterministic order.
pub(super) fn result(
    findings: Vec<Finding>,
    merged: Merged,
    sources: SourceMap,
    reported: HashSet<FileId>,
    mut errors: Vec<FileError>,
    opts: &ScanOptions,
) -> ScanResult {
    let Merged {
        model,
        syntax,
        values,
        custom: _,
        trails: _,
    } = merged;
    let resources = model.resource_count;
    drop(model);
    let findings: Vec<Finding> = findings
        .into_iter()
        .filter(|f| reported.contains(&f.range.file))
        .collect();
    // Suppressions apply to each instance's finding before instances merge,
    // so that a suppression on one `module` block covers only the findings
    // of that call.
    let outcome = suppress::apply(findings, &syntax, &sources, &opts.suppress, &|m| {
        opts.rules.is_enabled(&m.id)
    });
    let mut findings = dedupe(outcome.findings, |f| f, |_, _| true);
    // Findings silenced by different suppressions stay apart.
    let suppressed = dedupe(
        outcome.suppressed,
        |s| &mut s.finding,
        |a, b| a.suppression.range == b.suppression.range,
    );
    for mut f in outcome.meta {
        if opts.rules.is_enabled(&f.rule.id) {
            opts.rules.adjust(&mut f);
            findings.push(f);
        }
    }
    let mut suppressed: Vec<SuppressedFinding> = suppressed;
    let order = |a: &Finding, b: &Finding| {
        let (pa, pb) = (
            &sources.get(a.range.file).path,
            &sources.get(b.range.file).path,
        );
        (pa, a.range.span.start, &a.rule.id, &a.message).cmp(&(
            pb,
            b.range.span.start,
            &b.rule.id,
            &b.message,
        ))
    };
    findings.sort_by(order);
    suppressed.sort_by(|a, b| order(&a.finding, &b.finding));
    errors.sort_by(|a, b| {
        (&a.path, a.range.map(|r| r.span.start), &a.message).cmp(&(
            &b.path,
            b.range.map(|r| r.span.start),
            &b.message,
        ))
    });
    // A module several roots call reports an evaluation problem once.
    errors.dedup_by(|a, b| a.path == b.path && a.range == b.range && a.message == b.message);
    ScanResult {
        stats: ScanStats {
            files: reported.len(),
            resources,
            values,
        },
        sources,
        findings,
        errors,
        suppressed,
        baselined: 0,
        outside_changes: 0,
        in_downloaded_modules: 0,
        skipped_rules: crate::rules::all()
            .iter()
            .filter(|r| !opts.rules.is_enabled(&r.id))
            .map(|r| r.id.clone())
            .collect(),
    }
}

/// The same finding from several condition branches is reported once, with
/// the conditions that lead to it (none when every branch does). So is the
/// same finding from several instances of one block (`count`, `for_each`) or
/// from several calls of one module: same rule, place and message but for the
/// resource's module path and instance keys. It keeps the first one's address
/// and lists every calling `module` block; findings that differ (a value the
/// caller passed) stay separate, each with its own calls.
fn dedupe<T>(
    items: Vec<T>,
    finding: impl Fn(&mut T) -> &mut Finding,
    also: impl Fn(&T, &T) -> bool,
) -> Vec<T> {
    // Keyed by rule and range; the few findings sharing both are told apart
    // by message. Indices, not copies, keep this cheap on large scans.
    let mut by_key: HashMap<(&'static str, Range), Vec<usize>> = HashMap::new();
    let mut out: Vec<T> = Vec::with_capacity(items.len());
    let same = |a: &Finding, b: &Finding| {
        (a.message == b.message
            || (a.resource != b.resource
                && same_local_resource(&a.resource, &b.resource)
                && same_but_subject(a, b)))
            && same_origin(a, b)
    };
    for mut item in items {
        let f = finding(&mut item);
        let key = (f.rule.id.as_str(), f.range);
        let slot = by_key.entry(key).or_default();
        let found = slot
            .iter()
            .copied()
            .find(|&i| also(&out[i], &item) && same(finding(&mut out[i]), finding(&mut item)));
        let Some(i) = found else {
            slot.push(out.len());
            out.push(item);
            continue;
        };
        let f = finding(&mut item);
        let (related, notes, severity) = (
            std::mem::take(&mut f.related),
            std::mem::take(&mut f.notes),
            f.severity,
        );
        let existing = finding(&mut out[i]);
        for r in related {
            if !existing.related.iter().any(|e| e.0 == r.0) {
                existing.related.push(r);
            }
        }
        if existing.notes.is_empty() || notes.is_empty() {
            existing.notes.clear();
            existing.variants = usize::MAX;
        } else {
            for n in notes {
                if !existing.notes.contains(&n) {
                    existing.notes.push(n);
                }
            }
        }
        existing.severity = existing.severity.max(severity);
    }
    drop(by_key);
    for item in &mut out {
        let f = finding(item);
        // Reached in every configuration of the resource: unconditional.
        if f.variants != usize::MAX && f.notes.len() >= f.variants && f.variants > 1 {
            f.notes.clear();
        }
    }
    out
}

/// Whether two findings' values came the same way (the same origin and
/// places passed through; the use differs by instance): a module's finding
/// whose value each caller passes stays one finding per caller, so each
/// can be fixed or suppressed where its value is written.
fn same_origin(a: &Finding, b: &Finding) -> bool {
    let places = |f: &Finding| {
        f.trail
            .iter()
            .filter(|t| t.role != crate::finding::TrailRole::Use)
            .map(|t| t.range)
            .collect::<Vec<_>>()
    };
    places(a) == places(b)
}

/// Whether two Terraform addresses are one resource block reached through
/// different instances or module calls: equal without their module paths
/// and instance keys (`module.m["a"].aws_x.y[0]` and `aws_x.y[1]`).
fn same_local_resource(a: &str, b: &str) -> bool {
    match (Address::parse(a), Address::parse(b)) {
        (Some(a), Some(b)) => a.local().without_keys() == b.local().without_keys(),
        _ => false,
    }
}

/// Whether two findings say the same thing of the resource each names: their
/// messages are equal once the resource's address is taken out.
fn same_but_subject(a: &Finding, b: &Finding) -> bool {
    a.message
        .split(a.resource.as_str())
        .eq(b.message.split(b.resource.as_str()))
}

#[cfg(test)]
mod tests {
    use super::same_local_resource;

    #[test]
    fn instances_and_module_calls_of_one_block_are_one_resource() {
        assert!(same_local_resource(
            "module.m[\"a.b]\"].aws_x.y[0]",
            "module.n.aws_x.y[1]"
        ));
        assert!(same_local_resource("aws_x.y", "module.m.aws_x.y"));
        assert!(!same_local_resource("aws_x.y", "aws_x.z"));
        assert!(!same_local_resource("aws_x.y", "data.aws_x.y"));
        assert!(!same_local_resource("Bucket", "Bucket"));
    }
}
