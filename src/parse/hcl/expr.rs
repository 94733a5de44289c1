//! Expressions: operators re-parsed with HCL's precedences, conditionals
//! re-associated to the right, traversals, calls and `for` expressions.

use tree_sitter::Node;

use super::*;

fn binary_op(kind: &str) -> Option<BinaryOp> {
    Some(match kind {
        "+" => BinaryOp::Add,
        "-" => BinaryOp::Sub,
        "*" => BinaryOp::Mul,
        "/" => BinaryOp::Div,
        "%" => BinaryOp::Mod,
        "==" => BinaryOp::Eq,
        "!=" => BinaryOp::Ne,
        "<" => BinaryOp::Lt,
        "<=" => BinaryOp::Le,
        ">" => BinaryOp::Gt,
        ">=" => BinaryOp::Ge,
        "&&" => BinaryOp::And,
        "||" => BinaryOp::Or,
        _ => return None,
    })
}

/// HCL's binary operator precedences (higher binds tighter).
fn precedence(op: BinaryOp) -> u8 {
    match op {
        BinaryOp::Or => 1,
        BinaryOp::And => 2,
        BinaryOp::Eq | BinaryOp::Ne => 3,
        BinaryOp::Lt | BinaryOp::Le | BinaryOp::Gt | BinaryOp::Ge => 4,
        BinaryOp::Add | BinaryOp::Sub => 5,
        BinaryOp::Mul | BinaryOp::Div | BinaryOp::Mod => 6,
    }
}

/// One element of a flattened operator expression.
#[derive(Clone, Copy)]
enum Tok<'t> {
    /// A primary expression node (`literal_value`, `variable_expr`, ...).
    Term(Node<'t>),
    /// `( expression )`: the inner expression and the parentheses' range.
    Paren(Node<'t>, usize, usize),
    /// `index`, `get_attr` or `splat`.
    Post(Node<'t>),
    Unary(UnaryOp, usize),
    Binary(BinaryOp, Node<'t>),
}

impl<'s> Cx<'s> {
    /// Converts an `expression` node.
    pub(super) fn expr(&mut self, n: Node) -> Res<Expr> {
        self.enter(n)?;
        let ks = kids(n);
        let result = match ks.as_slice() {
            [c] if c.kind() == "conditional" => self.conditional(*c)?,
            _ => self.operators(&ks)?.0,
        };
        self.leave();
        Ok(result)
    }

    /// `c ? a : b`, re-associated to the right.
    fn conditional(&mut self, n: Node) -> Res<Expr> {
        // Walk down the left spine: the grammar nests `a ? b : c ? d : e` as
        // `(a ? b : c) ? d : e`. Levels are collected outermost first.
        let mut levels: Vec<[Node; 3]> = Vec::new();
        let mut cur = n;
        loop {
            let ex: Vec<Node> = kids(cur)
                .into_iter()
                .filter(|k| k.kind() == "expression")
                .collect();
            let [c, t, f] = ex.as_slice() else {
                return Err(self.unexpected_node(cur));
            };
            levels.push([*c, *t, *f]);
            if self.depth + levels.len() > MAX_DEPTH {
                return Err(self.err(
                    format!("nesting too deep (limit {MAX_DEPTH})"),
                    cur.start_byte(),
                    cur.end_byte(),
                ));
            }
            match kids(*c).as_slice() {
                [inner] if inner.kind() == "conditional" => cur = *inner,
                _ => break,
            }
        }
        levels.reverse();
        // Innermost first: [c0, v0, e0], [_, v1, e1], ... reads as
        // c0 ? v0 : (e0 ? v1 : (e1 ? v2 : ...)).
        let count = levels.len();
        self.depth += count;
        let mut conds = Vec::with_capacity(count);
        let mut vals = Vec::with_capacity(count);
        for (i, [c, t, _]) in levels.iter().enumerate() {
            conds.push(if i == 0 { *c } else { levels[i - 1][2] });
            vals.push(*t);
        }
        let last_else = levels[count - 1][2];
        let end = last_else.end_byte();
        let mut acc = self.expr(last_else)?;
        for i in (0..count).rev() {
            let cond = self.expr(conds[i])?;
            let then = self.expr(vals[i])?;
            acc = Expr {
                span: self.span(conds[i].start_byte(), end),
                kind: ExprKind::Conditional(Box::new(cond), Box::new(then), Box::new(acc)),
            };
        }
        self.depth -= count;
        Ok(acc)
    }

    /// A sequence of operands, operators and traversals (the children of an
    /// `expression` that is not a conditional), re-parsed with HCL's
    /// precedences. Returns the expression and its source range including
    /// any parentheses.
    fn operators(&mut self, ks: &[Node]) -> Res<(Expr, Span)> {
        let mut toks = Vec::new();
        self.flatten(ks, &mut toks, 0)?;
        let mut pos = 0;
        let result = self.binary(&toks, &mut pos, 0)?;
        if let Some(t) = toks.get(pos) {
            return Err(match t {
                Tok::Term(n) | Tok::Post(n) | Tok::Binary(_, n) | Tok::Paren(n, _, _) => {
                    self.unexpected_node(*n)
                }
                Tok::Unary(_, at) => self.err("unexpected operator", *at, *at + 1),
            });
        }
        Ok(result)
    }

    /// `nest` counts the operation nodes around `ks` (the grammar nests
    /// them; the AST depth is accounted for when re-parsing).
    fn flatten<'t>(&mut self, ks: &[Node<'t>], out: &mut Vec<Tok<'t>>, nest: usize) -> Res<()> {
        let mut i = 0;
        while i < ks.len() {
            let k = ks[i];
            let expecting_operand =
                matches!(out.last(), None | Some(Tok::Unary(..) | Tok::Binary(..)));
            match k.kind() {
                "operation" | "binary_operation" | "unary_operation" => {
                    if self.depth + nest / 2 >= MAX_DEPTH {
                        return Err(self.err(
                            format!("nesting too deep (limit {MAX_DEPTH})"),
                            k.start_byte(),
                            k.end_byte(),
                        ));
                    }
                    self.flatten(&kids(k), out, nest + 1)?;
                }
                "(" => match (ks.get(i + 1), ks.get(i + 2)) {
                    (Some(inner), Some(close))
                        if inner.kind() == "expression" && close.kind() == ")" =>
                    {
                        out.push(Tok::Paren(*inner, k.start_byte(), close.end_byte()));
                        i += 2;
                    }
                    _ => return Err(self.unexpected_node(k)),
                },
                "index" | "get_attr" | "splat" => out.push(Tok::Post(k)),
                "-" if expecting_operand => out.push(Tok::Unary(UnaryOp::Neg, k.start_byte())),
                "!" => out.push(Tok::Unary(UnaryOp::Not, k.start_byte())),
                "literal_value" | "template_expr" | "collection_value" | "variable_expr"
                | "function_call" | "for_expr" => out.push(Tok::Term(k)),
                kind => match binary_op(kind) {
                    Some(op) => out.push(Tok::Binary(op, k)),
                    None => return Err(self.unexpected_node(k)),
                },
            }
            i += 1;
        }
        Ok(())
    }

    /// Precedence climbing over `toks[*pos..]`.
    fn binary(&mut self, toks: &[Tok], pos: &mut usize, min_prec: u8) -> Res<(Expr, Span)> {
        let (mut lhs, mut lhs_span) = self.operand(toks, pos)?;
        while let Some(Tok::Binary(op, node)) = toks.get(*pos) {
            let prec = precedence(*op);
            if prec < min_prec {
                break;
            }
            *pos += 1;
            self.enter(*node)?;
            let (rhs, rhs_span) = self.binary(toks, pos, prec + 1)?;
            self.leave();
            let span = lhs_span.cover(rhs_span);
            lhs = Expr {
                kind: ExprKind::Binary(*op, Box::new(lhs), Box::new(rhs)),
                span,
            };
            lhs_span = span;
        }
        Ok((lhs, lhs_span))
    }

    /// A prefix-operated operand with its traversals.
    fn operand(&mut self, toks: &[Tok], pos: &mut usize) -> Res<(Expr, Span)> {
        let Some(tok) = toks.get(*pos).copied() else {
            let end = self.limit;
            return Err(self.err("expected an expression", end, end));
        };
        *pos += 1;
        let (mut expr, mut outer) = match tok {
            Tok::Unary(op, start) => {
                self.enter_at(start, start + 1)?;
                let (operand, span) = self.operand(toks, pos)?;
                self.leave();
                let span = self.span(start, start + 1).cover(span);
                return Ok((
                    Expr {
                        kind: ExprKind::Unary(op, Box::new(operand)),
                        span,
                    },
                    span,
                ));
            }
            Tok::Term(n) => {
                let e = self.primary(n)?;
                let span = e.span;
                (e, span)
            }
            Tok::Paren(inner, start, end) => (self.expr(inner)?, self.span(start, end)),
            Tok::Post(n) | Tok::Binary(_, n) => return Err(self.unexpected_node(n)),
        };
        while let Some(Tok::Post(p)) = toks.get(*pos).copied() {
            *pos += 1;
            self.enter(p)?;
            expr = self.postfix(expr, outer, p)?;
            self.leave();
            outer = expr.span;
        }
        Ok((expr, outer))
    }

    /// Applies a traversal step (`get_attr`, `index` or `splat`) to `base`,
    /// whose source range (parentheses included) is `outer`.
    fn postfix(&mut self, base: Expr, outer: Span, p: Node) -> Res<Expr> {
        let span = outer.cover(self.nspan(p));
        let kind = match p.kind() {
            "get_attr" | "index" => match self.traverser(p)? {
                Traverser::Attr(name, _) => ExprKind::GetAttr(Box::new(base), name),
                Traverser::Index(i) => ExprKind::Index(Box::new(base), Box::new(i)),
            },
            "splat" => {
                let Some(inner) = kids(p).into_iter().next() else {
                    return Err(self.unexpected_node(p));
                };
                let attr_only = inner.kind() == "attr_splat";
                let steps: Vec<Node> = kids(inner)
                    .into_iter()
                    .filter(|k| matches!(k.kind(), "get_attr" | "index"))
                    .collect();
                // `a.*.b[0]`: an attribute-only splat stops at `[`.
                let cut = if attr_only {
                    steps
                        .iter()
                        .position(|s| kids(*s).first().map(|c| c.kind()) == Some("new_index"))
                        .unwrap_or(steps.len())
                } else {
                    steps.len()
                };
                let mut trav = Vec::with_capacity(cut);
                for s in &steps[..cut] {
                    trav.push(self.traverser(*s)?);
                }
                let splat_end = if cut == steps.len() {
                    p.end_byte()
                } else {
                    steps[cut].start_byte()
                };
                let mut e = Expr {
                    kind: ExprKind::Splat(Box::new(base), trav),
                    span: outer.cover(self.span(p.start_byte(), splat_end)),
                };
                for s in &steps[cut..] {
                    let o = e.span;
                    e = self.postfix(e, o, *s)?;
                }
                return Ok(e);
            }
            _ => return Err(self.unexpected_node(p)),
        };
        Ok(Expr { kind, span })
    }

    /// A `get_attr` or `index` node as a traversal step.
    fn traverser(&mut self, p: Node) -> Res<Traverser> {
        match p.kind() {
            "get_attr" => {
                let Some(name) = kids(p).into_iter().find(|k| k.kind() == "identifier") else {
                    return Err(self.unexpected_node(p));
                };
                Ok(Traverser::Attr(self.ntext(name).to_string(), self.nspan(p)))
            }
            "index" => {
                let Some(inner) = kids(p).into_iter().next() else {
                    return Err(self.unexpected_node(p));
                };
                match inner.kind() {
                    "new_index" => {
                        let Some(e) = kids(inner).into_iter().find(|k| k.kind() == "expression")
                        else {
                            return Err(self.unexpected_node(inner));
                        };
                        Ok(Traverser::Index(self.expr(e)?))
                    }
                    "legacy_index" => {
                        // `.0`: the digits follow the dot.
                        let (start, end) = (inner.start_byte() + 1, inner.end_byte());
                        let digits = self.text(start, end);
                        let value: f64 = digits
                            .parse()
                            .map_err(|_| self.err("invalid index", start, end))?;
                        Ok(Traverser::Index(Expr {
                            kind: ExprKind::Number(value),
                            span: self.span(start, end),
                        }))
                    }
                    _ => Err(self.unexpected_node(inner)),
                }
            }
            _ => Err(self.unexpected_node(p)),
        }
    }

    fn primary(&mut self, n: Node) -> Res<Expr> {
        let span = self.nspan(n);
        let inner = kids(n).into_iter().next();
        let kind = match (n.kind(), inner) {
            ("variable_expr", _) => ExprKind::Variable(self.ntext(n).to_string()),
            ("literal_value", Some(lit)) => match lit.kind() {
                "numeric_lit" => ExprKind::Number(self.number(lit)?),
                "bool_lit" => ExprKind::Bool(self.ntext(lit) == "true"),
                "null_lit" => ExprKind::Null,
                "string_lit" => return self.quoted(lit),
                _ => return Err(self.unexpected_node(lit)),
            },
            ("template_expr", Some(t)) => match t.kind() {
                "quoted_template" => return self.quoted(t),
                "heredoc_template" => return self.heredoc(t),
                _ => return Err(self.unexpected_node(t)),
            },
            ("collection_value", Some(c)) => match c.kind() {
                "tuple" => {
                    let mut items = Vec::new();
                    for k in kids(c) {
                        if k.kind() == "expression" {
                            items.push(self.expr(k)?);
                        }
                    }
                    ExprKind::Tuple(items)
                }
                "object" => {
                    let mut items = Vec::new();
                    for k in kids(c) {
                        if k.kind() == "object_elem" {
                            items.push(self.object_item(k)?);
                        }
                    }
                    ExprKind::Object(items)
                }
                _ => return Err(self.unexpected_node(c)),
            },
            ("function_call", _) => self.call(n)?,
            ("for_expr", Some(f)) => ExprKind::For(Box::new(self.for_expr(f)?)),
            _ => return Err(self.unexpected_node(n)),
        };
        Ok(Expr { kind, span })
    }

    fn number(&self, n: Node) -> Res<f64> {
        let t = self.ntext(n);
        let value = match t.strip_prefix("0x") {
            Some(hex) => u64::from_str_radix(hex, 16).ok().map(|v| v as f64),
            None => t.parse::<f64>().ok(),
        };
        value.ok_or_else(|| {
            self.err(
                format!("invalid number \"{}\"", truncate(t)),
                n.start_byte(),
                n.end_byte(),
            )
        })
    }

    fn object_item(&mut self, n: Node) -> Res<ObjectItem> {
        let (Some(key), Some(val)) = (n.child_by_field_name("key"), n.child_by_field_name("val"))
        else {
            return Err(self.unexpected_node(n));
        };
        let key_kids = kids(key);
        let (key_out, key_span) = match key_kids.as_slice() {
            [v] if v.kind() == "variable_expr" => {
                (ObjectKey::Ident(self.ntext(*v).to_string()), self.nspan(*v))
            }
            _ => (ObjectKey::Expr(self.expr(key)?), self.nspan(key)),
        };
        Ok(ObjectItem {
            key: key_out,
            key_span,
            value: self.expr(val)?,
        })
    }

    fn call(&mut self, n: Node) -> Res<ExprKind> {
        let ks = kids(n);
        let Some(name) = ks.first().filter(|k| k.kind() == "identifier") else {
            return Err(self.unexpected_node(n));
        };
        let mut args = Vec::new();
        let mut expand = false;
        if let Some(list) = ks.iter().find(|k| k.kind() == "function_arguments") {
            for a in kids(*list) {
                match a.kind() {
                    "expression" => args.push(self.expr(a)?),
                    "ellipsis" => expand = true,
                    _ => {}
                }
            }
        }
        Ok(ExprKind::Call {
            name: self.ntext(*name).to_string(),
            args,
            expand,
        })
    }

    fn for_expr(&mut self, n: Node) -> Res<ForExpr> {
        let ks = kids(n);
        let Some(intro) = ks.iter().find(|k| k.kind() == "for_intro") else {
            return Err(self.unexpected_node(n));
        };
        let intro_kids = kids(*intro);
        let names: Vec<String> = intro_kids
            .iter()
            .filter(|k| k.kind() == "identifier")
            .map(|k| self.ntext(*k).to_string())
            .collect();
        let (key_var, value_var) = match names.as_slice() {
            [v] => (None, v.clone()),
            [k, v] => (Some(k.clone()), v.clone()),
            _ => return Err(self.unexpected_node(*intro)),
        };
        let Some(coll) = intro_kids.iter().find(|k| k.kind() == "expression") else {
            return Err(self.unexpected_node(*intro));
        };
        let collection = self.expr(*coll)?;
        let exprs: Vec<Node> = ks
            .iter()
            .copied()
            .filter(|k| k.kind() == "expression")
            .collect();
        let (key, value) = match (n.kind(), exprs.as_slice()) {
            ("for_tuple_expr", [v]) => (None, self.expr(*v)?),
            ("for_object_expr", [k, v]) => (Some(self.expr(*k)?), self.expr(*v)?),
            _ => return Err(self.unexpected_node(n)),
        };
        let condition = match ks.iter().find(|k| k.kind() == "for_cond") {
            Some(c) => match kids(*c).into_iter().find(|k| k.kind() == "expression") {
                Some(e) => Some(self.expr(e)?),
                None => return Err(self.unexpected_node(*c)),
            },
            None => None,
        };
        Ok(ForExpr {
            key_var,
            value_var,
            collection,
            key,
            value,
            condition,
            grouping: ks.iter().any(|k| k.kind() == "ellipsis"),
        })
    }
}
