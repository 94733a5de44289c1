//! Module calls: where a `module` block's source lives, its instances with
//! their input variables, and references to their outputs.

use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};
use std::rc::Rc;
use std::sync::Arc;

use super::instances::Key;
use super::scope::Scope;
use super::{
    header, scalar_string, Input, Manifest, Module, MAX_EVAL_DEPTH, MAX_MODULE_DEPTH,
    MAX_READ_BYTES,
};
use crate::eval::value::{Field, Kind, Value};
use crate::parse::hcl_ast::{Block, Body, ExprKind, TemplatePart, Traverser};
use crate::source::{FileId, Range};

/// A module call's instances.
pub(super) enum Call<'a> {
    /// The module's code is not available (a remote source without an
    /// installed copy, a path outside the scanned tree) or could not be
    /// evaluated: its outputs are unknown.
    Opaque,
    Instances(Vec<(Option<Key>, Module<'a>)>),
}

/// A module instance's calls, each instantiated on first use and kept.
#[derive(Default)]
pub(super) struct Children<'a> {
    calls: HashMap<&'a str, Rc<Call<'a>>>,
    /// The calls being instantiated now (a call whose arguments refer to its
    /// own outputs is not instantiated again).
    building: Vec<&'a str>,
}

/// The module calls of a parsed file: call name and literal `source`.
pub fn module_sources(body: &Body) -> Vec<(String, String)> {
    body.blocks_of("module")
        .filter_map(|b| {
            let name = b.labels.first()?.value.clone();
            let src = b.body.attribute("source")?;
            match &src.expr.kind {
                ExprKind::Template(parts) => match &parts[..] {
                    [TemplatePart::Literal { text, .. }] => Some((name, text.clone())),
                    _ => None,
                },
                _ => None,
            }
        })
        .collect()
}

/// Whether a module source is a local path (`./x`, `../x`).
pub fn is_local_source(source: &str) -> bool {
    source.starts_with("./") || source.starts_with("../") || source == "." || source == ".."
}

/// A path with `.` removed and `..` applied where possible, without touching
/// the file system.
pub fn normalize(p: &Path) -> PathBuf {
    let mut out: Vec<Component> = Vec::new();
    for c in p.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => match out.last() {
                Some(Component::Normal(_)) => {
                    out.pop();
                }
                Some(Component::RootDir | Component::Prefix(_)) => {}
                _ => out.push(c),
            },
            c => out.push(c),
        }
    }
    out.iter().collect()
}

/// `to` relative to `from` (both normalized), as `path.module` is relative to
/// the root module.
pub(super) fn relative(from: &Path, to: &Path) -> String {
    let f: Vec<_> = from.components().collect();
    let t: Vec<_> = to.components().collect();
    let common = f.iter().zip(&t).take_while(|(a, b)| a == b).count();
    let mut parts: Vec<String> = vec!["..".to_string(); f.len() - common];
    parts.extend(
        t[common..]
            .iter()
            .map(|c| c.as_os_str().to_string_lossy().into_owned()),
    );
    if parts.is_empty() {
        ".".to_string()
    } else {
        parts.join("/")
    }
}

/// Reads `.terraform/modules/modules.json` in `root`: each installed module's
/// key and directory, kept only when the directory lies inside `root`.
pub fn read_manifest(root: &Path) -> Option<Manifest> {
    let path = root.join(".terraform/modules/modules.json");
    let meta = std::fs::metadata(&path).ok()?;
    if meta.len() > MAX_READ_BYTES * 4 {
        return None;
    }
    let text = std::fs::read_to_string(&path).ok()?;
    let node = crate::parse::json::parse(&text).ok()?;
    let canonical_root = std::fs::canonicalize(root).ok()?;
    let mut dirs = HashMap::new();
    let modules = match node.get("Modules").map(|n| &n.kind) {
        Some(crate::parse::NodeKind::Seq(items)) => items,
        _ => return None,
    };
    for m in modules {
        let (Some(key), Some(dir)) = (
            m.get("Key").and_then(|k| k.as_str()),
            m.get("Dir").and_then(|d| d.as_str()),
        ) else {
            continue;
        };
        if key.is_empty() || Path::new(dir).is_absolute() {
            continue;
        }
        let full = normalize(&root.join(dir));
        let inside = std::fs::canonicalize(&full)
            .map(|c| c.starts_with(&canonical_root))
            .unwrap_or(false);
        if inside {
            dirs.insert(key.to_string(), full);
        }
    }
    Some(Manifest {
        dirs,
        downloaded: HashMap::new(),
    })
}

/// Meta-arguments of a `module` block: not input variables.
const MODULE_META: &[&str] = &[
    "source",
    "version",
    "count",
    "for_each",
    "providers",
    "depends_on",
];

impl<'a> Module<'a> {
    /// A module call's instances, created on first use and kept.
    pub(super) fn call(&self, name: &str) -> Option<Rc<Call<'a>>> {
        if let Some(c) = self.children.borrow().calls.get(name) {
            return Some(c.clone());
        }
        let &(key, block, file) = self.calls.iter().find(|(n, _, _)| *n == name)?;
        if self.children.borrow().building.contains(&key) {
            // The call's arguments refer to its own outputs.
            return None;
        }
        self.children.borrow_mut().building.push(key);
        let call = Rc::new(self.instantiate(key, block, file));
        let mut children = self.children.borrow_mut();
        children.building.pop();
        children.calls.insert(key, call.clone());
        Some(call)
    }

    fn instantiate(&self, name: &str, block: &'a Block, file: FileId) -> Call<'a> {
        let at = self.range(file, header(block));
        let source = block
            .body
            .attribute("source")
            .map(|s| self.eval(&s.expr, file, &Scope::default()));
        let Some(source) = source.as_ref().and_then(Value::as_str) else {
            return Call::Opaque;
        };
        let mut key = self.key.clone();
        key.push(name.to_string());
        let dir = if is_local_source(source) {
            normalize(&self.dir.join(source))
        } else {
            let version = block
                .body
                .attribute("version")
                .map(|v| self.eval(&v.expr, file, &Scope::default()));
            let version = version.as_ref().and_then(Value::as_str).unwrap_or("");
            let found = self.ctx.manifest.and_then(|m| {
                m.dirs
                    .get(&key.join("."))
                    .or_else(|| m.downloaded.get(&(source.to_string(), version.to_string())))
            });
            match found {
                Some(d) => d.clone(),
                None => return Call::Opaque,
            }
        };
        if !self.ctx.modules.contains_key(&dir) {
            return Call::Opaque;
        }
        if self.stack.contains(&dir) {
            self.problem(
                at,
                format!(
                    "module call `{}module.{name}` is recursive: its source is already being evaluated; not evaluated again",
                    self.prefix
                ),
            );
            return Call::Opaque;
        }
        if self.stack.len() >= MAX_MODULE_DEPTH {
            self.problem(
                at,
                format!("modules nest deeper than {MAX_MODULE_DEPTH}; `{name}` not evaluated"),
            );
            return Call::Opaque;
        }
        let what = format!("{}module.{name}", self.prefix);
        let mut out = Vec::new();
        let instances = self.instances(&block.body, file, &Scope::default(), &what, at);
        if !self.spend(instances.len() * 64, at) {
            return Call::Opaque;
        }
        for (k, scope) in instances {
            let inputs: HashMap<String, Input> = block
                .body
                .attributes
                .iter()
                .filter(|a| !MODULE_META.contains(&a.name.as_str()))
                .map(|a| {
                    (
                        a.name.clone(),
                        Input::Value(self.eval(&a.expr, file, &scope)),
                    )
                })
                .collect();
            let address = match &k {
                Some(k) => format!("{what}{}", k),
                None => what.clone(),
            };
            let mut related = vec![(at, format!("instantiated by {address}"))];
            related.extend(self.related.iter().cloned());
            if let Some(child) = Module::new(
                self.ctx,
                dir.clone(),
                inputs,
                format!("{address}."),
                key.clone(),
                self.stack.clone(),
                related,
            ) {
                out.push((k, child));
            }
        }
        Call::Instances(out)
    }

    /// `module.NAME...`: an output of one instance, or all instances' outputs.
    pub(super) fn module_ref(
        &self,
        steps: &[Traverser],
        file: FileId,
        scope: &Scope,
        range: Range,
    ) -> Value {
        let Some(Traverser::Attr(name, _)) = steps.first() else {
            return Value::unknown(range);
        };
        let opaque = || Value::unknown_from(range, self.reference(format!("module.{name}")));
        let Some(call) = self.call(name) else {
            return opaque();
        };
        let Call::Instances(instances) = &*call else {
            return opaque();
        };
        let keyed = instances.iter().any(|(k, _)| k.is_some());
        let mut rest = &steps[1..];
        if !keyed {
            // `module.x[0].out` on a call whose count is unknown: the one
            // instance stands for all of them.
            if let Some(Traverser::Index(_)) = rest.first() {
                rest = &rest[1..];
            }
            let Some((_, m)) = instances.first() else {
                // No instances (`count = 0`, an empty `for_each`): an empty
                // list or map.
                let counted = self
                    .calls
                    .iter()
                    .any(|(n, b, _)| n == name && b.body.attribute("count").is_some());
                let empty = if counted {
                    Kind::List(Vec::new())
                } else {
                    Kind::Map(Vec::new())
                };
                return self.apply_steps(Value::new(empty, range), rest, file, scope, range);
            };
            return match rest.first() {
                Some(Traverser::Attr(out, _)) => {
                    let what: Arc<str> =
                        format!("the output `{out}` of {}module.{name}", self.prefix).into();
                    let v = m.output(out, range).through(&what, false);
                    self.apply_steps(v, &rest[1..], file, scope, range)
                }
                _ => {
                    let all = m.all_outputs(range);
                    self.apply_steps(all, rest, file, scope, range)
                }
            };
        }
        // Keyed instances: `module.x[k].out` evaluates only that output.
        if let (Some(Traverser::Index(e)), Some(Traverser::Attr(out, _))) =
            (rest.first(), rest.get(1))
        {
            let k = self.eval(e, file, scope);
            if k.is_unknown() {
                return Value::unknown_from(range, self.reference(format!("module.{name}")));
            }
            let found = instances.iter().find(|(key, _)| match key {
                Some(Key::Int(i)) => k.as_i64() == Some(*i),
                Some(Key::Str(s)) => scalar_string(&k).as_deref() == Some(s.as_str()),
                None => false,
            });
            return match found {
                Some((key, m)) => {
                    let key = key.as_ref().map(ToString::to_string).unwrap_or_default();
                    let what: Arc<str> =
                        format!("the output `{out}` of {}module.{name}{key}", self.prefix).into();
                    let v = m.output(out, range).through(&what, false);
                    self.apply_steps(v, &rest[2..], file, scope, range)
                }
                None => Value::error(range),
            };
        }
        let by_int = matches!(instances.first(), Some((Some(Key::Int(_)), _)));
        let all: Vec<(String, Value)> = instances
            .iter()
            .map(|(k, m)| {
                let key = match k {
                    Some(Key::Int(i)) => i.to_string(),
                    Some(Key::Str(s)) => s.clone(),
                    None => String::new(),
                };
                (key, m.all_outputs(range))
            })
            .collect();
        let v = if by_int {
            Value::new(Kind::List(all.into_iter().map(|(_, v)| v).collect()), range)
        } else {
            Value::new(
                Kind::Map(
                    all.into_iter()
                        .map(|(key, value)| Field {
                            key,
                            key_range: range,
                            value,
                        })
                        .collect(),
                ),
                range,
            )
        };
        self.apply_steps(v, rest, file, scope, range)
    }

    fn all_outputs(&self, range: Range) -> Value {
        let mut names: Vec<&str> = self.outputs.keys().copied().collect();
        names.sort();
        let fields = names
            .into_iter()
            .map(|n| Field {
                key: n.to_string(),
                key_range: range,
                value: self.output(n, range),
            })
            .collect();
        Value::new(Kind::Map(fields), range)
    }

    pub(super) fn output(&self, name: &str, range: Range) -> Value {
        if let Some(v) = self.lazy.borrow().outputs.get(name) {
            return v.clone();
        }
        let Some(&(block, file)) = self.outputs.get(name) else {
            return Value::error(range);
        };
        let key: &'a str = &block.labels[0].value;
        let busy = {
            let lazy = self.lazy.borrow();
            lazy.output_stack.contains(&key) || lazy.output_stack.len() >= MAX_EVAL_DEPTH
        };
        if busy {
            return Value::unknown(range);
        }
        let Some(value) = block.body.attribute("value") else {
            return Value::null(range);
        };
        self.lazy.borrow_mut().output_stack.push(key);
        let v = self.eval(&value.expr, file, &Scope::default());
        let mut lazy = self.lazy.borrow_mut();
        lazy.output_stack.pop();
        lazy.outputs.insert(key, v.clone());
        v
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_normalize_and_relate_lexically() {
        assert_eq!(normalize(Path::new("a/./b/../c")), PathBuf::from("a/c"));
        assert_eq!(normalize(Path::new("../x/./y/..")), PathBuf::from("../x"));
        assert_eq!(normalize(Path::new("./")), PathBuf::from(""));
        assert_eq!(
            relative(Path::new("root"), Path::new("root/modules/a")),
            "modules/a"
        );
        assert_eq!(relative(Path::new("root/a"), Path::new("root/b")), "../b");
        assert_eq!(relative(Path::new("root"), Path::new("root")), ".");
    }

    #[test]
    fn manifest_keeps_only_directories_inside_the_root() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("root");
        std::fs::create_dir_all(root.join(".terraform/modules/vpc")).unwrap();
        std::fs::create_dir_all(tmp.path().join("outside")).unwrap();
        std::fs::write(
            root.join(".terraform/modules/modules.json"),
            r#"{"Modules":[{"Key":"","Dir":"."},{"Key":"vpc","Dir":".terraform/modules/vpc"},{"Key":"escape","Dir":"../outside"},{"Key":"abs","Dir":"/etc"}]}"#,
        )
        .unwrap();
        let m = read_manifest(&root).unwrap();
        let mut keys: Vec<&String> = m.dirs.keys().collect();
        keys.sort();
        assert_eq!(keys, ["vpc"]);
        assert_eq!(
            m.dirs["vpc"],
            normalize(&root.join(".terraform/modules/vpc"))
        );
    }
}

#[cfg(test)]
mod call_tests {
    use super::super::testing::*;
    use std::sync::Arc;

    const CHILD: &str = "variable \"name\" {}\nvariable \"size\" {\n  default = 8\n}\nresource \"aws_ebs_volume\" \"v\" {\n  tags = { Name = var.name }\n  size = var.size\n}\noutput \"id\" {\n  value = aws_ebs_volume.v.id\n}\noutput \"name\" {\n  value = upper(var.name)\n}\n";

    #[test]
    fn module_arguments_are_the_callees_inputs() {
        let e = eval_tree(&[
            ("root/main.tf", "module \"m\" {\n  source = \"./child\"\n  name   = \"a\"\n}\nresource \"t\" \"r\" {\n  v = [module.m.name, module.m.id]\n}\n"),
            ("root/child/main.tf", CHILD),
        ]);
        let v = resource(&e, "module.m.aws_ebs_volume.v");
        assert_eq!(
            v.body.get("tags").unwrap().get("Name").unwrap().as_str(),
            Some("a")
        );
        assert_eq!(v.body.get("size").unwrap().as_i64(), Some(8));
        // Outputs flow back; a resource inside the module is named with its prefix.
        let out = resource(&e, "t.r").body.get("v").unwrap();
        assert_eq!(out.items()[0].as_str(), Some("A"));
        assert_eq!(
            out.items()[1].refs(),
            vec![Arc::from("module.m.aws_ebs_volume.v")]
        );
        // The calling block is remembered, and the directory as called.
        let related = &e.related["module.m.aws_ebs_volume.v"];
        assert_eq!(related[0].1, "instantiated by module.m");
        assert!(e.called.contains(&std::path::PathBuf::from("root/child")));
    }

    #[test]
    fn counted_and_keyed_calls_prefix_their_instances() {
        let e = eval_tree(&[
            ("root/main.tf", "module \"m\" {\n  source   = \"./child\"\n  for_each = toset([\"x\", \"y\"])\n  name     = each.key\n}\nresource \"t\" \"r\" {\n  v = module.m[\"y\"].name\n  w = module.m\n}\n"),
            ("root/child/main.tf", CHILD),
        ]);
        assert_eq!(
            addresses(&e),
            [
                "t.r",
                "module.m[\"x\"].aws_ebs_volume.v",
                "module.m[\"y\"].aws_ebs_volume.v"
            ]
        );
        let body = &resource(&e, "t.r").body;
        assert_eq!(body.get("v").unwrap().as_str(), Some("Y"));
        assert_eq!(
            body.get("w")
                .unwrap()
                .get("x")
                .unwrap()
                .get("name")
                .unwrap()
                .as_str(),
            Some("X")
        );
        // An instance that does not exist, or an output the module lacks: errors.
        let v = eval_tree(&[
            ("root/main.tf", "module \"m\" {\n  source = \"./child\"\n  count  = 1\n  name   = \"n\"\n}\nresource \"t\" \"r\" {\n  v = [module.m[3].name, module.m[0].nope]\n}\n"),
            ("root/child/main.tf", CHILD),
        ]);
        let v = resource(&v, "t.r").body.get("v").unwrap();
        assert!(v.items().iter().all(|i| i.has_error()));
    }

    #[test]
    fn unavailable_and_recursive_modules_are_opaque() {
        let e = eval_tree(&[(
            "root/main.tf",
            "module \"remote\" {\n  source = \"terraform-aws-modules/vpc/aws\"\n}\nmodule \"self\" {\n  source = \"./\"\n}\nresource \"t\" \"r\" {\n  v = module.remote.vpc_id\n}\n",
        )]);
        let v = resource(&e, "t.r").body.get("v").unwrap();
        assert!(v.is_unknown() && !v.has_error());
        assert_eq!(v.refs(), vec![Arc::from("module.remote")]);
        assert_eq!(
            problems(&e),
            ["module call `module.self` is recursive: its source is already being evaluated; not evaluated again"]
        );
    }
}
