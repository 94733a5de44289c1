//! Evaluates a Checkov-format definition over one unit (a Terraform root
//! module with its modules, or a template), as Checkov's solvers do over
//! its graph: attribute conditions per resource, connection conditions
//! over the references between resources, filters on the result.

use std::collections::{BTreeSet, HashMap};
use std::sync::Arc;

use super::checkov::{ConnOp, Def, Filter, Tri, Types};
use super::document::{Config, Flat};
use crate::eval::Resource;
use crate::model::adapt::{same_resource, without_key};
use crate::source::Range;

/// The resources of a unit, their configurations and references.
pub struct Subjects<'a> {
    pub resources: Vec<&'a Resource>,
    pub configs: &'a [Vec<Config>],
    pub flats: Vec<Vec<Flat<'a>>>,
    /// `edges[i]`: the resources resource `i` refers to.
    edges: Vec<Vec<usize>>,
}

impl<'a> Subjects<'a> {
    pub fn new(resources: Vec<&'a Resource>, configs: &'a [Vec<Config>]) -> Subjects<'a> {
        let flats = configs
            .iter()
            .map(|cs| cs.iter().map(|c| Flat::new(&c.body)).collect())
            .collect();
        let mut by_base: HashMap<&str, Vec<usize>> = HashMap::new();
        for (i, r) in resources.iter().enumerate() {
            by_base
                .entry(without_key(&r.address).unwrap_or(&r.address))
                .or_default()
                .push(i);
        }
        let edges = resources
            .iter()
            .enumerate()
            .map(|(i, r)| {
                let mut out: BTreeSet<usize> = BTreeSet::new();
                for target in r.body.refs() {
                    let base = without_key(&target).unwrap_or(&target);
                    for &j in by_base.get(base).into_iter().flatten() {
                        if j != i && same_resource(&target, &resources[j].address) {
                            out.insert(j);
                        }
                    }
                }
                out.into_iter().collect()
            })
            .collect();
        Subjects {
            resources,
            configs,
            flats,
            edges,
        }
    }
}

/// A failed resource: where to point, and the conditions under which it
/// fails (empty when it fails in every configuration).
#[derive(Debug)]
pub struct Failure {
    pub index: usize,
    pub at: Range,
    pub when: Vec<Arc<str>>,
}

/// The resources that fail the definition.
pub fn failures(def: &Def, s: &Subjects) -> Vec<Failure> {
    if def.is_connection() {
        let (_, failed, _) = sets(def, s, &BTreeSet::new());
        return failed
            .into_iter()
            .map(|i| Failure {
                index: i,
                at: s.resources[i].range,
                when: Vec::new(),
            })
            .collect();
    }
    let mut out = Vec::new();
    for (i, r) in s.resources.iter().enumerate() {
        if !def.types().matches(&r.kind) {
            continue;
        }
        if let (Tri::Fail, at, when) = per_resource(def, s, i) {
            out.push(Failure { index: i, at, when });
        }
    }
    out
}

/// The verdict of an attribute-like definition on one resource over its
/// configurations: failing in one is failing (with its conditions), else
/// unknown in one is unknown.
fn per_resource(def: &Def, s: &Subjects, i: usize) -> (Tri, Range, Vec<Arc<str>>) {
    let r = s.resources[i];
    let flats = &s.flats[i];
    if flats.is_empty() {
        return (Tri::Unknown, r.range, Vec::new());
    }
    let mut unknown = false;
    let mut failed: Option<(Range, Vec<Arc<str>>)> = None;
    let mut fails = 0;
    for (k, flat) in flats.iter().enumerate() {
        let (t, at) = on_flat(def, r, flat);
        match t {
            Tri::Fail => {
                fails += 1;
                if failed.is_none() {
                    failed = Some((at, s.configs[i][k].when.clone()));
                }
            }
            Tri::Unknown => unknown = true,
            Tri::Pass => {}
        }
    }
    match failed {
        Some((at, when)) => (
            Tri::Fail,
            at,
            if fails == flats.len() {
                Vec::new()
            } else {
                when
            },
        ),
        None if unknown => (Tri::Unknown, r.range, Vec::new()),
        None => (Tri::Pass, r.range, Vec::new()),
    }
}

/// An attribute-like definition on one configuration (Kleene logic for
/// `and`, `or`, `not`).
fn on_flat(def: &Def, r: &Resource, flat: &Flat) -> (Tri, Range) {
    match def {
        Def::Attr(a) => a.eval(&r.kind, r.range, flat),
        Def::Resource { types, allow } => (Tri::of(types.contains(&r.kind) == *allow), r.range),
        Def::Filter(f) => (f.verdict(&r.kind, flat), r.range),
        Def::And(items) => {
            let mut out = (Tri::Pass, r.range);
            for d in items {
                let (t, at) = on_flat(d, r, flat);
                match t {
                    Tri::Fail => return (Tri::Fail, at),
                    Tri::Unknown => out = (Tri::Unknown, at),
                    Tri::Pass => {}
                }
            }
            out
        }
        Def::Or(items) => {
            // A failure points at the first value a condition read.
            let mut out = (Tri::Fail, r.range);
            for d in items {
                let (t, at) = on_flat(d, r, flat);
                match t {
                    Tri::Pass => return (Tri::Pass, at),
                    Tri::Unknown => out = (Tri::Unknown, at),
                    Tri::Fail if out == (Tri::Fail, r.range) => out.1 = at,
                    Tri::Fail => {}
                }
            }
            out
        }
        Def::Not(d) => (on_flat(d, r, flat).0.negate(), r.range),
        // Connections are handled by `sets`; the parser keeps them out of
        // attribute-like definitions.
        Def::Conn { .. } | Def::AndConn(_) | Def::OrConn(_) => (Tri::Unknown, r.range),
    }
}

type Set = BTreeSet<usize>;

/// Passed, failed and unknown resources of a connection-like definition; a
/// connection to an `excluded` resource (one that failed an attribute
/// condition of the enclosing `and`) does not count.
fn sets(def: &Def, s: &Subjects, excluded: &Set) -> (Set, Set, Set) {
    match def {
        Def::Conn {
            types,
            connected,
            op,
        } => {
            let (p, mut f) = connection(s, types, connected, excluded);
            match op {
                ConnOp::Exists => (p, f, Set::new()),
                ConnOp::OneExists => {
                    f.retain(|i| !p.contains(i));
                    (p, f, Set::new())
                }
                ConnOp::NotExists => (f, p, Set::new()),
            }
        }
        Def::AndConn(items) => and_connection(items, s),
        Def::OrConn(items) => or_connection(items, s),
        other => attribute_sets(other, s),
    }
}

fn of_types(s: &Subjects, t: &Types) -> Vec<usize> {
    (0..s.resources.len())
        .filter(|&i| t.matches(&s.resources[i].kind))
        .collect()
}

/// Checkov's `ConnectionExistsSolver`: both ends of a reference between a
/// resource of `types` and one of `connected` (either direction) pass;
/// every other resource of either kind fails.
fn connection(s: &Subjects, types: &Types, connected: &Types, excluded: &Set) -> (Set, Set) {
    let a = of_types(s, types);
    let b = of_types(s, connected);
    let mut passed = Set::new();
    let mut failed = Set::new();
    if a.is_empty() || b.is_empty() {
        failed.extend(a.iter().chain(&b));
        return (passed, failed);
    }
    let in_a = |i: usize| types.matches(&s.resources[i].kind);
    let in_b = |i: usize| connected.matches(&s.resources[i].kind);
    for (u, targets) in s.edges.iter().enumerate() {
        for &v in targets {
            if (in_a(u) && in_b(v)) || (in_b(u) && in_a(v)) {
                if excluded.contains(&u) || excluded.contains(&v) {
                    failed.extend([u, v]);
                } else {
                    passed.extend([u, v]);
                }
            }
        }
    }
    failed.extend(a.iter().chain(&b).filter(|i| !passed.contains(i)));
    (passed, failed)
}

/// An attribute-like condition as a set solver: its resources that pass,
/// fail, and are unknown.
fn attribute_sets(def: &Def, s: &Subjects) -> (Set, Set, Set) {
    let mut passed = Set::new();
    let mut failed = Set::new();
    let mut unknown = Set::new();
    let types = def.types();
    for i in 0..s.resources.len() {
        if !types.matches(&s.resources[i].kind) {
            continue;
        }
        match per_resource(def, s, i).0 {
            Tri::Pass => {
                passed.insert(i);
            }
            Tri::Fail => {
                failed.insert(i);
            }
            Tri::Unknown => {
                unknown.insert(i);
            }
        }
    }
    (passed, failed, unknown)
}

fn filters(items: &[Def]) -> Vec<&Filter> {
    items
        .iter()
        .filter_map(|d| match d {
            Def::Filter(f) => Some(f),
            _ => None,
        })
        .collect()
}

/// Whether a filter keeps a resource: in every configuration (a filter
/// that an unknown value decides drops it, so it is never a finding).
fn keeps(f: &Filter, s: &Subjects, i: usize) -> bool {
    let r = s.resources[i];
    if let Some(types) = f.types() {
        return types.contains(&r.kind);
    }
    !s.flats[i].is_empty()
        && s.flats[i]
            .iter()
            .all(|flat| f.verdict(&r.kind, flat) == Tri::Pass)
}

fn apply_filters(items: &[Def], s: &Subjects, sets: (Set, Set, Set)) -> (Set, Set, Set) {
    let (passed, failed, unknown) = sets;
    let fs = filters(items);
    let keep = |i: &usize| fs.iter().all(|f| keeps(f, s, *i));
    (
        passed.into_iter().filter(keep).collect(),
        failed.into_iter().filter(keep).collect(),
        unknown.into_iter().filter(keep).collect(),
    )
}

/// Checkov's `AndConnectionSolver`; a resource unknown in a condition and
/// failing none stays unknown.
fn and_connection(items: &[Def], s: &Subjects) -> (Set, Set, Set) {
    if of_types(s, &Types::union_of(items)).is_empty() {
        return (Set::new(), Set::new(), Set::new());
    }
    let mut passed = Set::new();
    let mut failed = Set::new();
    let mut unknown = Set::new();
    for d in items
        .iter()
        .filter(|d| !d.is_connection() && !matches!(d, Def::Filter(_)))
    {
        let (p, f, u) = attribute_sets(d, s);
        passed.extend(p);
        failed.extend(f);
        unknown.extend(u);
    }
    passed.retain(|i| !failed.contains(i));
    // Connections on filtered resource types run last, as in Checkov.
    let filtered: Vec<String> = filters(items)
        .into_iter()
        .filter_map(Filter::types)
        .flatten()
        .collect();
    let touches = |d: &Def| match d {
        Def::Conn {
            types, connected, ..
        } => [types, connected]
            .iter()
            .any(|t| matches!(t, Types::List(l) if l.iter().any(|x| filtered.contains(x)))),
        _ => false,
    };
    let conns: Vec<&Def> = items
        .iter()
        .filter(|d| d.is_connection() && !touches(d))
        .chain(items.iter().filter(|d| d.is_connection() && touches(d)))
        .collect();
    for d in conns {
        let (p, f, u) = sets(d, s, &failed);
        passed.extend(p);
        failed.extend(f);
        unknown.extend(u);
    }
    passed.retain(|i| !failed.contains(i) && !unknown.contains(i));
    unknown.retain(|i| !failed.contains(i));
    apply_filters(items, s, (passed, failed, unknown))
}

/// Checkov's `OrConnectionSolver`; a resource unknown in a condition and
/// passing none stays unknown.
fn or_connection(items: &[Def], s: &Subjects) -> (Set, Set, Set) {
    let mut passed = Set::new();
    let mut failed = Set::new();
    let mut unknown = Set::new();
    for d in items
        .iter()
        .filter(|d| !d.is_connection() && !matches!(d, Def::Filter(_)))
    {
        let (p, f, u) = attribute_sets(d, s);
        passed.extend(p);
        failed.extend(f);
        unknown.extend(u);
    }
    failed.retain(|i| !passed.contains(i));
    let conns: Vec<&Def> = items.iter().filter(|d| d.is_connection()).collect();
    let mut passed_conn = Set::new();
    let mut counts: HashMap<usize, usize> = HashMap::new();
    for d in &conns {
        let (p, f, u) = sets(d, s, &Set::new());
        unknown.extend(u);
        passed_conn.extend(p);
        for i in f {
            if !passed_conn.contains(&i) {
                *counts.entry(i).or_default() += 1;
            }
        }
    }
    for (i, n) in counts {
        if n == conns.len() || !passed_conn.contains(&i) {
            failed.insert(i);
        }
    }
    passed.extend(passed_conn);
    unknown.retain(|i| !passed.contains(i));
    failed.retain(|i| !passed.contains(i) && !unknown.contains(i));
    apply_filters(items, s, (passed, failed, unknown))
}

impl Types {
    fn union_of(items: &[Def]) -> Types {
        let mut out: Vec<String> = Vec::new();
        for d in items {
            match d {
                Def::Filter(_) => {}
                Def::Conn { types, .. } => match types {
                    Types::List(a) => out.extend(a.iter().cloned()),
                    Types::All => return Types::All,
                },
                d => match d.types() {
                    Types::All => return Types::All,
                    Types::List(l) => out.extend(l),
                },
            }
        }
        if out.is_empty() {
            Types::All
        } else {
            Types::List(out)
        }
    }
}
