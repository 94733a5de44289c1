//! Terraform native syntax (HCL2): tree-sitter's concrete syntax tree to the
//! owned, span-keeping AST of [`hcl_ast`](crate::parse::hcl_ast).
//!
//! The `tree-sitter-hcl` grammar has a few quirks this module straightens out
//! so that the AST means what Terraform means:
//!
//! * Operators: the grammar lets a traversal that follows an operation attach
//!   to the whole operation (`!var.x` parses as `(!var).x`, `a == b.c` as
//!   `(a == b).c`). Operand, operator and traversal tokens are therefore
//!   flattened and re-parsed here with HCL's precedences (unary binds looser
//!   than traversals and tighter than binary operators).
//! * Conditionals: the grammar makes `?:` left-associative; HCL's is
//!   right-associative (`a ? b : c ? d : e` is `a ? b : (c ? d : e)`).
//! * Template literals: the external scanner skips whitespace between
//!   literal chunks, so literal text is taken from the source between the
//!   interpolations and directives rather than from `template_literal` nodes.
//! * Attribute-only splats (`a.*.b`) take only attribute (and legacy `.0`)
//!   steps, as in HCL; a following `[i]` applies to the splat's result.
//!
//! Nothing here panics on user input, and recursion is bounded by
//! [`MAX_DEPTH`].

use std::cell::RefCell;

use tree_sitter::{Node, Parser, Tree};

use crate::parse::hcl_ast::{
    Attribute, BinaryOp, Block, Body, Expr, ExprKind, ForExpr, Label, ObjectItem, ObjectKey,
    TemplatePart, Traverser, UnaryOp,
};
use crate::parse::tree::{SyntaxError, MAX_DEPTH};
use crate::source::Span;

/// A parsed `.tf` file.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Parsed {
    pub body: Body,
    pub comments: Vec<Comment>,
}

/// A comment, kept for inline suppressions.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Comment {
    /// The full comment text, including `#`, `//` or `/*` (without a trailing
    /// carriage return).
    pub text: String,
    pub span: Span,
}

type Res<T> = Result<T, SyntaxError>;

/// Parses a whole `.tf` file.
pub fn parse(text: &str) -> Result<Parsed, SyntaxError> {
    check_size(text)?;
    let src = prepare(text);
    let tree = run_parser(&src)?;
    let root = tree.root_node();
    let mut cx = Cx {
        src: &src,
        sub: 0,
        add: 0,
        limit: text.len(),
        depth: 0,
    };
    let scan = cx.scan(root);
    if let Some(err) = scan.error {
        return Err(err);
    }
    let body = cx.root_body(root)?;
    Ok(Parsed {
        body,
        comments: scan.comments,
    })
}

/// Parses a single HCL template that sits at byte `offset` of a file (used
/// for `${...}` strings in Terraform JSON syntax). Spans in the result are
/// offset by `offset`.
///
/// `text` may be either a quoted string as written in the file (`"a-${b}"`,
/// quotes included: it is read as an HCL quoted template, escapes and all,
/// and the result's span includes the quotes), or the bare template text
/// (`a-${b}`: no backslash escapes, `$${` and `%%{` still escape).
pub fn parse_template(text: &str, offset: u32) -> Result<Expr, SyntaxError> {
    check_size(text)?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let quoted = text.len() >= 2 && text.starts_with('"') && text.ends_with('"');
    if quoted {
        parse_quoted_template(text, offset)
    } else {
        parse_bare_template(text, offset)
    }
}

fn parse_quoted_template(text: &str, offset: u32) -> Res<Expr> {
    const PREFIX: &str = "x = ";
    let src = format!("{PREFIX}{text}\n");
    let tree = run_parser(&src)?;
    let root = tree.root_node();
    let mut cx = Cx {
        src: &src,
        sub: PREFIX.len(),
        add: offset as usize,
        limit: PREFIX.len() + text.len(),
        depth: 0,
    };
    if let Some(err) = cx.scan(root).error {
        return Err(err);
    }
    let body = cx.root_body(root)?;
    match (body.attributes.as_slice(), body.blocks.is_empty()) {
        ([attr], true) if attr.span.end as usize == offset as usize + text.len() => {
            Ok(attr.expr.clone())
        }
        _ => Err(SyntaxError::new(
            "expected a single string",
            Span::new(offset as usize, offset as usize + text.len()),
        )),
    }
}

fn parse_bare_template(text: &str, offset: u32) -> Res<Expr> {
    // Wrap the text in a heredoc whose marker does not occur in it: heredocs
    // have exactly the bare-template semantics.
    let mut marker = String::from("PALISADE_TEMPLATE_END");
    let mut n = 0usize;
    while text.contains(&marker) {
        n += 1;
        marker = format!("PALISADE_TEMPLATE_END_{n}");
    }
    let prefix = format!("x = <<{marker}\n");
    let src = format!("{prefix}{text}\n{marker}\n");
    let tree = run_parser(&src)?;
    let root = tree.root_node();
    let start = prefix.len();
    let end = start + text.len();
    let mut cx = Cx {
        src: &src,
        sub: start,
        add: offset as usize,
        limit: end,
        depth: 0,
    };
    if let Some(err) = cx.scan(root).error {
        return Err(err);
    }
    let heredoc = find_descendant(root, "heredoc_template", 6)
        .ok_or_else(|| cx.err("expected a template", start, end))?;
    let ks = kids(heredoc);
    let parts = cx.template_parts(&ks, start, end, Mode::Heredoc { flush: false })?;
    Ok(Expr {
        kind: ExprKind::Template(parts),
        span: cx.span(start, end),
    })
}

fn check_size(text: &str) -> Res<()> {
    if text.len() >= (u32::MAX as usize) - 1024 {
        return Err(SyntaxError::new("file too large", Span::default()));
    }
    Ok(())
}

/// The text handed to tree-sitter: same byte offsets as the input, with a
/// leading BOM blanked out and a final newline guaranteed (the grammar's
/// heredoc scanner needs a newline after the closing marker).
fn prepare(text: &str) -> String {
    let mut src = String::with_capacity(text.len() + 1);
    match text.strip_prefix('\u{feff}') {
        Some(rest) => {
            src.push_str("   ");
            src.push_str(rest);
        }
        None => src.push_str(text),
    }
    if !src.ends_with('\n') {
        src.push('\n');
    }
    src
}

thread_local! {
    static PARSER: RefCell<Option<Parser>> = const { RefCell::new(None) };
}

fn run_parser(src: &str) -> Res<Tree> {
    let fresh = || -> Res<Parser> {
        let mut p = Parser::new();
        p.set_language(&tree_sitter_hcl::LANGUAGE.into())
            .map_err(|e| {
                SyntaxError::new(format!("cannot load the HCL grammar: {e}"), Span::default())
            })?;
        Ok(p)
    };
    let gave_up = || SyntaxError::new("the HCL parser gave up on this file", Span::default());
    PARSER.with(|cell| match cell.try_borrow_mut() {
        Ok(mut slot) => {
            let parser = match slot.as_mut() {
                Some(p) => p,
                None => slot.insert(fresh()?),
            };
            parser.reset();
            parser.parse(src, None).ok_or_else(gave_up)
        }
        // Not reachable (no re-entrancy), but never panic over it.
        Err(_) => fresh()?.parse(src, None).ok_or_else(gave_up),
    })
}

/// The children of a node, comments left out (ERROR nodes, which can be
/// "extra" too, are kept).
fn kids<'t>(n: Node<'t>) -> Vec<Node<'t>> {
    let mut cursor = n.walk();
    n.children(&mut cursor)
        .filter(|k| !k.is_extra() || k.is_error())
        .collect()
}

fn find_descendant<'t>(n: Node<'t>, kind: &str, max_depth: usize) -> Option<Node<'t>> {
    if n.kind() == kind {
        return Some(n);
    }
    if max_depth == 0 {
        return None;
    }
    kids(n)
        .into_iter()
        .find_map(|k| find_descendant(k, kind, max_depth - 1))
}

/// The first ERROR or MISSING node under `n` in document order (iterative).
fn first_error_in(n: Node<'_>) -> Option<Node<'_>> {
    let mut cursor = n.walk();
    loop {
        let node = cursor.node();
        if node.is_error() || node.is_missing() {
            return Some(node);
        }
        if node.has_error() && cursor.goto_first_child() {
            continue;
        }
        loop {
            if cursor.node() == n {
                return None;
            }
            if cursor.goto_next_sibling() {
                break;
            }
            if !cursor.goto_parent() {
                return None;
            }
        }
    }
}

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

#[derive(Clone, Copy)]
enum Mode {
    /// A quoted string: backslash escapes; `allow_templates` is false for
    /// block labels, where `${` and `%{` are not allowed.
    Quoted { allow_templates: bool },
    /// A heredoc (or a bare template): no backslash escapes; `flush` for
    /// `<<-` heredocs.
    Heredoc { flush: bool },
}

enum Piece {
    Lit {
        start: usize,
        end: usize,
    },
    Part {
        part: TemplatePart,
        strip_before: bool,
        strip_after: bool,
    },
}

struct Scan {
    comments: Vec<Comment>,
    error: Option<SyntaxError>,
}

/// What is open at the point of a syntax error (for messages).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Open {
    Block,
    Object,
    Tuple,
    Paren,
    Interp,
    Directive,
    Quote(usize),
}

struct Cx<'s> {
    src: &'s str,
    /// Source positions map to reported positions as `pos - sub + add`.
    sub: usize,
    add: usize,
    /// The end of the caller's text in source positions (spans are clamped).
    limit: usize,
    depth: usize,
}

impl<'s> Cx<'s> {
    // ----- positions and messages -------------------------------------------------

    fn map(&self, pos: usize) -> usize {
        pos.clamp(self.sub, self.limit.max(self.sub)) - self.sub + self.add
    }

    fn span(&self, start: usize, end: usize) -> Span {
        Span::new(self.map(start), self.map(end))
    }

    fn nspan(&self, n: Node) -> Span {
        self.span(n.start_byte(), n.end_byte())
    }

    fn text(&self, start: usize, end: usize) -> &'s str {
        self.src.get(start..end).unwrap_or("")
    }

    fn ntext(&self, n: Node) -> &'s str {
        self.text(n.start_byte(), n.end_byte())
    }

    fn err(&self, message: impl Into<String>, start: usize, end: usize) -> SyntaxError {
        SyntaxError::new(message, self.span(start, end))
    }

    fn line_of(&self, pos: usize) -> usize {
        self.text(self.sub.min(pos), pos).matches('\n').count() + 1
    }

    /// An error for a tree shape the grammar should not produce.
    fn unexpected_node(&self, n: Node) -> SyntaxError {
        let found = describe(first_line(self.ntext(n)));
        self.err(
            format!("unexpected {found} ({})", n.kind()),
            n.start_byte(),
            n.end_byte(),
        )
    }

    fn enter(&mut self, n: Node) -> Res<()> {
        self.enter_at(n.start_byte(), n.end_byte())
    }

    fn enter_at(&mut self, start: usize, end: usize) -> Res<()> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(self.err(format!("nesting too deep (limit {MAX_DEPTH})"), start, end));
        }
        Ok(())
    }

    fn leave(&mut self) {
        self.depth = self.depth.saturating_sub(1);
    }

    // ----- comments and syntax errors ---------------------------------------------

    /// Walks the whole tree once (iteratively): collects comments and finds
    /// the first syntax error.
    fn scan(&self, root: Node<'_>) -> Scan {
        let mut comments = Vec::new();
        let mut first_error: Option<Node> = None;
        let mut multiline: Option<SyntaxError> = None;
        let mut cursor = root.walk();
        'walk: loop {
            let node = cursor.node();
            let kind = node.kind();
            if kind == "comment" {
                let (start, end) = (node.start_byte(), node.end_byte());
                let text = self.text(start, end).trim_end_matches('\r');
                comments.push(Comment {
                    text: text.to_string(),
                    span: self.span(start, start + text.len()),
                });
            } else if first_error.is_none() && (node.is_error() || node.is_missing()) {
                first_error = Some(node);
            } else if multiline.is_none() && (kind == "string_lit" || kind == "quoted_template")
            {
                multiline = self.multiline_string(node);
            }
            if cursor.goto_first_child() {
                continue;
            }
            while !cursor.goto_next_sibling() {
                if !cursor.goto_parent() {
                    break 'walk;
                }
            }
        }
        let ts_error = first_error.map(|n| self.error_for(n));
        let error = match (ts_error, multiline) {
            (Some(a), Some(b)) => Some(if b.span.start <= a.span.start { b } else { a }),
            (a, b) => a.or(b),
        };
        Scan { comments, error }
    }

    /// A quoted string whose literal text contains a newline.
    fn multiline_string(&self, n: Node) -> Option<SyntaxError> {
        let ks = kids(n);
        let first = ks.first()?;
        if first.kind() != "quoted_template_start" {
            return None;
        }
        let end = match ks.last() {
            Some(last) if last.kind() == "quoted_template_end" && !last.is_missing() => {
                last.start_byte()
            }
            _ => n.end_byte(),
        };
        let mut pos = first.end_byte();
        let mut gaps = Vec::new();
        for k in &ks {
            if matches!(k.kind(), "template_interpolation" | "template_directive") {
                gaps.push((pos, k.start_byte()));
                pos = k.end_byte();
            }
        }
        gaps.push((pos, end));
        for (a, b) in gaps {
            if let Some(nl) = self.text(a, b).find('\n') {
                // The scanner stops a string at a bad escape: say so.
                if let Some(e) = self.bad_escape(n.start_byte()) {
                    return Some(e);
                }
                return Some(self.err(
                    "unterminated string: a quoted string cannot span lines \
                     (close it with '\"', use \"\\n\", or use a heredoc)",
                    n.start_byte(),
                    a + nl,
                ));
            }
        }
        None
    }

    fn error_for(&self, n: Node) -> SyntaxError {
        if n.is_missing() {
            return self.missing_error(n);
        }
        if let Some(p) = n.parent() {
            if matches!(p.kind(), "string_lit" | "quoted_template") {
                if let Some(e) = self.bad_escape(p.start_byte()) {
                    return e;
                }
            }
        }
        let mut open = Vec::new();
        self.error_node(n, &mut open, 0)
    }

    /// Finds where inside an ERROR node things went wrong: its children are
    /// the valid prefix the parser had built, then the offending token.
    fn error_node(&self, e: Node, open: &mut Vec<Open>, depth: usize) -> SyntaxError {
        let ks = kids(e);
        let mut prev: Option<Node> = None;
        for (i, &k) in ks.iter().enumerate() {
            if k.is_missing() {
                return self.missing_error(k);
            }
            if k.is_error() {
                if depth < 32 {
                    return self.error_node(k, open, depth + 1);
                }
                return self.report_at(k.start_byte(), &ks[..i], open);
            }
            let zero_width = k.start_byte() == k.end_byte();
            // The heredoc scanner accepts almost anything during error
            // recovery: a heredoc marker without `<<` is the bad token.
            let stray_marker = k.kind() == "heredoc_identifier"
                && prev.map(|p| p.kind()) != Some("heredoc_start");
            if zero_width {
                let from = prev.map_or(e.start_byte(), |p| p.end_byte());
                return self.report_at(from, &ks[..i], open);
            }
            if stray_marker || (k.child_count() == 0 && k.next_parse_state() == 0) {
                return self.report_token(k.start_byte(), k.end_byte(), &ks[..i], open);
            }
            if k.has_error() {
                if let Some(inner) = first_error_in(k) {
                    return self.error_for(inner);
                }
            }
            match k.kind() {
                "block_start" => open.push(Open::Block),
                "object_start" => open.push(Open::Object),
                "tuple_start" => open.push(Open::Tuple),
                "(" => open.push(Open::Paren),
                "template_interpolation_start" => open.push(Open::Interp),
                "template_directive_start" => open.push(Open::Directive),
                "quoted_template_start" => open.push(Open::Quote(k.start_byte())),
                "block_end" | "object_end" | "tuple_end" | ")" | "template_interpolation_end"
                | "template_directive_end" | "quoted_template_end" => {
                    open.pop();
                }
                _ => {}
            }
            prev = Some(k);
        }
        let from = prev.map_or(e.start_byte(), |p| p.end_byte());
        self.report_at(from, &ks, open)
    }

    /// Reports the token that starts at or after `from`.
    fn report_at(&self, from: usize, before: &[Node], open: &[Open]) -> SyntaxError {
        let (start, end) = self.next_token(from);
        self.report_token(start, end, before, open)
    }

    /// Reports an unexpected token, with what was expected when the context
    /// (the valid children before it, what is open) says so.
    fn report_token(&self, start: usize, end: usize, before: &[Node], open: &[Open]) -> SyntaxError {
        let tok = self.text(start, end);
        if let Some(Open::Quote(q)) = open.last() {
            if let Some(e) = self.bad_escape(*q) {
                return e;
            }
        }
        // `1e5`: the grammar wants a fraction before an exponent.
        if tok.starts_with(['e', 'E'])
            && start > 0
            && self.src.as_bytes()[start - 1].is_ascii_digit()
        {
            let num_start = self.text(0, start)
                .rfind(|c: char| !c.is_ascii_digit())
                .map_or(0, |p| p + 1);
            return self.err(
                "invalid number: write an exponent after a fraction (\"1.0e5\", not \"1e5\")",
                num_start,
                end,
            );
        }
        let at_body_level = matches!(open.last(), None | Some(Open::Block));
        let prev = before.last().copied();
        let prev_kind = prev.map(|p| p.kind());
        // An identifier where a body item starts: what follows must be `=`,
        // a label or `{`.
        if at_body_level && is_identifier(tok) && prev_kind != Some("identifier") {
            let (ns, ne) = self.next_token(end);
            let next = self.text(ns, ne);
            if !matches!(next, "=" | "{" | "\"") && !is_identifier(next) {
                return self.err(
                    format!(
                        "expected \"=\" after attribute name \"{}\", found {}",
                        truncate(tok),
                        describe(next)
                    ),
                    ns,
                    ne,
                );
            }
        }
        let found = describe(tok);
        let message = if prev_kind == Some("=") {
            format!("expected an expression after \"=\", found {found}")
        } else if at_body_level
            && matches!(prev_kind, Some("identifier" | "string_lit"))
            && before.first().map(|f| f.kind()) == Some("identifier")
            && tok != "="
        {
            // `type "label" ...` that does not go on with `{`.
            let labels = before
                .iter()
                .rev()
                .take_while(|k| matches!(k.kind(), "identifier" | "string_lit"))
                .count();
            if labels >= 2 {
                format!("expected \"{{\" to open the block, found {found}")
            } else {
                format!(
                    "expected \"=\" or a block after \"{}\", found {found}",
                    truncate(prev.map_or("", |p| self.ntext(p)))
                )
            }
        } else {
            match open.last() {
                Some(Open::Tuple) => format!("expected \",\" or \"]\", found {found}"),
                Some(Open::Object) => format!("expected \",\" or \"}}\", found {found}"),
                Some(Open::Paren) => format!("expected \",\" or \")\", found {found}"),
                Some(Open::Interp) => format!("expected \"}}\" to close \"${{\", found {found}"),
                Some(Open::Directive) => {
                    format!("expected \"}}\" to close \"%{{\", found {found}")
                }
                _ if tok == "\"" && at_body_level && prev.is_none() => {
                    format!("expected an attribute name or a block type, found {found}")
                }
                _ => format!("unexpected {found}"),
            }
        };
        self.err(message, start, end)
    }

    fn missing_error(&self, k: Node) -> SyntaxError {
        let pos = k.start_byte();
        let parent = k.parent();
        let parent_kind = parent.map(|p| p.kind()).unwrap_or("");
        let opener_line = |container: Option<Node>| {
            container
                .and_then(|c| kids(c).into_iter().next())
                .map(|o| self.line_of(o.start_byte()))
        };
        let message = match k.kind() {
            "}" if parent_kind == "block_end" => {
                let block = parent.and_then(|p| p.parent());
                let name = block
                    .and_then(|b| kids(b).into_iter().next())
                    .map(|n| self.ntext(n))
                    .unwrap_or("");
                let line = block
                    .and_then(|b| kids(b).into_iter().find(|c| c.kind() == "block_start"))
                    .map(|o| self.line_of(o.start_byte()));
                match line {
                    Some(l) => format!(
                        "missing closing \"}}\" for block \"{}\" opened on line {l}",
                        truncate(name)
                    ),
                    None => format!("missing closing \"}}\" for block \"{}\"", truncate(name)),
                }
            }
            "}" if parent_kind == "object_end" => {
                match opener_line(parent.and_then(|p| p.parent())) {
                    Some(l) => format!("missing closing \"}}\" for the object opened on line {l}"),
                    None => "missing closing \"}\"".to_string(),
                }
            }
            "]" => match opener_line(parent.and_then(|p| p.parent())) {
                Some(l) => format!("missing closing \"]\" for the list opened on line {l}"),
                None => "missing closing \"]\"".to_string(),
            },
            "}" => "missing closing \"}\"".to_string(),
            ")" => "missing closing \")\"".to_string(),
            "{" => "missing \"{\"".to_string(),
            "identifier" if parent_kind == "variable_expr" => "expected an expression".to_string(),
            "identifier" => "expected a name".to_string(),
            "quoted_template_end" => "unterminated string: missing closing '\"'".to_string(),
            "heredoc_identifier" => {
                let marker = parent
                    .and_then(|p| kids(p).into_iter().find(|c| c.kind() == "heredoc_identifier"))
                    .map(|m| self.ntext(m))
                    .unwrap_or("");
                format!(
                    "unterminated heredoc: missing closing marker \"{}\" on a line of its own",
                    truncate(marker)
                )
            }
            "template_interpolation_end" => "missing \"}\" to close \"${\"".to_string(),
            "template_directive_end" => "missing \"}\" to close \"%{\"".to_string(),
            other if k.is_named() => format!("missing {}", other.replace('_', " ")),
            other => format!("missing \"{other}\""),
        };
        self.err(message, pos, pos)
    }

    /// The first invalid backslash escape of the quoted string whose opening
    /// quote is at `quote`.
    fn bad_escape(&self, quote: usize) -> Option<SyntaxError> {
        let rest = self.src.get(quote + 1..)?;
        let mut it = rest.char_indices();
        while let Some((i, c)) = it.next() {
            match c {
                '"' | '\n' => return None,
                '\\' => {
                    let start = quote + 1 + i;
                    let Some((_, e)) = it.next() else {
                        return None;
                    };
                    let digits = match e {
                        'n' | 'r' | 't' | '"' | '\\' => continue,
                        'u' => 4,
                        'U' => 8,
                        _ => {
                            return Some(self.err(
                                format!("invalid escape sequence \"\\{e}\""),
                                start,
                                start + 1 + e.len_utf8(),
                            ))
                        }
                    };
                    let hex: String = it.clone().take(digits).map(|(_, h)| h).collect();
                    if hex.len() != digits || !hex.chars().all(|h| h.is_ascii_hexdigit()) {
                        return Some(self.err(
                            format!("invalid escape sequence: \"\\{e}\" needs {digits} hex digits"),
                            start,
                            start + 2,
                        ));
                    }
                }
                _ => {}
            }
        }
        None
    }

    /// The token starting at or after `from` (whitespace and comments
    /// skipped), as a byte range; an empty range at the end of the input.
    fn next_token(&self, from: usize) -> (usize, usize) {
        let bytes = self.src.as_bytes();
        let end = self.limit.min(bytes.len());
        let mut i = from.min(end);
        loop {
            while i < end && bytes[i].is_ascii_whitespace() {
                i += 1;
            }
            let rest = self.text(i, end);
            if rest.starts_with('#') || rest.starts_with("//") {
                i += rest.find('\n').unwrap_or(rest.len());
            } else if rest.starts_with("/*") {
                i += rest.get(2..).and_then(|r| r.find("*/")).map_or(rest.len(), |p| p + 4);
            } else {
                break;
            }
        }
        let rest = self.text(i, end);
        let Some(c) = rest.chars().next() else {
            return (end, end);
        };
        let len = if c.is_alphabetic() || c == '_' {
            rest.find(|ch: char| !(ch.is_alphanumeric() || ch == '_' || ch == '-'))
                .unwrap_or(rest.len())
        } else if c.is_ascii_digit() {
            rest.find(|ch: char| !(ch.is_ascii_alphanumeric() || ch == '.'))
                .unwrap_or(rest.len())
        } else {
            const OPS: [&str; 14] = [
                "<<-", "...", "[*]", "=>", "==", "!=", "<=", ">=", "&&", "||", "${", "%{", "<<",
                ".*",
            ];
            OPS.iter()
                .find(|op| rest.starts_with(**op))
                .map_or(c.len_utf8(), |op| op.len())
        };
        (i, i + len)
    }

    // ----- bodies -----------------------------------------------------------------

    fn root_body(&mut self, root: Node) -> Res<Body> {
        if root.kind() != "config_file" {
            return Err(self.unexpected_node(root));
        }
        match kids(root).as_slice() {
            [] => Ok(Body::default()),
            [b] if b.kind() == "body" => self.body(*b),
            [other, ..] => Err(self.err(
                "expected attributes and blocks, found an object \
                 (a .tf file is not an object literal)",
                other.start_byte(),
                other.start_byte() + 1,
            )),
        }
    }

    fn body(&mut self, n: Node) -> Res<Body> {
        let mut body = Body::default();
        for k in kids(n) {
            match k.kind() {
                "attribute" => body.attributes.push(self.attribute(k)?),
                "block" => body.blocks.push(self.block(k)?),
                _ => return Err(self.unexpected_node(k)),
            }
        }
        Ok(body)
    }

    fn attribute(&mut self, n: Node) -> Res<Attribute> {
        let ks = kids(n);
        let (Some(name), Some(value)) = (
            ks.iter().find(|k| k.kind() == "identifier"),
            ks.iter().find(|k| k.kind() == "expression"),
        ) else {
            return Err(self.unexpected_node(n));
        };
        let expr = self.expr(*value)?;
        Ok(Attribute {
            name: self.ntext(*name).to_string(),
            name_span: self.nspan(*name),
            expr,
            span: self.span(name.start_byte(), value.end_byte()),
        })
    }

    fn block(&mut self, n: Node) -> Res<Block> {
        self.enter(n)?;
        let ks = kids(n);
        let Some(ty) = ks.first().filter(|k| k.kind() == "identifier") else {
            return Err(self.unexpected_node(n));
        };
        let mut labels = Vec::new();
        let mut body = Body::default();
        for k in &ks[1..] {
            match k.kind() {
                "identifier" => labels.push(Label {
                    value: self.ntext(*k).to_string(),
                    span: self.nspan(*k),
                }),
                "string_lit" => {
                    let parts = kids(*k);
                    let (Some(open), Some(close)) = (parts.first(), parts.last()) else {
                        return Err(self.unexpected_node(*k));
                    };
                    let (start, end) = (open.end_byte(), close.start_byte());
                    let value = self.unescape(
                        self.text(start, end),
                        start,
                        Mode::Quoted {
                            allow_templates: false,
                        },
                    )?;
                    labels.push(Label {
                        value,
                        span: self.nspan(*k),
                    });
                }
                "body" => body = self.body(*k)?,
                "block_start" | "block_end" => {}
                _ => return Err(self.unexpected_node(*k)),
            }
        }
        self.leave();
        Ok(Block {
            ty: self.ntext(*ty).to_string(),
            ty_span: self.nspan(*ty),
            labels,
            body,
            span: self.nspan(n),
        })
    }

    // ----- expressions ------------------------------------------------------------

    /// Converts an `expression` node.
    fn expr(&mut self, n: Node) -> Res<Expr> {
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
        self.flatten(ks, &mut toks)?;
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

    fn flatten<'t>(&mut self, ks: &[Node<'t>], out: &mut Vec<Tok<'t>>) -> Res<()> {
        let mut i = 0;
        while i < ks.len() {
            let k = ks[i];
            let expecting_operand = matches!(out.last(), None | Some(Tok::Unary(..) | Tok::Binary(..)));
            match k.kind() {
                "operation" | "binary_operation" | "unary_operation" => {
                    self.enter(k)?;
                    self.flatten(&kids(k), out)?;
                    self.leave();
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
                        .position(|s| {
                            kids(*s).first().map(|c| c.kind()) == Some("new_index")
                        })
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
        value.ok_or_else(|| self.err(format!("invalid number \"{}\"", truncate(t)), n.start_byte(), n.end_byte()))
    }

    fn object_item(&mut self, n: Node) -> Res<ObjectItem> {
        let (Some(key), Some(val)) = (
            n.child_by_field_name("key"),
            n.child_by_field_name("val"),
        ) else {
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
        let exprs: Vec<Node> = ks.iter().copied().filter(|k| k.kind() == "expression").collect();
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

    // ----- templates --------------------------------------------------------------

    /// A `string_lit` or `quoted_template`.
    fn quoted(&mut self, n: Node) -> Res<Expr> {
        let ks = kids(n);
        let (Some(open), Some(close)) = (ks.first(), ks.last()) else {
            return Err(self.unexpected_node(n));
        };
        let parts = self.template_parts(
            &ks,
            open.end_byte(),
            close.start_byte(),
            Mode::Quoted {
                allow_templates: true,
            },
        )?;
        Ok(Expr {
            kind: ExprKind::Template(parts),
            span: self.nspan(n),
        })
    }

    fn heredoc(&mut self, n: Node) -> Res<Expr> {
        let ks = kids(n);
        let markers: Vec<Node> = ks
            .iter()
            .copied()
            .filter(|k| k.kind() == "heredoc_identifier")
            .collect();
        let (Some(start_tok), [open, .., close]) =
            (ks.iter().find(|k| k.kind() == "heredoc_start"), markers.as_slice())
        else {
            return Err(self.unexpected_node(n));
        };
        let flush = self.ntext(*start_tok) == "<<-";
        let after = open.end_byte();
        let rest = self.text(after, close.start_byte());
        let Some(nl) = rest.find('\n') else {
            return Err(self.unexpected_node(n));
        };
        if !rest[..nl].trim().is_empty() {
            return Err(self.err(
                "expected a newline after the heredoc marker",
                after,
                after + nl,
            ));
        }
        let start = after + nl + 1;
        let end = self
            .text(0, close.start_byte())
            .rfind('\n')
            .map_or(start, |p| p + 1)
            .max(start);
        let parts = self.template_parts(&ks, start, end, Mode::Heredoc { flush })?;
        Ok(Expr {
            kind: ExprKind::Template(parts),
            span: self.nspan(n),
        })
    }

    /// The parts of a template whose content is `start..end`: interpolations
    /// and directives from the children, literal text from the gaps between.
    fn template_parts(
        &mut self,
        ks: &[Node],
        start: usize,
        end: usize,
        mode: Mode,
    ) -> Res<Vec<TemplatePart>> {
        let mut pieces = Vec::new();
        let mut pos = start;
        for k in ks {
            let kind = k.kind();
            if kind != "template_interpolation" && kind != "template_directive" {
                continue;
            }
            if k.start_byte() < pos || k.end_byte() > end {
                return Err(self.unexpected_node(*k));
            }
            if k.start_byte() > pos {
                pieces.push(Piece::Lit {
                    start: pos,
                    end: k.start_byte(),
                });
            }
            pieces.push(if kind == "template_interpolation" {
                self.interpolation(*k)?
            } else {
                self.directive(*k)
            });
            pos = k.end_byte();
        }
        if end > pos {
            pieces.push(Piece::Lit { start: pos, end });
        }
        if let Mode::Heredoc { flush: true } = mode {
            pieces = self.flush_heredoc(pieces);
        }
        self.apply_strip_markers(&mut pieces);
        let mut parts = Vec::with_capacity(pieces.len());
        for piece in pieces {
            match piece {
                Piece::Lit { start, end } if start < end => {
                    let raw = self.text(start, end);
                    let text = self.unescape(raw, start, mode)?;
                    let verbatim = text == raw;
                    parts.push(TemplatePart::Literal {
                        text,
                        span: self.span(start, end),
                        verbatim,
                    });
                }
                Piece::Lit { .. } => {}
                Piece::Part { part, .. } => parts.push(part),
            }
        }
        Ok(parts)
    }

    fn interpolation(&mut self, n: Node) -> Res<Piece> {
        let mut strip_before = false;
        let mut strip_after = false;
        let mut expr = None;
        for k in kids(n) {
            match k.kind() {
                "strip_marker" if expr.is_none() => strip_before = true,
                "strip_marker" => strip_after = true,
                "expression" => expr = Some(k),
                _ => {}
            }
        }
        let Some(e) = expr else {
            return Err(self.err(
                "empty interpolation: expected an expression inside \"${ }\"",
                n.start_byte(),
                n.end_byte(),
            ));
        };
        Ok(Piece::Part {
            part: TemplatePart::Interpolation(self.expr(e)?),
            strip_before,
            strip_after,
        })
    }

    fn directive(&self, n: Node) -> Piece {
        // `%{~ if ...}` ... `%{ endif ~}`: strip markers of the opening and
        // closing tags strip the literal text outside the directive.
        let body = kids(n).into_iter().next();
        let parts = body.map(kids).unwrap_or_default();
        let first = parts.first().map(|f| kids(*f)).unwrap_or_default();
        let last = parts.last().map(|l| kids(*l)).unwrap_or_default();
        let strip_before = first.get(1).map(|k| k.kind()) == Some("strip_marker");
        let strip_after = last.len() >= 2 && last[last.len() - 2].kind() == "strip_marker";
        Piece::Part {
            part: TemplatePart::Directive(self.nspan(n)),
            strip_before,
            strip_after,
        }
    }

    /// `<<-` heredocs: split literals into lines and remove the smallest
    /// leading whitespace of the lines, as HCL does (lines holding only
    /// whitespace do not count and are kept as they are; a line that starts
    /// with an interpolation counts as unindented).
    fn flush_heredoc(&self, pieces: Vec<Piece>) -> Vec<Piece> {
        let mut lines = Vec::with_capacity(pieces.len());
        for piece in pieces {
            match piece {
                Piece::Lit { start, end } => {
                    let mut s = start;
                    for (i, _) in self.text(start, end).match_indices('\n') {
                        lines.push(Piece::Lit {
                            start: s,
                            end: start + i + 1,
                        });
                        s = start + i + 1;
                    }
                    if s < end {
                        lines.push(Piece::Lit { start: s, end });
                    }
                }
                other => lines.push(other),
            }
        }
        let mut min = usize::MAX;
        let mut newline = true;
        let mut adjust = Vec::new();
        for (i, piece) in lines.iter().enumerate() {
            let lit = match piece {
                Piece::Lit { start, end } => Some(self.text(*start, *end)),
                Piece::Part { .. } => None,
            };
            if newline {
                newline = false;
                match lit {
                    Some(raw) => {
                        let trimmed = raw.trim_start();
                        if !(trimmed.is_empty() && raw.ends_with('\n')) {
                            let spaces = raw[..raw.len() - trimmed.len()].chars().count();
                            min = min.min(spaces);
                            adjust.push(i);
                        }
                    }
                    None => min = 0,
                }
            }
            if lit.is_some_and(|raw| raw.ends_with('\n')) {
                newline = true;
            }
        }
        if min != usize::MAX && min > 0 {
            for i in adjust {
                if let Some(Piece::Lit { start, end }) = lines.get_mut(i) {
                    let raw = self.text(*start, *end);
                    let cut = raw.char_indices().nth(min).map_or(raw.len(), |(b, _)| b);
                    *start += cut;
                }
            }
        }
        lines
    }

    fn apply_strip_markers(&self, pieces: &mut [Piece]) {
        for i in 0..pieces.len() {
            let (before, after) = match &pieces[i] {
                Piece::Part {
                    strip_before,
                    strip_after,
                    ..
                } => (*strip_before, *strip_after),
                Piece::Lit { .. } => continue,
            };
            if before && i > 0 {
                if let Piece::Lit { start, end } = &mut pieces[i - 1] {
                    *end = *start + self.text(*start, *end).trim_end().len();
                }
            }
            if after {
                if let Some(Piece::Lit { start, end }) = pieces.get_mut(i + 1) {
                    *start = *end - self.text(*start, *end).trim_start().len();
                }
            }
        }
    }

    /// Literal template text: `$${` and `%%{` escapes, and in quoted strings
    /// backslash escapes. `base` is the source position of `raw`.
    fn unescape(&self, raw: &str, base: usize, mode: Mode) -> Res<String> {
        let quoted = matches!(mode, Mode::Quoted { .. });
        let allow_templates = !matches!(
            mode,
            Mode::Quoted {
                allow_templates: false
            }
        );
        let mut out = String::with_capacity(raw.len());
        let mut it = raw.char_indices().peekable();
        while let Some((i, c)) = it.next() {
            match c {
                '\\' if quoted => {
                    let bad = |len: usize, msg: String| self.err(msg, base + i, base + i + len);
                    let Some((_, e)) = it.next() else {
                        return Err(bad(1, "invalid escape sequence \"\\\"".to_string()));
                    };
                    match e {
                        'n' => out.push('\n'),
                        'r' => out.push('\r'),
                        't' => out.push('\t'),
                        '"' => out.push('"'),
                        '\\' => out.push('\\'),
                        'u' | 'U' => {
                            let digits = if e == 'u' { 4 } else { 8 };
                            let hex = raw.get(i + 2..i + 2 + digits).unwrap_or("");
                            let code = if hex.len() == digits
                                && hex.chars().all(|h| h.is_ascii_hexdigit())
                            {
                                u32::from_str_radix(hex, 16).ok()
                            } else {
                                None
                            };
                            match code.and_then(char::from_u32) {
                                Some(ch) => out.push(ch),
                                None => {
                                    return Err(bad(
                                        2 + hex.len(),
                                        format!("invalid unicode escape \"\\{e}{hex}\""),
                                    ))
                                }
                            }
                            for _ in 0..digits {
                                it.next();
                            }
                        }
                        _ => {
                            return Err(bad(
                                1 + e.len_utf8(),
                                format!("invalid escape sequence \"\\{e}\""),
                            ))
                        }
                    }
                }
                '$' | '%' => {
                    let rest = &raw[i + 1..];
                    if rest.starts_with(c) && rest[1..].starts_with('{') {
                        // `$${` → `${`, `%%{` → `%{`
                        out.push(c);
                        out.push('{');
                        it.next();
                        it.next();
                    } else if rest.starts_with('{') && !allow_templates {
                        return Err(self.err(
                            format!(
                                "template sequences (\"{c}{{\") are not allowed in block labels; \
                                 write \"{c}{c}{{\" for a literal \"{c}{{\""
                            ),
                            base + i,
                            base + i + 2,
                        ));
                    } else {
                        out.push(c);
                    }
                }
                _ => out.push(c),
            }
        }
        Ok(out)
    }
}

fn is_identifier(s: &str) -> bool {
    let mut chars = s.chars();
    chars
        .next()
        .is_some_and(|c| c.is_alphabetic() || c == '_')
        && chars.all(|c| c.is_alphanumeric() || c == '_' || c == '-')
}

fn first_line(s: &str) -> &str {
    s.split('\n').next().unwrap_or("")
}

fn truncate(s: &str) -> String {
    const MAX: usize = 40;
    match s.char_indices().nth(MAX) {
        Some((b, _)) => format!("{}...", &s[..b]),
        None => s.to_string(),
    }
}

/// A token for a message: `"}"`, `'"'` or `end of file`.
fn describe(tok: &str) -> String {
    if tok.is_empty() {
        "end of file".to_string()
    } else if tok.contains('"') {
        format!("'{}'", truncate(tok))
    } else {
        format!("\"{}\"", truncate(tok))
    }
}

#[cfg(test)]
mod explore {
    #[test]
    fn explore() {
        let cases = [
            "x = !var.a\n", "x = a + -b.c * d\n", "x = a ? b : c ? d : e\n", "x = (a + b).c\n",
            "x = a.*.b[0]\n", "x = a[*].b.0\n", "x = a.0.b\n", "x = \"a ${~ b ~} c\"\n",
            "x = <<-EOT\n    a\n      ${b} c\n\n    d\n  EOT\n", "x = <<EOT\nhello $${x}\nEOT\n",
            "x = \"\"\n", "x = <<EOT\nEOT\n", "x = -1\n",
        ];
        for c in cases {
            match super::parse(c) {
                Ok(p) => println!("{c:?} => OK {:#?}", p.body.attributes[0].expr),
                Err(e) => println!("{c:?} => {} @ {}..{} {:?}", e.message, e.span.start, e.span.end, c.get(e.span.start as usize..e.span.end as usize)),
            }
        }
    }
}
