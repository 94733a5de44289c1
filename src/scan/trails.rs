//! Value trails: where an offending value came from when it was written
//! somewhere else than where a finding points.
//!
//! The evaluators record on each value the references it passed through
//! ([`crate::eval::value::Trail`]). Before a unit's values are dropped,
//! [`index`] keeps, for every place in a resource that holds such a value,
//! the trail a finding there should show: its origin (the line to change),
//! the places it passed through, and the attribute that uses it. After the
//! rules, [`attach`] gives each finding the trail of its resource and place.

use std::collections::HashMap;

use crate::eval::terraform::Related;
use crate::eval::value::{Kind, Step, Value};
use crate::eval::{Format, Unit};
use crate::finding::{Finding, TrailRole, TrailStep};
use crate::source::Range;

/// A finding's trail, by the resource address and place it points at, and
/// the outermost `module` block (or Terragrunt configuration) that
/// instantiated the resource: two roots may call one module with the same
/// address and place, each passing its own value.
#[derive(Default)]
pub(super) struct Trails {
    by_place: HashMap<Key, Entry>,
}

type Key = (String, Range, Option<Range>);

struct Entry {
    steps: Vec<TrailStep>,
    /// The origin is a declared default: messages say so.
    default: Option<String>,
}

impl Trails {
    pub fn extend(&mut self, other: Trails) {
        for (k, v) in other.by_place {
            self.by_place.entry(k).or_insert(v);
        }
    }
}

/// Records the trails of the values of `unit`'s resources.
pub(super) fn index(unit: &Unit, related: &Related, out: &mut Trails) {
    for r in &unit.resources {
        if r.data_source {
            continue;
        }
        let root = related
            .get(&r.address)
            .and_then(|chain| chain.last())
            .map(|(range, _)| *range);
        let used_by = match r.format {
            Format::Terraform => format!("used by {}", r.address),
            Format::CloudFormation => format!("used by `{}`", r.address),
        };
        let mut walk = Walk {
            address: &r.address,
            root,
            used_by: &used_by,
            ancestors: Vec::new(),
            out,
        };
        walk.value(&r.body);
    }
}

struct Walk<'a, 'v> {
    address: &'a str,
    root: Option<Range>,
    used_by: &'a str,
    /// The steps of the collections around the current value, outermost
    /// first.
    ancestors: Vec<&'v [Step]>,
    out: &'a mut Trails,
}

impl<'v> Walk<'_, 'v> {
    fn value(&mut self, v: &'v Value) {
        let own = v.trail.steps();
        // Findings point at scalars, or at a collection as a whole when it
        // is the value that was passed on (its own steps).
        if !own.is_empty() || (!self.ancestors.is_empty() && v.is_known_scalar()) {
            self.record(v, own);
        }
        let pushed = !own.is_empty() && !v.is_known_scalar();
        if pushed {
            self.ancestors.push(own);
        }
        match &v.kind {
            Kind::List(items) => items.iter().for_each(|i| self.value(i)),
            Kind::Map(fields) => fields.iter().for_each(|f| self.value(&f.value)),
            Kind::Choice(bs) => bs.iter().for_each(|b| self.value(&b.value)),
            _ => {}
        }
        if pushed {
            self.ancestors.pop();
        }
    }

    /// The trail of a finding at `v`: its own steps (a scalar moved to its
    /// reference), then those of the collections it is in, innermost first
    /// (they passed it on later), then the use.
    fn record(&mut self, v: &Value, own: &[Step]) {
        let key = (self.address.to_string(), v.range, self.root);
        if self.out.by_place.contains_key(&key) {
            return;
        }
        let inherited = self.ancestors.iter().rev().flat_map(|s| s.iter());
        let steps: Vec<&Step> = own.iter().chain(inherited).collect();
        let Some(first) = steps.first() else {
            return;
        };
        // An item of a collection written elsewhere points at itself there.
        let origin = if own.is_empty() && within(v.range, first.range) {
            v.range
        } else {
            first.range
        };
        let mut out = Vec::with_capacity(steps.len() + 1);
        for (i, s) in steps.iter().enumerate() {
            out.push(TrailStep {
                role: if i == 0 {
                    TrailRole::Origin
                } else {
                    TrailRole::Via
                },
                range: if i == 0 { origin } else { s.range },
                message: s.what.to_string(),
            });
        }
        let used = steps.last().and_then(|s| s.at).unwrap_or(v.range);
        out.push(TrailStep {
            role: TrailRole::Use,
            range: used,
            message: self.used_by.to_string(),
        });
        let default = first.default.then(|| {
            if own.is_empty() {
                format!("from {}", first.what)
            } else {
                first.what.to_string()
            }
        });
        self.out.by_place.insert(
            key,
            Entry {
                steps: out,
                default,
            },
        );
    }
}

fn within(inner: Range, outer: Range) -> bool {
    inner.file == outer.file
        && outer.span.start <= inner.span.start
        && inner.span.end <= outer.span.end
}

/// Gives each finding the trail of the value it points at, and says in its
/// message when that value is a declared default.
pub(super) fn attach(findings: &mut [Finding], trails: &Trails) {
    if trails.by_place.is_empty() {
        return;
    }
    for f in findings {
        let root = f.related.last().map(|(range, _)| *range);
        let Some(entry) = trails.by_place.get(&(f.resource.clone(), f.range, root)) else {
            continue;
        };
        f.trail = entry.steps.clone();
        if let Some(d) = &entry.default {
            f.message = format!("{}, {d}", f.message);
        }
    }
}
