//! Input variable values: a `--var` string read as its declared type wants,
//! and any value converted to the declared type as Terraform does
//! (`"8"` for a `number`, `optional()` attributes of an `object`, a `set`'s
//! duplicates removed); a value the type rejects is an error.

use std::path::PathBuf;
use std::sync::Arc;

use super::scope::Scope;
use super::{scalar_string, values_equal, Module, ModuleFile};
use crate::eval::functions;
use crate::eval::value::{Field, Kind, Value};
use crate::parse::hcl_ast::{Body, Expr, ExprKind, ObjectKey, TemplatePart};
use crate::source::{FileId, Range};

impl Module<'_> {
    /// A `--var` or `TF_VAR_` string: kept as a string for primitive types,
    /// read as an HCL expression for collections and objects.
    pub(super) fn raw_input(
        &self,
        raw: &str,
        ty: Option<&Expr>,
        file: FileId,
        decl: Range,
    ) -> Value {
        let primitive = match ty.map(type_name) {
            None => true,
            Some(Some((name, _))) => matches!(name, "string" | "number" | "bool" | "any"),
            Some(None) => false,
        };
        if primitive {
            return Value::string(raw, decl);
        }
        let text = format!("v = {raw}\n");
        let Ok(parsed) = crate::parse::hcl::parse(&text) else {
            return Value::error(decl);
        };
        let Some(attr) = parsed.body.attributes.first() else {
            return Value::error(decl);
        };
        let mf = ModuleFile {
            file,
            text: Arc::from(text.as_str()),
            body: Body::default(),
        };
        let mut detached = Module::empty(self.ctx, PathBuf::new());
        detached.files.insert(file, &mf);
        let v = detached.eval(&attr.expr, file, &Scope::default());
        functions::detach(v, decl)
    }

    /// Converts a value to a variable's declared type as Terraform does.
    pub(super) fn convert(&self, v: Value, ty: &Expr, file: FileId) -> Value {
        let Some((name, args)) = type_name(ty) else {
            return v;
        };
        if matches!(v.kind, Kind::Unknown(_) | Kind::Choice(_) | Kind::Null) {
            return v;
        }
        let range = v.range;
        match (name, &v.kind) {
            ("string", Kind::Bool(_) | Kind::Number(_)) => {
                Value::string(scalar_string(&v).unwrap_or_default(), range)
            }
            ("string", Kind::String(_)) => v,
            ("number", _) => match v.as_f64() {
                Some(n) => Value::new(Kind::Number(n), range),
                None => Value::error(range),
            },
            ("bool", _) => match (&v.kind, v.as_bool()) {
                (Kind::String(s), Some(b)) if s.text == "true" || s.text == "false" => {
                    Value::new(Kind::Bool(b), range)
                }
                (Kind::Bool(_), _) => v,
                _ => Value::error(range),
            },
            ("list" | "set", Kind::List(items)) => {
                let Some(elem) = args.first() else { return v };
                let mut out: Vec<Value> = items
                    .iter()
                    .map(|i| self.convert(i.clone(), elem, file))
                    .collect();
                if name == "set" {
                    let mut uniq: Vec<Value> = Vec::new();
                    for i in out {
                        if !i.is_wholly_known() || !uniq.iter().any(|u| values_equal(u, &i)) {
                            uniq.push(i);
                        }
                    }
                    out = uniq;
                }
                Value::new(Kind::List(out), range)
            }
            ("map", Kind::Map(fields)) => {
                let Some(elem) = args.first() else { return v };
                Value::new(
                    Kind::Map(
                        fields
                            .iter()
                            .map(|f| Field {
                                key: f.key.clone(),
                                key_range: f.key_range,
                                value: self.convert(f.value.clone(), elem, file),
                            })
                            .collect(),
                    ),
                    range,
                )
            }
            ("tuple", Kind::List(items)) => {
                let Some(ExprKind::Tuple(types)) = args.first().map(|a| &a.kind) else {
                    return v;
                };
                if types.len() != items.len() {
                    return Value::error(range);
                }
                Value::new(
                    Kind::List(
                        items
                            .iter()
                            .zip(types)
                            .map(|(i, t)| self.convert(i.clone(), t, file))
                            .collect(),
                    ),
                    range,
                )
            }
            ("object", Kind::Map(fields)) => {
                let Some(ExprKind::Object(attrs)) = args.first().map(|a| &a.kind) else {
                    return v;
                };
                let mut out = Vec::new();
                for a in attrs {
                    let ObjectKey::Ident(k) = &a.key else {
                        continue;
                    };
                    let given = fields.iter().rev().find(|f| f.key == *k);
                    let (aty, optional_default) = match &a.value.kind {
                        ExprKind::Call { name, args, .. } if name == "optional" => {
                            (args.first(), Some(args.get(1)))
                        }
                        _ => (Some(&a.value), None),
                    };
                    let value = match (given, optional_default) {
                        (Some(f), _) if !matches!(f.value.kind, Kind::Null) => {
                            let val = f.value.clone();
                            let val = match aty {
                                Some(t) => self.convert(val, t, file),
                                None => val,
                            };
                            out.push(Field {
                                key: k.clone(),
                                key_range: f.key_range,
                                value: val,
                            });
                            continue;
                        }
                        (_, Some(Some(d))) => {
                            let dv = self.eval(d, file, &Scope::default());
                            match aty {
                                Some(t) => self.convert(dv, t, file),
                                None => dv,
                            }
                        }
                        (_, Some(None)) => Value::null(range),
                        (Some(f), None) => f.value.clone(),
                        (None, None) => return Value::error(range),
                    };
                    out.push(Field {
                        key: k.clone(),
                        key_range: range,
                        value,
                    });
                }
                Value::new(Kind::Map(out), range)
            }
            ("map" | "object", Kind::List(_)) | ("list" | "set" | "tuple", Kind::Map(_)) => {
                Value::error(range)
            }
            // A collection given for a string is most likely `jsonencode`'s
            // result, which evaluation keeps as a structure: left as it is.
            _ => v,
        }
    }
}

/// A type expression's name and arguments: `string`, `list(string)`,
/// `object({...})`, or the legacy quoted `"string"`.
fn type_name(ty: &Expr) -> Option<(&str, &[Expr])> {
    match &ty.kind {
        ExprKind::Variable(n) => Some((n.as_str(), &[])),
        ExprKind::Call { name, args, .. } => Some((name.as_str(), args.as_slice())),
        ExprKind::Template(parts) => match &parts[..] {
            [TemplatePart::Literal { text, .. }] => Some((text.as_str(), &[])),
            _ => None,
        },
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::super::Input;
    use crate::eval::value::{Kind, Value};

    /// `var.v` declared with `ty`, given `raw` as `--var` would.
    fn raw(ty: &str, raw: &str) -> Value {
        let e = eval_tree_reading(
            &[("root/main.tf", &format!("variable \"v\" {{\n  type = {ty}\n}}\nresource \"t\" \"r\" {{\n  v = var.v\n}}\n"))],
            vec![("v".into(), Input::Raw(raw.into()))],
            &[],
        );
        resource(&e, "t.r").body.get("v").cloned().unwrap()
    }

    /// `var.v` declared with `ty` and the default `default`.
    fn typed(ty: &str, default: &str) -> Value {
        eval_expr(
            &format!("variable \"v\" {{\n  type    = {ty}\n  default = {default}\n}}"),
            "var.v",
        )
    }

    #[test]
    fn primitives_convert_as_terraform_converts_them() {
        assert!(matches!(typed("number", "\"8\"").kind, Kind::Number(n) if n == 8.0));
        assert!(matches!(typed("bool", "\"true\"").kind, Kind::Bool(true)));
        assert_eq!(typed("string", "5").as_str(), Some("5"));
        assert_eq!(typed("string", "true").as_str(), Some("true"));
        assert!(typed("number", "\"eight\"").has_error());
        assert!(typed("bool", "\"yes\"").has_error());
        // The legacy quoted type names.
        assert!(matches!(typed("\"number\"", "\"8\"").kind, Kind::Number(_)));
    }

    #[test]
    fn collections_convert_their_elements() {
        let v = typed("list(number)", "[\"1\", 2]");
        assert!(v.items().iter().all(|i| matches!(i.kind, Kind::Number(_))));
        assert_eq!(
            texts(&typed("set(string)", "[\"a\", \"b\", \"a\"]")),
            ["a", "b"]
        );
        let v = typed("map(bool)", "{ a = \"false\" }");
        assert!(matches!(v.get("a").unwrap().kind, Kind::Bool(false)));
        assert_eq!(
            texts(&typed("tuple([string, number])", "[1, \"2\"]")),
            ["1", "2"]
        );
        assert!(typed("tuple([string])", "[1, 2]").has_error());
        assert!(typed("map(string)", "[1]").has_error());
        assert!(typed("list(string)", "{ a = 1 }").has_error());
    }

    #[test]
    fn objects_fill_optional_attributes() {
        let v = typed(
            "object({ a = string, b = optional(number, 3), c = optional(string) })",
            "{ a = 1, extra = true }",
        );
        assert_eq!(v.get("a").unwrap().as_str(), Some("1"));
        assert!(matches!(v.get("b").unwrap().kind, Kind::Number(n) if n == 3.0));
        let c = v.fields().iter().find(|f| f.key == "c").unwrap();
        assert!(matches!(c.value.kind, Kind::Null));
        assert!(v.get("extra").is_none());
        // A required attribute left out: an error.
        assert!(typed("object({ a = string })", "{}").has_error());
    }

    #[test]
    fn command_line_values_parse_for_collections_only() {
        assert_eq!(raw("string", "[1]").as_str(), Some("[1]"));
        assert_eq!(texts(&raw("list(string)", "[\"a\", \"b\"]")), ["a", "b"]);
        assert_eq!(
            raw("map(string)", "{ k = \"v\" }")
                .get("k")
                .unwrap()
                .as_str(),
            Some("v")
        );
        assert!(raw("list(string)", "[").has_error());
        assert!(matches!(raw("number", "12").kind, Kind::Number(_)));
    }
}
