//! Expressions: literals, collections, operators, conditionals, `for`
//! expressions, splats, function calls, and block bodies as maps.

use super::instances::key_value_pairs;
use super::scope::Scope;
use super::{header, Module, MAX_COLLECTION, MAX_EVAL_DEPTH};
use crate::eval::functions;
use crate::eval::value::{Branch, Field, Kind, Value};
use crate::parse::hcl_ast::{
    BinaryOp, Body, Expr, ExprKind, ForExpr, ObjectItem, ObjectKey, Traverser, UnaryOp,
};
use crate::source::{FileId, Range};

impl Module<'_> {
    /// A block body as a map: attributes by name, nested blocks as lists of
    /// maps under their type; `dynamic` blocks expand into such blocks.
    pub(super) fn eval_body(
        &self,
        body: &Body,
        file: FileId,
        range: Range,
        scope: &Scope,
    ) -> Value {
        let mut fields: Vec<Field> = body
            .attributes
            .iter()
            .map(|a| Field {
                key: a.name.clone(),
                key_range: self.range(file, a.name_span),
                value: self.eval(&a.expr, file, scope),
            })
            .collect();
        for b in &body.blocks {
            let (key, values) = if b.ty == "dynamic" {
                let Some(label) = b.labels.first() else {
                    continue;
                };
                (
                    label.value.clone(),
                    self.dynamic(b, &label.value, file, scope),
                )
            } else {
                let r = self.range(file, header(b));
                (b.ty.clone(), vec![self.eval_body(&b.body, file, r, scope)])
            };
            match fields.iter_mut().find(|f| f.key == key) {
                Some(Field {
                    value:
                        Value {
                            kind: Kind::List(items),
                            ..
                        },
                    ..
                }) => items.extend(values),
                _ => fields.push(Field {
                    key,
                    key_range: self.range(file, b.ty_span),
                    value: Value::new(Kind::List(values), self.range(file, b.span)),
                }),
            }
        }
        Value::new(Kind::Map(fields), range)
    }

    pub(super) fn eval(&self, expr: &Expr, file: FileId, scope: &Scope) -> Value {
        let range = self.range(file, expr.span);
        let depth = self.ctx.depth.get();
        if depth > MAX_EVAL_DEPTH * 4 {
            return Value::unknown(range);
        }
        self.ctx.depth.set(depth + 1);
        let v = self.eval_inner(expr, file, scope, range);
        self.ctx.depth.set(depth);
        v
    }

    fn eval_inner(&self, expr: &Expr, file: FileId, scope: &Scope, range: Range) -> Value {
        match &expr.kind {
            ExprKind::Null => Value::null(range),
            ExprKind::Bool(b) => Value::new(Kind::Bool(*b), range),
            ExprKind::Number(n) => Value::new(Kind::Number(*n), range),
            ExprKind::Template(parts) => self.template(parts, file, scope, range),
            ExprKind::Tuple(items) => Value::new(
                Kind::List(items.iter().map(|e| self.eval(e, file, scope)).collect()),
                range,
            ),
            ExprKind::Object(items) => self.object(items, file, scope, range),
            ExprKind::Variable(_) | ExprKind::GetAttr(..) | ExprKind::Index(..) => {
                self.traversal(expr, file, scope, range)
            }
            ExprKind::Splat(base, steps) => self.splat(base, steps, file, scope, range),
            ExprKind::Call { name, args, expand } => {
                self.call_expr(name, args, *expand, file, scope, range)
            }
            ExprKind::Conditional(c, a, b) => self.conditional(c, a, b, file, scope, range),
            ExprKind::Unary(op, e) => {
                let v = self.eval(e, file, scope);
                match (op, &v.kind) {
                    (UnaryOp::Not, _) if v.as_bool().is_some() => {
                        Value::new(Kind::Bool(!v.as_bool().unwrap_or(false)), range)
                    }
                    (UnaryOp::Neg, _) if v.as_f64().is_some() => {
                        Value::new(Kind::Number(-v.as_f64().unwrap_or(0.0)), range)
                    }
                    _ => Value::unknown_of(range, [&v]),
                }
            }
            ExprKind::Binary(op, a, b) => {
                let (a, b) = (self.eval(a, file, scope), self.eval(b, file, scope));
                binary(*op, &a, &b, range)
            }
            ExprKind::For(f) => self.for_expr(f, file, scope, range),
        }
    }

    /// `{ k = v, (expr) = v }`: a key that is not a known scalar makes the
    /// whole object unknown.
    fn object(&self, items: &[ObjectItem], file: FileId, scope: &Scope, range: Range) -> Value {
        let mut fields = Vec::new();
        for item in items {
            let key = match &item.key {
                ObjectKey::Ident(k) => Some(k.clone()),
                ObjectKey::Expr(e) => match self.eval(e, file, scope) {
                    v if v.is_known_scalar() => scalar_string(&v),
                    _ => None,
                },
            };
            let value = self.eval(&item.value, file, scope);
            match key {
                Some(key) => fields.push(Field {
                    key,
                    key_range: self.range(file, item.key_span),
                    value,
                }),
                None => return Value::unknown_of(range, [&value]),
            }
        }
        Value::new(Kind::Map(fields), range)
    }

    /// `base[*].attr`: the steps applied to each element; a single value is
    /// a list of itself, null an empty list.
    fn splat(
        &self,
        base: &Expr,
        steps: &[Traverser],
        file: FileId,
        scope: &Scope,
        range: Range,
    ) -> Value {
        let base = self.eval(base, file, scope);
        match &base.kind {
            Kind::List(items) => Value::new(
                Kind::List(
                    items
                        .iter()
                        .map(|i| self.apply_steps(i.clone(), steps, file, scope, range))
                        .collect(),
                ),
                range,
            ),
            Kind::Null => Value::new(Kind::List(Vec::new()), range),
            Kind::Unknown(u) => Value::new(Kind::Unknown(u.clone()), range),
            _ => {
                let one = self.apply_steps(base.clone(), steps, file, scope, range);
                Value::new(Kind::List(vec![one]), range)
            }
        }
    }

    /// `f(a, b)` or `f(a, list...)`.
    fn call_expr(
        &self,
        name: &str,
        args: &[Expr],
        expand: bool,
        file: FileId,
        scope: &Scope,
        range: Range,
    ) -> Value {
        let mut values: Vec<Value> = args.iter().map(|a| self.eval(a, file, scope)).collect();
        if expand {
            if let Some(last) = values.pop() {
                match last.kind {
                    Kind::List(items) => values.extend(items),
                    _ => return Value::unknown_of(range, [&last]),
                }
            }
        }
        self.call_function(name, values, range)
    }

    /// `c ? a : b`: a choice between both branches when `c` is unknown.
    fn conditional(
        &self,
        c: &Expr,
        a: &Expr,
        b: &Expr,
        file: FileId,
        scope: &Scope,
        range: Range,
    ) -> Value {
        let cond = self.eval(c, file, scope);
        if cond.has_error() {
            return Value::error(range);
        }
        match cond.as_bool() {
            Some(true) => self.eval(a, file, scope),
            Some(false) => self.eval(b, file, scope),
            None => {
                let text = self.src(file, c.span).trim().to_string();
                Value::new(
                    Kind::Choice(vec![
                        Branch {
                            when: format!("`{text}` is true").into(),
                            value: self.eval(a, file, scope),
                        },
                        Branch {
                            when: format!("`{text}` is false").into(),
                            value: self.eval(b, file, scope),
                        },
                    ]),
                    range,
                )
            }
        }
    }

    /// `[for k, v in coll : ...]` and `{for k, v in coll : key => value...}`.
    fn for_expr(&self, f: &ForExpr, file: FileId, scope: &Scope, range: Range) -> Value {
        let coll = self.eval(&f.collection, file, scope);
        let Some(pairs) = key_value_pairs(&coll) else {
            return Value::unknown_of(range, [&coll]);
        };
        if pairs.len() > MAX_COLLECTION {
            self.problem(
                range,
                format!(
                    "`for` expression over {} elements, more than {MAX_COLLECTION}; its value is unknown",
                    pairs.len()
                ),
            );
            return Value::unknown(range);
        }
        if !self.spend(pairs.len(), range) {
            return Value::unknown(range);
        }
        let mut list = Vec::new();
        let mut map: Vec<Field> = Vec::new();
        for (k, v) in pairs {
            let mut inner = scope.clone();
            if let Some(kv) = &f.key_var {
                inner.vars.push((kv.clone(), k));
            }
            inner.vars.push((f.value_var.clone(), v));
            if let Some(c) = &f.condition {
                match self.eval(c, file, &inner).as_bool() {
                    Some(true) => {}
                    Some(false) => continue,
                    None => return Value::unknown(range),
                }
            }
            let value = self.eval(&f.value, file, &inner);
            let Some(ke) = &f.key else {
                list.push(value);
                continue;
            };
            let kv = self.eval(ke, file, &inner);
            let Some(key) = scalar_string(&kv) else {
                return Value::unknown(range);
            };
            if !f.grouping {
                map.retain(|x| x.key != key);
                map.push(Field {
                    key,
                    key_range: kv.range,
                    value,
                });
                continue;
            }
            match map.iter_mut().find(|x| x.key == key) {
                Some(Field {
                    value:
                        Value {
                            kind: Kind::List(items),
                            ..
                        },
                    ..
                }) => items.push(value),
                _ => map.push(Field {
                    key,
                    key_range: kv.range,
                    value: Value::new(Kind::List(vec![value]), range),
                }),
            }
        }
        if f.key.is_some() {
            Value::new(Kind::Map(map), range)
        } else {
            Value::new(Kind::List(list), range)
        }
    }

    /// Built-in functions; `file`, `fileexists` and `templatefile` read only
    /// inside the scanned tree.
    fn call_function(&self, name: &str, args: Vec<Value>, range: Range) -> Value {
        if matches!(name, "file" | "fileexists" | "templatefile") {
            return self.file_function(name, &args, range);
        }
        let sized =
            matches!(name, "range" | "setproduct") && args.iter().all(Value::is_wholly_known);
        let v = functions::call(name, args, range);
        if sized && v.is_unknown() && !v.has_error() {
            self.problem(
                range,
                format!(
                    "`{name}()` would produce more than {MAX_COLLECTION} elements; its value is unknown"
                ),
            );
        }
        let size = match &v.kind {
            Kind::List(items) => items.len(),
            Kind::Map(fields) => fields.len(),
            _ => 1,
        };
        if self.spend(size, range) {
            v
        } else {
            Value::unknown(range)
        }
    }
}

/// The string form of a known scalar, as template interpolation renders it.
pub(crate) fn scalar_string(v: &Value) -> Option<String> {
    match &v.kind {
        Kind::String(s) => Some(s.text.clone()),
        Kind::Number(n) => Some(crate::eval::value::format_number(*n)),
        Kind::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

fn binary(op: BinaryOp, a: &Value, b: &Value, range: Range) -> Value {
    let unknown = || Value::unknown_of(range, [a, b]);
    use BinaryOp::*;
    match op {
        And | Or => {
            let (x, y) = (a.as_bool(), b.as_bool());
            let r = match (op, x, y) {
                (And, Some(false), _) | (And, _, Some(false)) => Some(false),
                (Or, Some(true), _) | (Or, _, Some(true)) => Some(true),
                (And, Some(true), Some(true)) => Some(true),
                (Or, Some(false), Some(false)) => Some(false),
                _ => None,
            };
            r.map(|b| Value::new(Kind::Bool(b), range))
                .unwrap_or_else(unknown)
        }
        Eq | Ne => {
            if !a.is_wholly_known() || !b.is_wholly_known() {
                return unknown();
            }
            let eq = values_equal(a, b);
            Value::new(Kind::Bool(if op == Eq { eq } else { !eq }), range)
        }
        _ => {
            let (Some(x), Some(y)) = (a.as_f64(), b.as_f64()) else {
                return unknown();
            };
            let n = |v: f64| Value::new(Kind::Number(v), range);
            let bo = |v: bool| Value::new(Kind::Bool(v), range);
            match op {
                Add => n(x + y),
                Sub => n(x - y),
                Mul => n(x * y),
                Div if y != 0.0 => n(x / y),
                Mod if y != 0.0 => n(x % y),
                Lt => bo(x < y),
                Le => bo(x <= y),
                Gt => bo(x > y),
                Ge => bo(x >= y),
                _ => unknown(),
            }
        }
    }
}

/// Structural equality ignoring positions.
pub(crate) fn values_equal(a: &Value, b: &Value) -> bool {
    match (&a.kind, &b.kind) {
        (Kind::Null, Kind::Null) => true,
        (Kind::Bool(x), Kind::Bool(y)) => x == y,
        (Kind::Number(x), Kind::Number(y)) => x == y,
        (Kind::String(x), Kind::String(y)) => x.text == y.text,
        (Kind::List(x), Kind::List(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(p, q)| values_equal(p, q))
        }
        (Kind::Map(x), Kind::Map(y)) => {
            x.len() == y.len()
                && x.iter()
                    .all(|f| b.get(&f.key).is_some_and(|v| values_equal(&f.value, v)))
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use crate::eval::value::Kind;

    #[test]
    fn operators() {
        assert_eq!(eval_expr("", "1 + 2 * 3").as_f64(), Some(7.0));
        assert_eq!(eval_expr("", "7 % 4 - 1 / 2").as_f64(), Some(2.5));
        assert_eq!(eval_expr("", "!(1 < 2) || 2 >= 2").as_bool(), Some(true));
        assert_eq!(
            eval_expr("", "[1, \"a\"] == [1, \"a\"]").as_bool(),
            Some(true)
        );
        assert_eq!(
            eval_expr("", "{ a = 1 } != { a = 2 }").as_bool(),
            Some(true)
        );
        assert_eq!(eval_expr("", "-(3)").as_f64(), Some(-3.0));
        // Decided without the unknown side, or unknown.
        assert_eq!(
            eval_expr("variable \"u\" {}", "false && var.u").as_bool(),
            Some(false)
        );
        assert!(eval_expr("variable \"u\" {}", "var.u + 1").is_unknown());
        assert!(eval_expr("", "1 / 0").is_unknown());
    }

    #[test]
    fn a_conditional_on_an_unknown_is_a_choice_between_both_branches() {
        assert_eq!(eval_expr("", "true ? \"a\" : \"b\"").as_str(), Some("a"));
        let v = eval_expr("variable \"prod\" {}", "var.prod ? \"a\" : \"b\"");
        let Kind::Choice(branches) = &v.kind else {
            panic!("{v:?}")
        };
        assert_eq!(&*branches[0].when, "`var.prod` is true");
        assert_eq!(branches[1].value.as_str(), Some("b"));
        assert!(eval_expr("", "local.nope ? 1 : 2").has_error());
    }

    #[test]
    fn for_expressions_filter_group_and_key() {
        assert_eq!(
            texts(&eval_expr(
                "",
                "[for s in [\"a\", \"b\", \"c\"] : upper(s) if s != \"b\"]"
            )),
            ["A", "C"]
        );
        let v = eval_expr("", "{ for k, v in { x = 1, y = 2 } : v => k }");
        assert_eq!(v.get("2").unwrap().as_str(), Some("y"));
        let v = eval_expr(
            "",
            "{ for s in [\"ab\", \"ac\", \"b\"] : substr(s, 0, 1) => s... }",
        );
        assert_eq!(texts(v.get("a").unwrap()), ["ab", "ac"]);
        assert!(eval_expr("variable \"u\" {}", "[for x in var.u : x]").is_unknown());
    }

    #[test]
    fn splats_and_expanded_arguments() {
        let v = eval_expr("", "[{ id = 1 }, { id = 2 }][*].id");
        assert_eq!(texts(&v), ["1", "2"]);
        assert!(eval_expr("", "null[*].id").items().is_empty());
        assert_eq!(eval_expr("", "max([3, 9, 4]...)").as_f64(), Some(9.0));
        // An object key that is not known: the whole object is unknown.
        assert!(eval_expr("variable \"u\" {}", "{ (var.u) = 1 }").is_unknown());
    }

    #[test]
    fn blocks_are_lists_of_maps_under_their_type() {
        let e = eval_module("resource \"t\" \"r\" {\n  a = 1\n  rule {\n    p = 1\n  }\n  rule {\n    p = 2\n  }\n}\n");
        let body = &resource(&e, "t.r").body;
        assert_eq!(body.blocks("rule").len(), 2);
        assert_eq!(body.blocks("rule")[1].get("p").unwrap().as_i64(), Some(2));
    }

    #[test]
    fn oversized_results_are_unknown_and_reported() {
        let e = eval_module("resource \"t\" \"r\" {\n  v = range(20000)\n  w = [for i in range(5000) : [for j in range(3) : j]]\n}\n");
        assert!(resource(&e, "t.r").body.get("v").unwrap().is_unknown());
        assert_eq!(
            problems(&e),
            ["`range()` would produce more than 10000 elements; its value is unknown"]
        );
    }
}
