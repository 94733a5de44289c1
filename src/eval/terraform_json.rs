//! Terraform's JSON syntax (`.tf.json`) mapped onto the same HCL syntax tree,
//! so the evaluator has one input. Strings are templates (`"${var.x}"`);
//! objects in a body may be attributes or nested blocks, and the adapters read
//! both the same way.

use crate::parse::hcl_ast::{
    Attribute, Block, Body, Expr, ExprKind, Label, ObjectItem, ObjectKey, TemplatePart,
};
use crate::parse::{Node, NodeKind, SyntaxError};

/// Converts a parsed `.tf.json` document. `text` is the file's source.
pub fn to_body(root: &Node, text: &str) -> Result<Body, SyntaxError> {
    let entries = root
        .as_map()
        .ok_or_else(|| SyntaxError::new("a Terraform JSON file must be an object", root.span))?;
    let mut body = Body::default();
    for e in entries.iter().filter(|e| e.key != "//") {
        match e.key.as_str() {
            // resource/data: { TYPE: { NAME: BODY | [BODY] } }
            "resource" | "data" => {
                for t in e.value.as_map().unwrap_or(&[]) {
                    for n in t.value.as_map().unwrap_or(&[]) {
                        for b in one_or_many(&n.value) {
                            body.blocks.push(Block {
                                ty: e.key.clone(),
                                ty_span: e.key_span,
                                labels: vec![label(&t.key, t.key_span), label(&n.key, n.key_span)],
                                body: block_body(b, text),
                                span: n.key_span.cover(b.span),
                            });
                        }
                    }
                }
            }
            // variable/module/output: { NAME: BODY }
            "variable" | "module" | "output" | "provider" => {
                for n in e.value.as_map().unwrap_or(&[]) {
                    for b in one_or_many(&n.value) {
                        body.blocks.push(Block {
                            ty: e.key.clone(),
                            ty_span: e.key_span,
                            labels: vec![label(&n.key, n.key_span)],
                            body: if e.key == "variable" {
                                variable_body(b, text)
                            } else {
                                block_body(b, text)
                            },
                            span: n.key_span.cover(b.span),
                        });
                    }
                }
            }
            "locals" => {
                for b in one_or_many(&e.value) {
                    body.blocks.push(Block {
                        ty: "locals".into(),
                        ty_span: e.key_span,
                        labels: Vec::new(),
                        body: block_body(b, text),
                        span: e.key_span.cover(b.span),
                    });
                }
            }
            _ => {}
        }
    }
    Ok(body)
}

fn one_or_many(n: &Node) -> Vec<&Node> {
    match &n.kind {
        NodeKind::Seq(items) => items.iter().collect(),
        _ => vec![n],
    }
}

fn label(value: &str, span: crate::source::Span) -> Label {
    Label {
        value: value.to_string(),
        span,
    }
}

fn block_body(n: &Node, text: &str) -> Body {
    let mut body = Body::default();
    for e in n.as_map().unwrap_or(&[]).iter().filter(|e| e.key != "//") {
        body.attributes.push(Attribute {
            name: e.key.clone(),
            name_span: e.key_span,
            expr: expr(&e.value, text, 0),
            span: e.key_span.cover(e.value.span),
        });
    }
    body
}

/// A variable's `default` is a literal value: no templates inside.
fn variable_body(n: &Node, text: &str) -> Body {
    let mut body = block_body(n, text);
    for a in &mut body.attributes {
        if a.name == "default" {
            if let Some(e) = n.get("default") {
                a.expr = literal(e);
            }
        } else if a.name == "type" {
            // `"type": "bool"` in JSON is the type keyword, not a string.
            if let ExprKind::Template(parts) = &a.expr.kind {
                if let [TemplatePart::Literal { text: t, .. }] = &parts[..] {
                    a.expr.kind = ExprKind::Variable(t.clone());
                }
            }
        }
    }
    body
}

fn literal(n: &Node) -> Expr {
    let kind = match &n.kind {
        NodeKind::Null => ExprKind::Null,
        NodeKind::Bool(b) => ExprKind::Bool(*b),
        NodeKind::Number(x) => x.parse().map(ExprKind::Number).unwrap_or(ExprKind::Null),
        NodeKind::String(s) => ExprKind::Template(vec![TemplatePart::Literal {
            text: s.clone(),
            span: n.span,
            verbatim: false,
        }]),
        NodeKind::Seq(items) => ExprKind::Tuple(items.iter().map(literal).collect()),
        NodeKind::Map(entries) => ExprKind::Object(
            entries
                .iter()
                .map(|e| ObjectItem {
                    key: ObjectKey::Ident(e.key.clone()),
                    key_span: e.key_span,
                    value: literal(&e.value),
                })
                .collect(),
        ),
    };
    Expr { kind, span: n.span }
}

fn expr(n: &Node, text: &str, depth: usize) -> Expr {
    let kind = match &n.kind {
        NodeKind::String(s) if s.contains("${") || s.contains("%{") => {
            let raw = text
                .get(n.span.start as usize..n.span.end as usize)
                .unwrap_or("");
            match crate::parse::hcl::parse_template(raw, n.span.start) {
                Ok(e) => return e,
                Err(_) => ExprKind::Template(vec![TemplatePart::Directive(n.span)]),
            }
        }
        NodeKind::String(s) => {
            let raw = text.get(n.span.start as usize + 1..(n.span.end as usize).saturating_sub(1));
            let verbatim = raw == Some(s.as_str());
            ExprKind::Template(vec![TemplatePart::Literal {
                text: s.clone(),
                span: if verbatim {
                    crate::source::Span {
                        start: n.span.start + 1,
                        end: n.span.end - 1,
                    }
                } else {
                    n.span
                },
                verbatim,
            }])
        }
        NodeKind::Seq(items) if depth < 64 => {
            ExprKind::Tuple(items.iter().map(|i| expr(i, text, depth + 1)).collect())
        }
        NodeKind::Map(entries) if depth < 64 => ExprKind::Object(
            entries
                .iter()
                .filter(|e| e.key != "//")
                .map(|e| ObjectItem {
                    key: ObjectKey::Ident(e.key.clone()),
                    key_span: e.key_span,
                    value: expr(&e.value, text, depth + 1),
                })
                .collect(),
        ),
        _ => return literal(n),
    };
    Expr { kind, span: n.span }
}
