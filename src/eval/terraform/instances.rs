//! `count` and `for_each`: the instances a resource, data source or module
//! call expands into and their keys (`[0]`, `["name"]`), the resources of a
//! module instance, and `dynamic` blocks.

use std::collections::HashSet;

use super::modules::Call;
use super::scope::Scope;
use super::{header, scalar_string, Module, ModuleFile, MAX_INSTANCES, MAX_UNIT_RESOURCES};
use crate::eval::value::{Field, Kind, Value};
use crate::eval::{Format, Resource};
use crate::parse::hcl_ast::{Block, Body, ExprKind};
use crate::source::{FileId, Range};

/// An instance key: `[0]` or `["name"]`, as resource addresses carry it.
pub(super) use crate::address::Key;

/// The instances a `count` or `for_each` expands into: a key (none for a
/// block without either, or whose count is unknown) and the scope binding
/// `count.index` or `each.key`/`each.value`.
pub(super) type Instances = Vec<(Option<Key>, Scope)>;

impl Module<'_> {
    /// The resources of this module instance and of every module it calls.
    pub(super) fn collect(&self, out: &mut Vec<Resource>) {
        let mut files: Vec<&ModuleFile> = self.files.values().copied().collect();
        files.sort_by_key(|f| f.file);
        for f in files {
            for b in &f.body.blocks {
                let data_source = match b.ty.as_str() {
                    "resource" => false,
                    "data" => true,
                    _ => continue,
                };
                let [ty, name] = &b.labels[..] else { continue };
                let range = Range::new(f.file, header(b));
                let prefix = if data_source { "data." } else { "" };
                let base = format!("{}{prefix}{}.{}", self.prefix, ty.value, name.value);
                for (key, scope) in self.instances(&b.body, f.file, &Scope::default(), &base, range)
                {
                    let n = self.ctx.resources.get() + 1;
                    self.ctx.resources.set(n);
                    if n > MAX_UNIT_RESOURCES {
                        if n == MAX_UNIT_RESOURCES + 1 {
                            self.problem(
                                range,
                                format!(
                                    "more than {MAX_UNIT_RESOURCES} resource instances; the rest are not evaluated"
                                ),
                            );
                        }
                        return;
                    }
                    let address = match &key {
                        Some(k) => format!("{base}{}", k),
                        None => base.clone(),
                    };
                    out.push(Resource {
                        format: Format::Terraform,
                        kind: ty.value.clone(),
                        address,
                        range,
                        body: self.eval_body(&b.body, f.file, range, &scope),
                        when: None,
                        data_source,
                    });
                    if !self.related.is_empty() {
                        self.ctx.record.borrow_mut().related.insert(
                            out.last().map(|r| r.address.clone()).unwrap_or_default(),
                            self.related.clone().into(),
                        );
                    }
                }
            }
        }
        for &(name, block, file) in &self.calls {
            match self.call(name).as_deref() {
                Some(Call::Instances(instances)) => {
                    for (_, child) in instances {
                        child.collect(out);
                    }
                }
                _ => self.opaque_call(block, file),
            }
        }
    }

    /// Records what the arguments of a module call whose code could not be
    /// read refer to ([`crate::eval::Unit::opaque_refs`]).
    fn opaque_call(&self, block: &Block, file: FileId) {
        let mut refs = Vec::new();
        for a in &block.body.attributes {
            refs.extend(self.eval(&a.expr, file, &Scope::default()).refs());
        }
        self.ctx.record.borrow_mut().opaque_refs.extend(refs);
    }

    /// Expands `count` or `for_each`. An unknown count or collection is one
    /// instance without a key whose `count.index`/`each.*` stay unknown.
    pub(super) fn instances(
        &self,
        body: &Body,
        file: FileId,
        scope: &Scope,
        what: &str,
        at: Range,
    ) -> Instances {
        let one = || vec![(None, scope.clone())];
        let too_many = |n: usize| {
            self.problem(
                at,
                format!(
                    "`{what}` expands into {n} instances, more than {MAX_INSTANCES}; evaluated as one instance with unknown keys"
                ),
            );
            vec![(None, scope.clone())]
        };
        if let Some(count) = body.attribute("count") {
            let v = self.eval(&count.expr, file, scope);
            let Some(n) = v.as_i64() else { return one() };
            if n <= 0 {
                return Vec::new();
            }
            if n as usize > MAX_INSTANCES {
                return too_many(n as usize);
            }
            return (0..n)
                .map(|i| {
                    let idx = Value::new(Kind::Number(i as f64), v.range);
                    let count = Value::new(
                        Kind::Map(vec![Field {
                            key: "index".into(),
                            key_range: v.range,
                            value: idx,
                        }]),
                        v.range,
                    );
                    (Some(Key::Int(i)), scope.with("count", count))
                })
                .collect();
        }
        let Some(each) = body.attribute("for_each") else {
            return one();
        };
        let v = self.eval(&each.expr, file, scope);
        let pairs: Vec<(String, Range, Value)> = match &v.kind {
            Kind::Map(fields) => sorted_fields(fields)
                .map(|f| (f.key.clone(), f.key_range, f.value.clone()))
                .collect(),
            Kind::List(items) => {
                // A set of strings: each distinct element once.
                let mut out = Vec::new();
                let mut seen = HashSet::new();
                for i in items {
                    let Some(s) = scalar_string(i) else {
                        return one();
                    };
                    if seen.insert(s.clone()) {
                        out.push((s, i.range, i.clone()));
                    }
                }
                out
            }
            _ => return one(),
        };
        if pairs.len() > MAX_INSTANCES {
            return too_many(pairs.len());
        }
        pairs
            .into_iter()
            .map(|(k, kr, value)| {
                let each = Value::new(
                    Kind::Map(vec![
                        Field {
                            key: "key".into(),
                            key_range: kr,
                            value: Value::string(k.clone(), kr),
                        },
                        Field {
                            key: "value".into(),
                            key_range: kr,
                            value,
                        },
                    ]),
                    v.range,
                );
                (Some(Key::Str(k)), scope.with("each", each))
            })
            .collect()
    }

    /// `dynamic "x" { for_each = ..., iterator = it, content { ... } }`: one
    /// block per element. An unknown collection gives one block whose
    /// iterator is unknown.
    pub(super) fn dynamic(
        &self,
        b: &Block,
        label: &str,
        file: FileId,
        scope: &Scope,
    ) -> Vec<Value> {
        let Some(content) = b.body.blocks_of("content").next() else {
            return Vec::new();
        };
        let at = self.range(file, header(content));
        let iterator = match b.body.attribute("iterator").map(|a| &a.expr.kind) {
            Some(ExprKind::Variable(n)) => n.clone(),
            _ => label.to_string(),
        };
        let coll = b
            .body
            .attribute("for_each")
            .map(|a| self.eval(&a.expr, file, scope))
            .unwrap_or_else(|| Value::unknown(at));
        let pairs: Vec<(Value, Value)> = match key_value_pairs(&coll) {
            Some(pairs) => pairs,
            None => {
                let it = Value::unknown_of(at, [&coll]);
                return vec![self.eval_body(&content.body, file, at, &scope.with(&iterator, it))];
            }
        };
        if pairs.len() > MAX_INSTANCES {
            self.problem(
                self.range(file, header(b)),
                format!("dynamic block `{label}` expands into more than {MAX_INSTANCES} blocks; evaluated as one block"),
            );
        }
        if pairs.len() > MAX_INSTANCES || !self.spend(pairs.len(), at) {
            let it = Value::unknown(at);
            return vec![self.eval_body(&content.body, file, at, &scope.with(&iterator, it))];
        }
        pairs
            .into_iter()
            .map(|(k, v)| {
                let r = v.range;
                let it = Value::new(
                    Kind::Map(vec![
                        Field {
                            key: "key".into(),
                            key_range: k.range,
                            value: k,
                        },
                        Field {
                            key: "value".into(),
                            key_range: r,
                            value: v,
                        },
                    ]),
                    r,
                );
                self.eval_body(&content.body, file, at, &scope.with(&iterator, it))
            })
            .collect()
    }
}

/// The (key, value) pairs a `for` expression or a `dynamic` block iterates:
/// a list's indices, or a map's keys in key order (as Terraform iterates
/// maps and objects). `None` for anything else, an unknown included.
pub(super) fn key_value_pairs(coll: &Value) -> Option<Vec<(Value, Value)>> {
    match &coll.kind {
        Kind::List(items) => Some(
            items
                .iter()
                .enumerate()
                .map(|(i, v)| (Value::new(Kind::Number(i as f64), v.range), v.clone()))
                .collect(),
        ),
        Kind::Map(fields) => Some(
            sorted_fields(fields)
                .map(|f| (Value::string(f.key.clone(), f.key_range), f.value.clone()))
                .collect(),
        ),
        _ => None,
    }
}

/// A map's fields in key order (the last of duplicate keys), as Terraform
/// iterates maps and objects.
pub(super) fn sorted_fields(fields: &[Field]) -> impl Iterator<Item = &Field> {
    let mut seen = HashSet::new();
    let mut v: Vec<&Field> = fields
        .iter()
        .rev()
        .filter(|f| seen.insert(f.key.as_str()))
        .collect();
    v.sort_by(|a, b| a.key.cmp(&b.key));
    v.into_iter()
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;

    #[test]
    fn count_keys_instances_by_index() {
        let e = eval_module("resource \"t\" \"r\" {\n  count = 2\n  i     = count.index\n}\n");
        assert_eq!(addresses(&e), ["t.r[0]", "t.r[1]"]);
        assert_eq!(
            resource(&e, "t.r[1]").body.get("i").unwrap().as_i64(),
            Some(1)
        );
        let e = eval_module("resource \"t\" \"r\" {\n  count = 0\n}\n");
        assert!(addresses(&e).is_empty());
    }

    #[test]
    fn for_each_keys_instances_by_key_in_order() {
        let e = eval_module(
            "resource \"t\" \"r\" {\n  for_each = { b = 2, a = 1 }\n  k = each.key\n  v = each.value\n}\n",
        );
        assert_eq!(addresses(&e), ["t.r[\"a\"]", "t.r[\"b\"]"]);
        assert_eq!(
            resource(&e, "t.r[\"b\"]").body.get("v").unwrap().as_i64(),
            Some(2)
        );
        // A set of strings: each distinct element once, keyed by itself.
        let e =
            eval_module("resource \"t\" \"r\" {\n  for_each = toset([\"x\", \"y\", \"x\"])\n}\n");
        assert_eq!(addresses(&e), ["t.r[\"x\"]", "t.r[\"y\"]"]);
    }

    #[test]
    fn an_unknown_count_or_collection_is_one_instance_without_a_key() {
        let e = eval_module(
            "variable \"n\" {}\nresource \"t\" \"r\" {\n  count = var.n\n  i     = count.index\n}\n",
        );
        assert_eq!(addresses(&e), ["t.r"]);
        assert!(resource(&e, "t.r").body.get("i").unwrap().is_unknown());
        let e = eval_module("variable \"m\" {}\nresource \"t\" \"r\" {\n  for_each = var.m\n}\n");
        assert_eq!(addresses(&e), ["t.r"]);
    }

    #[test]
    fn too_many_instances_are_one_and_reported() {
        let e = eval_module("resource \"t\" \"r\" {\n  count = 20000\n}\n");
        assert_eq!(addresses(&e), ["t.r"]);
        assert_eq!(
            problems(&e),
            ["`t.r` expands into 20000 instances, more than 10000; evaluated as one instance with unknown keys"]
        );
    }

    #[test]
    fn dynamic_blocks_expand_per_element() {
        let e = eval_module(
            "resource \"t\" \"r\" {\n  static {\n    p = 0\n  }\n  dynamic \"static\" {\n    for_each = [80, 443]\n    iterator = port\n    content {\n      p = port.value\n      i = port.key\n    }\n  }\n}\n",
        );
        let blocks = resource(&e, "t.r").body.blocks("static");
        let ports: Vec<i64> = blocks.iter().filter_map(|b| b.get("p")?.as_i64()).collect();
        assert_eq!(ports, [0, 80, 443]);
        assert_eq!(blocks[2].get("i").unwrap().as_i64(), Some(1));
        // An unknown collection: one block whose iterator is unknown.
        let e = eval_module(
            "variable \"u\" {}\nresource \"t\" \"r\" {\n  dynamic \"x\" {\n    for_each = var.u\n    content {\n      p = x.value\n    }\n  }\n}\n",
        );
        let blocks = resource(&e, "t.r").body.blocks("x");
        assert_eq!(blocks.len(), 1);
        assert!(blocks[0].get("p").unwrap().is_unknown());
    }
}
