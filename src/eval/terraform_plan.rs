//! Terraform plan JSON (`terraform show -json plan.out`): the planned values
//! of every resource, in the root module and in child modules, as Terraform
//! computed them with the real inputs. Values Terraform will only know after
//! applying (`after_unknown` in `resource_changes`) are unknown.
//!
//! Findings point at the resource's `.tf` source when the plan's
//! `configuration` leads to a module directory that is in the scanned tree
//! (relative to the plan file's directory, through local module sources):
//! each top-level attribute at the attribute written there, nested blocks at
//! the blocks written there, anything else at the resource block. Otherwise
//! they point into the plan JSON.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use super::terraform::{is_local_source, normalize, ModuleFile, Related};
use super::value::{Kind, Value};
use super::{node_to_value, Format, Resource, Unit};
use crate::parse::hcl_ast::{Block, Body};
use crate::parse::{Node, NodeKind};
use crate::source::{FileId, Range, Span};

/// Whether a JSON document is a plan: `format_version` and planned values or
/// resource changes.
pub fn is_plan(root: &Node) -> bool {
    root.get("format_version").is_some()
        && (root.get("planned_values").is_some() || root.get("resource_changes").is_some())
}

/// A cheap look at the text before parsing.
pub fn looks_like_plan(text: &str) -> bool {
    text.contains("\"format_version\"")
        && (text.contains("\"planned_values\"") || text.contains("\"resource_changes\""))
}

/// Parsed module directories, loaded on demand (by normalized path).
pub type Loader<'a> = dyn Fn(&Path) -> Option<Vec<ModuleFile>> + 'a;

struct Plan<'a> {
    file: FileId,
    dir: PathBuf,
    load: &'a Loader<'a>,
    loaded: HashMap<PathBuf, Option<Vec<ModuleFile>>>,
    /// `after_unknown` by resource address.
    unknown: HashMap<&'a str, &'a Node>,
    /// With `changes_only`: the addresses the plan creates or updates
    /// (replacements included); other resources are left out.
    changed: Option<HashSet<&'a str>>,
    config: Option<&'a Node>,
    related: Related,
}

/// Evaluates a plan document at `path`; with `changes_only`, only the
/// resources the plan creates or updates (`--plan-changes-only`).
pub fn evaluate(
    root: &Node,
    file: FileId,
    path: PathBuf,
    load: &Loader,
    changes_only: bool,
) -> (Unit, Related) {
    let mut unknown = HashMap::new();
    let mut changed = HashSet::new();
    for rc in root
        .get("resource_changes")
        .and_then(Node::as_seq)
        .unwrap_or(&[])
    {
        if let (Some(a), Some(u)) = (
            rc.get("address").and_then(Node::as_str),
            rc.get("change").and_then(|c| c.get("after_unknown")),
        ) {
            unknown.insert(a, u);
        }
        let actions = rc
            .get("change")
            .and_then(|c| c.get("actions"))
            .and_then(Node::as_seq)
            .unwrap_or(&[]);
        if let (Some(a), true) = (
            rc.get("address").and_then(Node::as_str),
            actions
                .iter()
                .any(|x| matches!(x.as_str(), Some("create" | "update"))),
        ) {
            changed.insert(a);
        }
    }
    let mut plan = Plan {
        file,
        dir: normalize(path.parent().unwrap_or(Path::new(""))),
        load,
        loaded: HashMap::new(),
        unknown,
        changed: changes_only.then_some(changed),
        config: root.get("configuration").and_then(|c| c.get("root_module")),
        related: Related::new(),
    };
    let mut resources = Vec::new();
    if let Some(m) = root
        .get("planned_values")
        .and_then(|p| p.get("root_module"))
    {
        plan.module(m, &mut resources, 0);
    }
    let unit = Unit {
        format: Format::Terraform,
        path,
        resources,
        problems: Vec::new(),
        opaque_refs: Vec::new(),
    };
    (unit, plan.related)
}

impl Plan<'_> {
    fn module(&mut self, m: &Node, out: &mut Vec<Resource>, depth: usize) {
        if depth > super::terraform::MAX_MODULE_DEPTH {
            return;
        }
        for r in m.get("resources").and_then(Node::as_seq).unwrap_or(&[]) {
            if let Some(changed) = &self.changed {
                let address = r.get("address").and_then(Node::as_str).unwrap_or("");
                if !changed.contains(address) {
                    continue;
                }
            }
            if let Some(res) = self.resource(r) {
                out.push(res);
            }
        }
        for c in m.get("child_modules").and_then(Node::as_seq).unwrap_or(&[]) {
            self.module(c, out, depth + 1);
        }
    }

    fn resource(&mut self, r: &Node) -> Option<Resource> {
        let address = r.get("address")?.as_str()?.to_string();
        let kind = r.get("type")?.as_str()?.to_string();
        let name = r.get("name")?.as_str()?;
        let data_source = r.get("mode").and_then(Node::as_str) == Some("data");
        let json_range = Range::new(self.file, r.span);
        let mut body = match r.get("values") {
            Some(v) => node_to_value(v, self.file),
            None => Value::new(Kind::Map(Vec::new()), json_range),
        };
        if let Some(u) = self.unknown.get(address.as_str()) {
            mark_unknown(&mut body, u);
        }
        // The module path (call names) without instance keys.
        let calls = module_path(&address);
        let mut range = json_range;
        if let Some((dir, chain)) = self.module_dir(&calls) {
            let ty = if data_source { "data" } else { "resource" };
            let files = self.files(&dir);
            let found = files.iter().find_map(|f| {
                f.body
                    .blocks_of(ty)
                    .find(|b| {
                        b.labels.len() == 2
                            && b.labels[0].value == kind
                            && b.labels[1].value == name
                    })
                    .map(|b| (f.file, b))
            });
            if let Some((file, block)) = found {
                range = Range::new(file, header(block));
                body = relocate_to_block(body, file, &block.body, range);
                if !chain.is_empty() {
                    self.related.insert(address.clone(), chain.into());
                }
            }
        }
        Some(Resource {
            format: Format::Terraform,
            kind,
            address,
            range,
            body,
            when: None,
            data_source,
        })
    }

    fn files(&mut self, dir: &Path) -> &[ModuleFile] {
        let load = self.load;
        self.loaded
            .entry(dir.to_path_buf())
            .or_insert_with(|| load(dir))
            .as_deref()
            .unwrap_or(&[])
    }

    /// The directory of a module path through the configuration's local
    /// module sources, and the calling blocks found on the way (innermost
    /// first).
    fn module_dir(
        &mut self,
        calls: &[(String, String)],
    ) -> Option<(PathBuf, Vec<(Range, String)>)> {
        let mut dir = self.dir.clone();
        let mut config = self.config?;
        let mut chain = Vec::new();
        for (name, address) in calls {
            let call = config.get("module_calls")?.get(name)?;
            let source = call.get("source")?.as_str()?;
            if !is_local_source(source) {
                return None;
            }
            let block = self.files(&dir).iter().find_map(|f| {
                f.body
                    .blocks_of("module")
                    .find(|b| b.labels.first().is_some_and(|l| l.value == *name))
                    .map(|b| Range::new(f.file, header(b)))
            });
            if let Some(at) = block {
                chain.insert(0, (at, format!("instantiated by {address}")));
            }
            dir = normalize(&dir.join(source));
            config = call.get("module")?;
        }
        Some((dir, chain))
    }
}

/// `module.a["k"].module.b.aws_x.y[0]` → `[("a", "module.a[\"k\"]"), ("b",
/// "module.a[\"k\"].module.b")]`: each call name and instance address.
fn module_path(address: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut rest = address;
    while let Some(r) = rest.strip_prefix("module.") {
        let end = r.find(['.', '[']).unwrap_or(r.len());
        let name = r[..end].to_string();
        rest = &r[end..];
        if rest.starts_with('[') {
            // Skip the instance key (it may contain dots inside quotes).
            let mut quoted = false;
            let mut close = rest.len();
            for (i, c) in rest.char_indices() {
                match c {
                    '"' => quoted = !quoted,
                    ']' if !quoted => {
                        close = i + 1;
                        break;
                    }
                    _ => {}
                }
            }
            rest = &rest[close..];
        }
        out.push((name, address[..address.len() - rest.len()].to_string()));
        rest = rest.strip_prefix('.').unwrap_or(rest);
    }
    out
}

/// Replaces the values `after_unknown` marks `true` with unknown ones.
fn mark_unknown(v: &mut Value, u: &Node) {
    match &u.kind {
        NodeKind::Bool(true) => *v = Value::unknown(v.range),
        NodeKind::Map(entries) => {
            let range = v.range;
            if let Kind::Map(fields) = &mut v.kind {
                for e in entries {
                    match fields.iter_mut().find(|f| f.key == e.key) {
                        Some(f) => mark_unknown(&mut f.value, &e.value),
                        None if matches!(e.value.kind, NodeKind::Bool(true)) => {
                            fields.push(super::value::Field {
                                key: e.key.clone(),
                                key_range: range,
                                value: Value::unknown(range),
                            })
                        }
                        None => {}
                    }
                }
            }
        }
        NodeKind::Seq(items) => {
            if let Kind::List(values) = &mut v.kind {
                for (x, u) in values.iter_mut().zip(items) {
                    mark_unknown(x, u);
                }
            }
        }
        _ => {}
    }
}

/// Moves a planned body to the block written in the source: top-level
/// attributes to their expressions, nested blocks (when as many are written
/// as planned) to those blocks, everything else to `at`.
fn relocate_to_block(v: Value, file: FileId, body: &Body, at: Range) -> Value {
    let Kind::Map(fields) = v.kind else {
        return everything_at(v, at);
    };
    let fields = fields
        .into_iter()
        .map(|mut f| {
            if let Some(a) = body.attribute(&f.key) {
                let r = Range::new(file, a.expr.span);
                f.key_range = Range::new(file, a.name_span);
                f.value = everything_at(f.value, r);
            } else {
                let blocks: Vec<&Block> = body.blocks_of(&f.key).collect();
                match f.value.kind {
                    Kind::List(items) if !blocks.is_empty() && blocks.len() == items.len() => {
                        f.key_range = Range::new(file, blocks[0].ty_span);
                        let items = items
                            .into_iter()
                            .zip(&blocks)
                            .map(|(i, b)| {
                                relocate_to_block(i, file, &b.body, Range::new(file, header(b)))
                            })
                            .collect();
                        f.value = Value::new(Kind::List(items), at);
                    }
                    kind => {
                        f.key_range = at;
                        f.value = everything_at(Value::new(kind, f.value.range), at);
                    }
                }
            }
            f
        })
        .collect();
    Value::new(Kind::Map(fields), at)
}

fn everything_at(v: Value, at: Range) -> Value {
    super::functions::detach(v, at)
}

fn header(b: &Block) -> Span {
    b.labels.iter().fold(b.ty_span, |s, l| s.cover(l.span))
}

#[cfg(test)]
mod tests {
    use super::module_path;

    #[test]
    fn module_paths_drop_instance_keys() {
        let path = module_path("module.a[\"x.y\"].module.b.aws_s3_bucket.c[0]");
        let names: Vec<&str> = path.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, ["a", "b"]);
        assert_eq!(path[0].1, "module.a[\"x.y\"]");
        assert_eq!(path[1].1, "module.a[\"x.y\"].module.b");
        assert!(module_path("aws_s3_bucket.c").is_empty());
    }
}
