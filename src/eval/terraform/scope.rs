//! Names and lazy values: what `for`, `count`, `for_each` and `dynamic`
//! bind, and references (`var.x`, `local.y`, `path.module`, resources and
//! data sources), with variables, locals and outputs evaluated once on first
//! use and cycles between locals reported.

use std::collections::HashMap;
use std::sync::Arc;

use super::instances::Key;
use super::modules::relative;
use super::{header, scalar_string, Input, Module, MAX_EVAL_DEPTH};
use crate::eval::value::{Kind, Value};
use crate::parse::hcl_ast::{Expr, ExprKind, Traverser};
use crate::source::{FileId, Range};

/// Names bound by `for` expressions, `count`, `for_each` and `dynamic`.
#[derive(Default, Clone)]
pub(crate) struct Scope {
    pub(super) vars: Vec<(String, Value)>,
}

impl Scope {
    pub(super) fn with(&self, name: &str, v: Value) -> Scope {
        let mut s = self.clone();
        s.vars.push((name.to_string(), v));
        s
    }
}

/// A module instance's variables, locals and outputs, each evaluated on
/// first use and kept, and the locals and outputs being evaluated now
/// (innermost last), which is how a cycle is found.
#[derive(Default)]
pub(super) struct Lazy<'a> {
    pub(super) variables: HashMap<&'a str, Value>,
    pub(super) locals: HashMap<&'a str, Value>,
    pub(super) outputs: HashMap<&'a str, Value>,
    pub(super) local_stack: Vec<&'a str>,
    pub(super) output_stack: Vec<&'a str>,
}

impl<'a> Module<'a> {
    /// `var.x`, `local.y[0]`, `aws_s3_bucket.b.id`, `data.t.n.json`, ...
    pub(super) fn traversal(
        &self,
        expr: &Expr,
        file: FileId,
        scope: &Scope,
        range: Range,
    ) -> Value {
        let mut steps: Vec<Traverser> = Vec::new();
        let mut cur = expr;
        let root = loop {
            match &cur.kind {
                ExprKind::Variable(name) => break Some(name.as_str()),
                ExprKind::GetAttr(inner, name) => {
                    steps.push(Traverser::Attr(name.clone(), cur.span));
                    cur = inner;
                }
                ExprKind::Index(inner, idx) => {
                    steps.push(Traverser::Index((**idx).clone()));
                    cur = inner;
                }
                _ => break None,
            }
        };
        steps.reverse();
        let Some(root) = root else {
            // An index or attribute on an arbitrary expression.
            let base = self.eval(cur, file, scope);
            return self.apply_steps(base, &steps, file, scope, range);
        };
        if let Some((_, v)) = scope.vars.iter().rev().find(|(n, _)| n == root) {
            return self.apply_steps(v.clone(), &steps, file, scope, range);
        }
        let attr = |i: usize| match steps.get(i) {
            Some(Traverser::Attr(a, _)) => Some(a.as_str()),
            _ => None,
        };
        let reanchor = |v: Value| v.referenced_at(range);
        match root {
            "var" => {
                let Some(name) = attr(0) else {
                    return Value::error(range);
                };
                let v = self.variable(name, range);
                reanchor(self.apply_steps(v, &steps[1..], file, scope, range))
            }
            "local" => {
                let Some(name) = attr(0) else {
                    return Value::error(range);
                };
                let v = self.local(name, range);
                reanchor(self.apply_steps(v, &steps[1..], file, scope, range))
            }
            "module" => reanchor(self.module_ref(&steps, file, scope, range)),
            "path" => {
                let v = match attr(0) {
                    Some("module") => relative(&self.ctx.root_dir, &self.dir),
                    Some("root") => ".".to_string(),
                    _ => return Value::unknown(range),
                };
                Value::string(v, range)
            }
            "data" => match (attr(0), attr(1)) {
                (Some(t), Some(n)) => {
                    let key = self.instance_key(steps.get(2), file, scope);
                    Value::unknown_from(range, self.reference(format!("data.{t}.{n}{key}")))
                }
                _ => Value::unknown(range),
            },
            "each" | "count" | "self" | "terraform" => Value::unknown(range),
            ty => match attr(0) {
                Some(n) => {
                    let key = self.instance_key(steps.get(1), file, scope);
                    Value::unknown_from(range, self.reference(format!("{ty}.{n}{key}")))
                }
                // `False` for `false`: Terraform reads a bare word as a
                // reference and rejects it; silently unknown, it would hide
                // the finding the author meant to avoid.
                None if matches!(ty, "True" | "False" | "TRUE" | "FALSE") => {
                    let lower = ty.to_ascii_lowercase();
                    self.problem(
                        range,
                        format!(
                            "`{ty}` is not a value: Terraform's booleans are lowercase (`{lower}`), and it rejects `{ty}` as an invalid reference"
                        ),
                    );
                    Value::error(range)
                }
                None => Value::unknown(range),
            },
        }
    }

    /// `[0]`/`["k"]` when a resource reference is followed by a known index.
    fn instance_key(&self, step: Option<&Traverser>, file: FileId, scope: &Scope) -> String {
        let Some(Traverser::Index(e)) = step else {
            return String::new();
        };
        let k = self.eval(e, file, scope);
        match &k.kind {
            Kind::Number(_) => k
                .as_i64()
                .map(|i| Key::Int(i).to_string())
                .unwrap_or_default(),
            Kind::String(s) => Key::Str(s.text.clone()).to_string(),
            _ => String::new(),
        }
    }

    pub(super) fn apply_steps(
        &self,
        mut v: Value,
        steps: &[Traverser],
        file: FileId,
        scope: &Scope,
        range: Range,
    ) -> Value {
        for step in steps {
            let key: Value = match step {
                Traverser::Attr(a, span) => Value::string(a.clone(), self.range(file, *span)),
                Traverser::Index(e) => self.eval(e, file, scope),
            };
            v = match &v.kind {
                Kind::Unknown(u) => return Value::new(Kind::Unknown(u.clone()), range),
                Kind::Choice(_) => return Value::unknown_of(range, [&v]),
                _ if key.is_unknown() => {
                    return Value::unknown_of(range, [&v, &key]);
                }
                Kind::Map(fields) => {
                    let found =
                        scalar_string(&key).and_then(|k| fields.iter().rev().find(|f| f.key == k));
                    match found {
                        Some(f) => f.value.clone(),
                        None => return Value::error(range),
                    }
                }
                Kind::List(items) => match key.as_i64() {
                    Some(i) if i >= 0 && (i as usize) < items.len() => items[i as usize].clone(),
                    _ => return Value::error(range),
                },
                _ => return Value::error(range),
            };
        }
        v
    }

    /// `var.NAME`: the value given to the module (or the root), else the
    /// default, converted to the declared type.
    fn variable(&self, name: &str, range: Range) -> Value {
        if let Some(v) = self.lazy.borrow().variables.get(name) {
            return v.clone();
        }
        let Some(&(block, file)) = self.variables.get(name) else {
            return Value::error(range);
        };
        let key: &'a str = &block.labels[0].value;
        let decl = self.range(file, header(block));
        let ty = block.body.attribute("type").map(|t| &t.expr);
        let default = || match block.body.attribute("default") {
            Some(d) => self.eval(&d.expr, file, &Scope::default()),
            None => Value::unknown(decl),
        };
        let input = self.inputs.get(name);
        // How the trail of a value names where it came from.
        let mut default_used = false;
        let v = match input {
            Some(Input::Value(v)) if matches!(v.kind, Kind::Null) => {
                // A null argument means "not set" for a non-nullable variable.
                let nullable = block
                    .body
                    .attribute("nullable")
                    .map(|n| self.eval(&n.expr, file, &Scope::default()).as_bool() != Some(false))
                    .unwrap_or(true);
                if nullable {
                    v.clone()
                } else {
                    default_used = true;
                    default()
                }
            }
            Some(Input::Value(v)) => v.clone(),
            Some(Input::Raw(s)) => self.raw_input(s, ty, file, decl),
            None => {
                default_used = true;
                default()
            }
        };
        let v = match ty {
            Some(t) => {
                let converted = self.convert(v.clone(), t, file);
                if converted.has_error() && !v.has_error() {
                    let raw = input.is_some_and(|i| matches!(i, Input::Raw(_)));
                    self.reject_value(name, &v, (t, file), raw);
                }
                converted
            }
            None => v,
        };
        let what: Arc<str> = match input {
            None => format!("the default of variable `{name}`").into(),
            _ if default_used => format!("the default of variable `{name}`").into(),
            Some(Input::Raw(_)) => format!(
                "the value given to variable `{name}` on the command line (or in TF_VAR_{name})"
            )
            .into(),
            Some(Input::Value(_)) if self.prefix.is_empty() => {
                format!("the value given to variable `{name}`").into()
            }
            Some(Input::Value(_)) => format!(
                "the value passed as argument `{name}` of {}",
                self.prefix.trim_end_matches('.')
            )
            .into(),
        };
        let v = v.through(&what, default_used);
        self.lazy.borrow_mut().variables.insert(key, v.clone());
        v
    }

    /// Reports a value that cannot convert to its variable's declared type,
    /// which Terraform rejects ("Invalid value for input variable"): at the
    /// value (a `.tfvars` line, a module argument, the default), or at the
    /// declaration for a `--var` or `TF_VAR_` string.
    fn reject_value(&self, name: &str, v: &Value, (ty, file): (&Expr, FileId), raw: bool) {
        let ty = self
            .files
            .get(&file)
            .and_then(|f| f.text.get(ty.span.start as usize..ty.span.end as usize))
            .map_or_else(String::new, |t| format!(" `{t}`"));
        let shown = match &v.kind {
            Kind::String(s) => format!("{:?}", s.text),
            _ => scalar_string(v).unwrap_or_else(|| "this value".into()),
        };
        let given = if raw {
            format!("the value {shown} given on the command line (or in TF_VAR_{name})")
        } else {
            shown
        };
        self.problem(
            v.range,
            format!(
                "{given} is not a valid value for variable `{name}` of type{ty}: Terraform rejects it"
            ),
        );
    }

    /// `local.NAME`; a cycle or a chain deeper than [`MAX_EVAL_DEPTH`] is
    /// reported and unknown.
    fn local(&self, name: &str, range: Range) -> Value {
        if let Some(v) = self.lazy.borrow().locals.get(name) {
            return v.clone();
        }
        let Some((attr, file)) = self.locals.get(name) else {
            return Value::error(range);
        };
        let key: &'a str = &attr.name;
        let (cycle, depth) = {
            let lazy = self.lazy.borrow();
            let stack = &lazy.local_stack;
            let start = stack.iter().position(|n| *n == key);
            (start.map(|i| stack[i..].to_vec()), stack.len())
        };
        if let Some(mut chain) = cycle {
            chain.push(key);
            let cycle = chain
                .iter()
                .map(|n| format!("local.{n}"))
                .collect::<Vec<_>>()
                .join(" → ");
            self.problem(
                self.range(*file, attr.span),
                format!("cycle in locals: {cycle}"),
            );
            return Value::unknown(range);
        }
        if depth >= MAX_EVAL_DEPTH {
            self.problem(
                self.range(*file, attr.span),
                format!(
                    "locals nest deeper than {MAX_EVAL_DEPTH} references; value treated as unknown"
                ),
            );
            return Value::unknown(range);
        }
        self.lazy.borrow_mut().local_stack.push(key);
        let what: Arc<str> = format!("local `{key}`").into();
        let v = self
            .eval(&attr.expr, *file, &Scope::default())
            .through(&what, false);
        let mut lazy = self.lazy.borrow_mut();
        lazy.local_stack.pop();
        lazy.locals.insert(key, v.clone());
        v
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use std::sync::Arc;

    #[test]
    fn locals_chain_and_keep_their_values() {
        let v = eval_expr(
            "locals {\n  a = \"x\"\n  b = \"${local.a}-y\"\n  c = [local.b, local.a]\n}",
            "local.c",
        );
        assert_eq!(texts(&v), ["x-y", "x"]);
    }

    #[test]
    fn a_cycle_is_unknown_and_reported_with_its_path() {
        let e = eval_module(
            "locals {\n  a = local.b\n  b = local.c\n  c = local.b\n}\nresource \"t\" \"r\" {\n  v = local.a\n}\n",
        );
        assert_eq!(
            problems(&e),
            ["cycle in locals: local.b → local.c → local.b"]
        );
        let body = &resource(&e, "t.r").body;
        assert!(body.get("v").unwrap().is_unknown());
    }

    #[test]
    fn long_chains_of_locals_stop_at_the_limit() {
        let mut decls = String::from("locals {\n  l0 = \"end\"\n");
        for i in 1..=70 {
            decls.push_str(&format!("  l{i} = local.l{}\n", i - 1));
        }
        decls.push_str("}\n");
        let e = eval_module(&format!(
            "{decls}resource \"t\" \"r\" {{\n  v = local.l70\n}}\n"
        ));
        assert!(resource(&e, "t.r").body.get("v").unwrap().is_unknown());
        assert_eq!(
            problems(&e),
            ["locals nest deeper than 64 references; value treated as unknown"]
        );
    }

    #[test]
    fn variables_take_defaults_and_inputs() {
        let decls = "variable \"a\" {\n  default = \"d\"\n}\nvariable \"b\" {}\nvariable \"c\" {\n  default  = \"d\"\n  nullable = false\n}";
        assert_eq!(text(&eval_expr(decls, "var.a")), "d");
        assert!(eval_expr(decls, "var.b").is_unknown());
        let e = eval_tree_reading(
            &[(
                "root/main.tf",
                &format!("{decls}\nresource \"t\" \"r\" {{\n  v = [var.a, var.c]\n}}\n"),
            )],
            vec![
                ("a".into(), super::Input::Raw("given".into())),
                (
                    "c".into(),
                    super::Input::Value(crate::eval::value::Value::null(
                        crate::source::Range::new(
                            crate::source::FileId(9),
                            crate::source::Span::new(0, 0),
                        ),
                    )),
                ),
            ],
            &[],
        );
        // A null for a non-nullable variable means its default.
        assert_eq!(
            texts(resource(&e, "t.r").body.get("v").unwrap()),
            ["given", "d"]
        );
    }

    #[test]
    fn references_to_resources_are_unknown_and_name_them() {
        let v = eval_expr("", "aws_s3_bucket.b[\"k\"].id");
        assert_eq!(v.refs(), vec![Arc::from("aws_s3_bucket.b[\"k\"]")]);
        let v = eval_expr("", "data.aws_iam_policy_document.p.json");
        assert_eq!(v.refs(), vec![Arc::from("data.aws_iam_policy_document.p")]);
        assert_eq!(text(&eval_expr("", "path.root")), ".");
        assert_eq!(text(&eval_expr("", "path.module")), ".");
    }

    #[test]
    fn missing_names_and_bad_steps_are_errors() {
        for expr in [
            "var.missing",
            "local.missing",
            "{ a = 1 }.b",
            "[1, 2][5]",
            "\"s\".attr",
        ] {
            assert!(eval_expr("", expr).has_error(), "{expr}");
        }
        // An unknown base stays unknown (not an error).
        let v = eval_expr("variable \"u\" {}", "var.u.anything[0]");
        assert!(v.is_unknown() && !v.has_error());
        // Indexing with an unknown key: unknown, keeping both references.
        let v = eval_expr("", "{ a = aws_x.y.id }[aws_z.w.k]");
        assert_eq!(v.refs(), vec![Arc::from("aws_x.y"), Arc::from("aws_z.w")]);
    }
}
