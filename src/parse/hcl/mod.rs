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
//! Hostile input: nothing here panics; nesting deeper than [`MAX_DEPTH`]
//! is an error (and unusually deep trees are converted on a thread with a
//! large stack, so the limit does not depend on the caller's stack size);
//! tree-sitter gets a time budget, as its error recovery can be superlinear.

use std::cell::RefCell;
use std::ops::ControlFlow;
use std::time::{Duration, Instant};

use tree_sitter::{Node, ParseOptions, ParseState, Parser, Tree};

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

pub use crate::parse::tree::Comment;

mod errors;
mod expr;
mod template;

use template::Mode;

type Res<T> = Result<T, SyntaxError>;

/// Parses a whole `.tf` file.
pub fn parse(text: &str) -> Result<Parsed, SyntaxError> {
    parse_within(text, parse_budget(text.len()))
}

/// [`parse`] with a time budget for tree-sitter.
fn parse_within(text: &str, budget: Duration) -> Res<Parsed> {
    check_size(text)?;
    let src = prepare(text);
    let cx = Cx::new(&src, 0, 0, text.len());
    let tree = cx.run_parser(budget)?;
    let scan = cx.scan(tree.root_node());
    if let Some(err) = scan.error {
        return Err(err);
    }
    let body = convert(&tree, scan.max_depth, |root| cx.fork().root_body(root))?;
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
    let cx = Cx::new(
        &src,
        PREFIX.len(),
        offset as usize,
        PREFIX.len() + text.len(),
    );
    let tree = cx.run_parser(parse_budget(text.len()))?;
    let scan = cx.scan(tree.root_node());
    if let Some(err) = scan.error {
        return Err(err);
    }
    let body = convert(&tree, scan.max_depth, |root| cx.fork().root_body(root))?;
    match (body.attributes.as_slice(), body.blocks.is_empty()) {
        ([attr], true)
            if attr.span.end as usize == offset as usize + text.len()
                && matches!(attr.expr.kind, ExprKind::Template(_)) =>
        {
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
    let start = prefix.len();
    let end = start + text.len();
    let cx = Cx::new(&src, start, offset as usize, end);
    let tree = cx.run_parser(parse_budget(text.len()))?;
    let scan = cx.scan(tree.root_node());
    if let Some(err) = scan.error {
        return Err(err);
    }
    convert(&tree, scan.max_depth, |root| {
        let mut cx = cx.fork();
        let heredoc = find_descendant(root, "heredoc_template", 6)
            .ok_or_else(|| cx.err("expected a template", start, end))?;
        let ks = kids(heredoc);
        let parts = cx.template_parts(&ks, start, end, Mode::Heredoc { flush: false })?;
        Ok(Expr {
            kind: ExprKind::Template(parts),
            span: cx.span(start, end),
        })
    })
}

/// Syntax trees up to this depth are converted on the caller's stack: a
/// tree-sitter level is at most one level of converter recursion, and trees
/// this deep were measured to convert within 256 KiB of stack in a debug
/// build (far less than any thread gets). Real files stay well below.
const INLINE_TREE_DEPTH: usize = 96;
/// The stack for converting deeper trees: enough for [`MAX_DEPTH`] levels
/// of nesting in a debug build, with a wide margin.
const DEEP_STACK_SIZE: usize = 64 << 20;

/// Runs the conversion of `tree`: inline for ordinary trees, on a scoped
/// thread with a large stack for deeply nested ones, so that the depth limit
/// (not the caller's stack size) is what bounds hostile input.
fn convert<T: Send>(
    tree: &Tree,
    tree_depth: usize,
    f: impl FnOnce(Node<'_>) -> Res<T> + Send,
) -> Res<T> {
    if tree_depth <= INLINE_TREE_DEPTH {
        return f(tree.root_node());
    }
    std::thread::scope(|scope| {
        let spawned = std::thread::Builder::new()
            .name("palisade-hcl".to_string())
            .stack_size(DEEP_STACK_SIZE)
            .spawn_scoped(scope, move || f(tree.root_node()));
        match spawned {
            Ok(handle) => handle.join().unwrap_or_else(|_| {
                Err(SyntaxError::new(
                    "internal error while reading HCL",
                    Span::default(),
                ))
            }),
            Err(e) => Err(SyntaxError::new(
                format!("cannot start a thread to read deeply nested HCL: {e}"),
                Span::default(),
            )),
        }
    })
}

/// The largest `.tf` file (or template) parsed. tree-sitter keeps one
/// subtree per token and one per character of a string or heredoc (the
/// grammar's external scanner emits template literals a character at a
/// time), about 200 bytes each: 8 MiB of input can take some 1.7 GB while it
/// is parsed. Real modules are far smaller; larger files are reported, not
/// read.
pub const MAX_HCL_BYTES: usize = 8 * 1024 * 1024;

fn check_size(text: &str) -> Res<()> {
    if text.len() > MAX_HCL_BYTES {
        return Err(SyntaxError::new(
            format!(
                "file too large: {} KiB of Terraform native syntax is more than the {} MiB limit",
                text.len() / 1024,
                MAX_HCL_BYTES / (1024 * 1024)
            ),
            Span::default(),
        ));
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

/// How long tree-sitter may take. Its error recovery can be superlinear on
/// hostile input (200 KB of `a = a = ...` takes minutes) without doing
/// more parser operations, so the budget is in time: far more than any
/// real file needs (valid input parses at over 1 MB/s).
fn parse_budget(len: usize) -> Duration {
    Duration::from_secs(10) + Duration::from_millis(5 * (len as u64 >> 10))
}

/// tree-sitter allocates and frees a node for every token and every
/// reduction, and glibc's allocator was a fifth of its time: it gets
/// mimalloc instead (the rest of the program keeps the system allocator).
fn install_allocator() {
    // Fuzzing builds keep the system allocator, which AddressSanitizer
    // instruments.
    #[cfg(not(fuzzing))]
    {
        static INSTALL: std::sync::Once = std::sync::Once::new();
        INSTALL.call_once(|| {
            use libmimalloc_sys as mi;
            // SAFETY: this runs once, before the process creates its first
            // tree-sitter object (every parser is made by `new_parser`, and
            // the `Once` makes other threads wait), and the four functions
            // are one allocator family with malloc's alignment that never
            // return null for a non-zero size (mimalloc aborts instead).
            unsafe {
                tree_sitter::set_allocator(Some(tree_sitter::Allocator {
                    malloc: mi::mi_malloc,
                    calloc: mi::mi_calloc,
                    realloc: mi::mi_realloc,
                    free: mi::mi_free,
                }));
            }
        });
    }
}

fn new_parser() -> Res<Parser> {
    install_allocator();
    let mut p = Parser::new();
    p.set_language(&tree_sitter_hcl::LANGUAGE.into())
        .map_err(|e| {
            SyntaxError::new(format!("cannot load the HCL grammar: {e}"), Span::default())
        })?;
    Ok(p)
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

struct Scan {
    comments: Vec<Comment>,
    error: Option<SyntaxError>,
    /// The depth of the deepest node of the tree.
    max_depth: usize,
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
    fn new(src: &'s str, sub: usize, add: usize, limit: usize) -> Cx<'s> {
        Cx {
            src,
            sub,
            add,
            limit,
            depth: 0,
        }
    }

    /// A fresh converter over the same text.
    fn fork(&self) -> Cx<'s> {
        Cx::new(self.src, self.sub, self.add, self.limit)
    }

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

    // ----- running tree-sitter ----------------------------------------------------

    /// Parses the whole source with a thread-local parser, giving up after
    /// `budget`.
    fn run_parser(&self, budget: Duration) -> Res<Tree> {
        let bytes = self.src.as_bytes();
        let deadline = Instant::now() + budget;
        let mut stopped_at = None;
        let mut progress = |state: &ParseState| {
            if Instant::now() > deadline {
                stopped_at = Some(state.current_byte_offset());
                ControlFlow::Break(())
            } else {
                ControlFlow::Continue(())
            }
        };
        let mut read = |i: usize, _| bytes.get(i..).unwrap_or_default();
        let mut run = |parser: &mut Parser| {
            parser.reset();
            let options = ParseOptions::new().progress_callback(&mut progress);
            parser.parse_with_options(&mut read, None, Some(options))
        };
        let tree = PARSER.with(|cell| match cell.try_borrow_mut() {
            Ok(mut slot) => {
                let parser = match slot.as_mut() {
                    Some(p) => p,
                    None => slot.insert(new_parser()?),
                };
                Ok(run(parser))
            }
            // Not reachable (no re-entrancy), but never panic over it.
            Err(_) => Ok(run(&mut new_parser()?)),
        })?;
        match (tree, stopped_at) {
            (Some(tree), _) => Ok(tree),
            (None, Some(at)) => Err(self.err(
                format!(
                    "too many syntax errors: the parser gave up after {} seconds \
                     (it had got this far)",
                    budget.as_secs_f32()
                ),
                at,
                at,
            )),
            (None, None) => Err(self.err("the HCL parser failed on this file", 0, 0)),
        }
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
}

fn is_identifier(s: &str) -> bool {
    let mut chars = s.chars();
    chars.next().is_some_and(|c| c.is_alphabetic() || c == '_')
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
mod tests {
    use super::*;

    fn parse_ok(src: &str) -> Parsed {
        match parse(src) {
            Ok(p) => p,
            Err(e) => panic!("unexpected error {e:?} for {src:?}"),
        }
    }

    fn parse_err(src: &str) -> SyntaxError {
        match parse(src) {
            Ok(p) => panic!("expected an error for {src:?}, got {p:?}"),
            Err(e) => e,
        }
    }

    fn slice(src: &str, span: Span) -> &str {
        &src[span.start as usize..span.end as usize]
    }

    /// The expression of the first attribute.
    fn expr_of(src: &str) -> Expr {
        parse_ok(src).body.attributes[0].expr.clone()
    }

    fn parts(e: &Expr) -> &[TemplatePart] {
        match &e.kind {
            ExprKind::Template(p) => p,
            other => panic!("not a template: {other:?}"),
        }
    }

    /// Concatenated literal text (interpolations as `<>`).
    fn joined(e: &Expr) -> String {
        parts(e)
            .iter()
            .map(|p| match p {
                TemplatePart::Literal { text, .. } => text.clone(),
                TemplatePart::Interpolation(_) => "<>".to_string(),
                TemplatePart::Directive(_) => "<%>".to_string(),
            })
            .collect()
    }

    /// Every verbatim literal slices to its text (with `offset` subtracted).
    fn assert_verbatim_spans(src: &str, e: &Expr, offset: u32) {
        for p in parts(e) {
            if let TemplatePart::Literal {
                text,
                span,
                verbatim: true,
            } = p
            {
                assert_eq!(slice(src, span.offset(0).sub(offset)), text);
            }
        }
    }

    trait SpanSub {
        fn sub(self, by: u32) -> Span;
    }
    impl SpanSub for Span {
        fn sub(self, by: u32) -> Span {
            Span {
                start: self.start - by,
                end: self.end - by,
            }
        }
    }

    fn var(name: &str) -> ExprKind {
        ExprKind::Variable(name.to_string())
    }

    fn literal(p: &TemplatePart) -> (&str, Span, bool) {
        match p {
            TemplatePart::Literal {
                text,
                span,
                verbatim,
            } => (text, *span, *verbatim),
            other => panic!("not a literal: {other:?}"),
        }
    }

    #[test]
    fn attributes_with_exact_spans() {
        let src = "a = 1\nbucket_name  =  \"logs\"\n";
        let p = parse_ok(src);
        let [a, b] = p.body.attributes.as_slice() else {
            panic!("{p:?}")
        };
        assert_eq!(a.name, "a");
        assert_eq!(slice(src, a.span), "a = 1");
        assert_eq!(slice(src, a.name_span), "a");
        assert_eq!(a.expr.kind, ExprKind::Number(1.0));
        assert_eq!(slice(src, a.expr.span), "1");
        assert_eq!(b.name, "bucket_name");
        assert_eq!(b.span, Span::new(6, 28));
        assert_eq!(slice(src, b.span), "bucket_name  =  \"logs\"");
        assert_eq!(slice(src, b.expr.span), "\"logs\"");
        let (text, span, verbatim) = literal(&parts(&b.expr)[0]);
        assert_eq!((text, slice(src, span), verbatim), ("logs", "logs", true));
        assert!(p.comments.is_empty());
        assert_eq!(p.body.attribute("bucket_name"), Some(b));
    }

    #[test]
    fn nested_blocks_with_labels() {
        let src = r#"resource "aws_s3_bucket" "logs" {
  bucket = "x"
  versioning {
    enabled = true
  }
  rule main {
  }
}

locals {}
"#;
        let p = parse_ok(src);
        assert_eq!(p.body.blocks.len(), 2);
        let r = &p.body.blocks[0];
        assert_eq!(r.ty, "resource");
        assert_eq!(slice(src, r.ty_span), "resource");
        assert!(slice(src, r.span).starts_with("resource \"aws_s3_bucket\""));
        assert!(slice(src, r.span).ends_with("  }\n}"));
        let labels: Vec<(&str, &str)> = r
            .labels
            .iter()
            .map(|l| (l.value.as_str(), slice(src, l.span)))
            .collect();
        assert_eq!(
            labels,
            [("aws_s3_bucket", "\"aws_s3_bucket\""), ("logs", "\"logs\"")]
        );
        assert_eq!(r.body.attributes[0].name, "bucket");
        let v = &r.body.blocks[0];
        assert_eq!(v.ty, "versioning");
        assert!(v.labels.is_empty());
        assert_eq!(slice(src, v.span), "versioning {\n    enabled = true\n  }");
        assert_eq!(v.body.attributes[0].expr.kind, ExprKind::Bool(true));
        let rule = &r.body.blocks[1];
        assert_eq!(rule.labels[0].value, "main");
        assert_eq!(slice(src, rule.labels[0].span), "main");
        assert_eq!(r.body.blocks_of("versioning").count(), 1);
        let l = &p.body.blocks[1];
        assert_eq!((l.ty.as_str(), slice(src, l.span)), ("locals", "locals {}"));
        assert_eq!(l.body, Body::default());
    }

    #[test]
    fn source_order_is_kept() {
        let src = "b = 2\nx {}\na = 1\ny {}\nc = 3\n";
        let p = parse_ok(src);
        let names: Vec<&str> = p.body.attributes.iter().map(|a| a.name.as_str()).collect();
        assert_eq!(names, ["b", "a", "c"]);
        let tys: Vec<&str> = p.body.blocks.iter().map(|b| b.ty.as_str()).collect();
        assert_eq!(tys, ["x", "y"]);
    }

    #[test]
    fn empty_and_comment_only_files() {
        assert_eq!(parse_ok("").body, Body::default());
        assert_eq!(parse_ok("\n\n").body, Body::default());
        let p = parse_ok("# only a comment");
        assert_eq!(p.body, Body::default());
        assert_eq!(p.comments.len(), 1);
    }

    #[test]
    fn literals() {
        assert_eq!(expr_of("x = 42").kind, ExprKind::Number(42.0));
        assert_eq!(expr_of("x = 1.5").kind, ExprKind::Number(1.5));
        assert_eq!(expr_of("x = 1.5e-3").kind, ExprKind::Number(0.0015));
        assert_eq!(expr_of("x = 0x1F").kind, ExprKind::Number(31.0));
        assert_eq!(expr_of("x = true").kind, ExprKind::Bool(true));
        assert_eq!(expr_of("x = false").kind, ExprKind::Bool(false));
        assert_eq!(expr_of("x = null").kind, ExprKind::Null);
        let e = expr_of("x = -1");
        assert!(
            matches!(e.kind, ExprKind::Unary(UnaryOp::Neg, ref v) if v.kind == ExprKind::Number(1.0))
        );
        assert_eq!(e.span, Span::new(4, 6));
    }

    #[test]
    fn quoted_string_escapes_and_verbatim() {
        let src = r#"x = "a\n\"b\" \\ \t \u00e9 \U0001F600 $${x} %%{y} $z""#;
        let e = expr_of(src);
        assert_eq!(slice(src, e.span), &src[4..]);
        let [p] = parts(&e) else { panic!("{e:?}") };
        let (text, span, verbatim) = literal(p);
        assert_eq!(text, "a\n\"b\" \\ \t \u{e9} \u{1F600} ${x} %{y} $z");
        assert!(!verbatim);
        assert_eq!(slice(src, span), &src[5..src.len() - 1]);

        let src = r#"x = "plain text: {\"not\": 1}""#;
        let e = expr_of(src);
        assert!(!literal(&parts(&e)[0]).2);

        let src = r#"x = "arn:aws:s3:::bucket/*""#;
        let e = expr_of(src);
        let (text, span, verbatim) = literal(&parts(&e)[0]);
        assert!(verbatim);
        assert_eq!(slice(src, span), text);
        assert_eq!(text, "arn:aws:s3:::bucket/*");
    }

    #[test]
    fn empty_string_is_an_empty_template() {
        let src = "x = \"\"";
        let e = expr_of(src);
        assert_eq!(e.kind, ExprKind::Template(vec![]));
        assert_eq!(slice(src, e.span), "\"\"");
    }

    #[test]
    fn interpolation_keeps_surrounding_whitespace() {
        let src = r#"x = "pre  ${var.p}  post""#;
        let e = expr_of(src);
        let ps = parts(&e);
        assert_eq!(ps.len(), 3);
        let (t0, s0, v0) = literal(&ps[0]);
        assert_eq!((t0, slice(src, s0), v0), ("pre  ", "pre  ", true));
        let TemplatePart::Interpolation(i) = &ps[1] else {
            panic!("{ps:?}")
        };
        assert_eq!(slice(src, i.span), "var.p");
        assert!(matches!(&i.kind, ExprKind::GetAttr(b, n) if b.kind == var("var") && n == "p"));
        assert_eq!(literal(&ps[2]).0, "  post");
        assert_verbatim_spans(src, &e, 0);

        let e = expr_of(r#"x = "${a}""#);
        assert!(matches!(parts(&e), [TemplatePart::Interpolation(i)] if i.kind == var("a")));
    }

    #[test]
    fn strip_markers_trim_adjacent_literals() {
        let src = "x = \"a  ${~ b ~}  c\"";
        let e = expr_of(src);
        assert_eq!(joined(&e), "a<>c");
        assert_verbatim_spans(src, &e, 0);
        let src = "x = \"a  %{~ if b }y%{ endif ~}  c\"";
        let e = expr_of(src);
        assert_eq!(joined(&e), "a<%>c");
    }

    #[test]
    fn directives_are_kept_as_spans() {
        let src = r#"x = "a %{ if b }yes%{ else }no%{ endif } %{ for i in l }${i}%{ endfor }""#;
        let e = expr_of(src);
        let ps = parts(&e);
        assert_eq!(joined(&e), "a <%> <%>");
        let TemplatePart::Directive(d) = ps[1] else {
            panic!("{ps:?}")
        };
        assert_eq!(slice(src, d), "%{ if b }yes%{ else }no%{ endif }");
        let TemplatePart::Directive(d) = ps[3] else {
            panic!("{ps:?}")
        };
        assert_eq!(slice(src, d), "%{ for i in l }${i}%{ endfor }");
    }

    #[test]
    fn heredoc() {
        let src = "x = <<EOT\n{\n  \"Version\": \"2012-10-17\"\n}\nEOT\ny = 1\n";
        let p = parse_ok(src);
        let e = &p.body.attributes[0].expr;
        assert_eq!(slice(src, e.span), &src[4..src.find("\ny").unwrap()]);
        assert_eq!(
            slice(src, p.body.attributes[0].span),
            "x = <<EOT\n{\n  \"Version\": \"2012-10-17\"\n}\nEOT"
        );
        assert_eq!(joined(e), "{\n  \"Version\": \"2012-10-17\"\n}\n");
        for part in parts(e) {
            let (text, span, verbatim) = literal(part);
            assert!(verbatim);
            assert_eq!(slice(src, span), text);
        }
        assert_eq!(p.body.attributes[1].name, "y");
    }

    #[test]
    fn heredoc_interpolation_and_escapes() {
        let src = "x = <<EOT\nhello ${name}, \\n $${literal}\n  indented\nEOT\n";
        let e = expr_of(src);
        assert_eq!(joined(&e), "hello <>, \\n ${literal}\n  indented\n");
        let ps = parts(&e);
        assert!(matches!(&ps[1], TemplatePart::Interpolation(i) if i.kind == var("name")));
        let (_, _, verbatim) = literal(&ps[2]);
        assert!(!verbatim, "the dollar escape was processed");
        assert_verbatim_spans(src, &e, 0);
        assert_eq!(parts(&expr_of("x = <<EOT\nEOT\n")), []);
    }

    #[test]
    fn flush_heredoc_strips_common_indentation() {
        let src = "x = <<-EOT\n    {\n      \"a\": ${b},\n\n      \"c\": 1\n    }\n    EOT\n";
        let e = expr_of(src);
        assert_eq!(joined(&e), "{\n  \"a\": <>,\n\n  \"c\": 1\n}\n");
        let mut lines = 0;
        for p in parts(&e) {
            if let TemplatePart::Literal {
                text,
                span,
                verbatim,
            } = p
            {
                assert!(verbatim);
                assert_eq!(slice(src, *span), text);
                lines += 1;
            }
        }
        assert_eq!(lines, 6, "one literal per line segment: {:?}", parts(&e));

        // An interpolation at the start of a line means no indentation.
        let src = "x = <<-EOT\n  a\n${b}\nEOT\n";
        assert_eq!(joined(&expr_of(src)), "  a\n<>\n");
        // Tabs count as one character each, blank lines do not count.
        let src = "x = <<-EOT\n\t\tone\n\n\t\t  two\n\tEOT\n";
        let e = expr_of(src);
        assert_eq!(joined(&e), "one\n\n  two\n");
        assert_verbatim_spans(src, &e, 0);
    }

    #[test]
    fn heredoc_at_end_of_file_without_newline() {
        let e = expr_of("x = <<EOT\nabc\nEOT");
        assert_eq!(joined(&e), "abc\n");
    }

    #[test]
    fn function_call_with_object_argument() {
        let src = r#"policy = jsonencode({
  Version = "2012-10-17"
  "Statement": [{ Effect = "Allow", (local.k) = 1 }],
})"#;
        let e = expr_of(src);
        assert_eq!(slice(src, e.span), &src[9..]);
        let ExprKind::Call { name, args, expand } = &e.kind else {
            panic!("{e:?}")
        };
        assert_eq!((name.as_str(), *expand), ("jsonencode", false));
        let [arg] = args.as_slice() else { panic!() };
        let ExprKind::Object(items) = &arg.kind else {
            panic!("{arg:?}")
        };
        assert_eq!(items.len(), 2);
        assert_eq!(items[0].key, ObjectKey::Ident("Version".into()));
        assert_eq!(slice(src, items[0].key_span), "Version");
        assert_eq!(slice(src, items[0].value.span), "\"2012-10-17\"");
        let ObjectKey::Expr(k) = &items[1].key else {
            panic!("{items:?}")
        };
        assert_eq!(joined(k), "Statement");
        assert_eq!(slice(src, items[1].key_span), "\"Statement\"");
        let ExprKind::Tuple(stmts) = &items[1].value.kind else {
            panic!()
        };
        let ExprKind::Object(inner) = &stmts[0].kind else {
            panic!()
        };
        assert_eq!(inner[0].key, ObjectKey::Ident("Effect".into()));
        let ObjectKey::Expr(k) = &inner[1].key else {
            panic!()
        };
        assert!(matches!(&k.kind, ExprKind::GetAttr(b, n) if b.kind == var("local") && n == "k"));
        assert_eq!(slice(src, inner[1].key_span), "(local.k)");

        let e = expr_of("x = concat(a, b...)");
        let ExprKind::Call { args, expand, .. } = &e.kind else {
            panic!()
        };
        assert!(expand);
        assert_eq!(args.len(), 2);
        let e = expr_of("x = timestamp()");
        assert!(matches!(&e.kind, ExprKind::Call { args, expand: false, .. } if args.is_empty()));
        let e = expr_of("x = provider::aws::arn_parse(a)");
        assert!(
            matches!(&e.kind, ExprKind::Call { name, .. } if name == "provider::aws::arn_parse")
        );
    }

    #[test]
    fn conditional_is_right_associative() {
        let src = "x = var.on ? \"a\" : var.b ? 1 : 2";
        let e = expr_of(src);
        assert_eq!(slice(src, e.span), &src[4..]);
        let ExprKind::Conditional(c, t, f) = &e.kind else {
            panic!("{e:?}")
        };
        assert_eq!(slice(src, c.span), "var.on");
        assert_eq!(joined(t), "a");
        let ExprKind::Conditional(c2, t2, f2) = &f.kind else {
            panic!("{f:?}")
        };
        assert_eq!(slice(src, f.span), "var.b ? 1 : 2");
        assert_eq!(slice(src, c2.span), "var.b");
        assert_eq!(
            (t2.kind.clone(), f2.kind.clone()),
            (ExprKind::Number(1.0), ExprKind::Number(2.0))
        );

        // A condition that is itself an operation.
        let e = expr_of("x = a == \"\" && b != 1 ? c : d");
        let ExprKind::Conditional(c, _, _) = &e.kind else {
            panic!()
        };
        assert!(matches!(c.kind, ExprKind::Binary(BinaryOp::And, _, _)));
        // Explicit parentheses are respected.
        let e = expr_of("x = (a ? b : c) ? d : e");
        let ExprKind::Conditional(c, _, _) = &e.kind else {
            panic!()
        };
        assert!(matches!(c.kind, ExprKind::Conditional(..)));
    }

    fn shape(e: &Expr) -> String {
        match &e.kind {
            ExprKind::Variable(v) => v.clone(),
            ExprKind::Number(n) => n.to_string(),
            ExprKind::GetAttr(b, n) => format!("{}.{n}", shape(b)),
            ExprKind::Index(b, i) => format!("{}[{}]", shape(b), shape(i)),
            ExprKind::Unary(op, x) => format!("({op:?} {})", shape(x)),
            ExprKind::Binary(op, l, r) => format!("({op:?} {} {})", shape(l), shape(r)),
            ExprKind::Call { name, args, .. } => {
                let args: Vec<String> = args.iter().map(shape).collect();
                format!("{name}({})", args.join(", "))
            }
            other => format!("{other:?}"),
        }
    }

    #[test]
    fn binary_precedence() {
        let e = expr_of("x = a || b && c");
        assert_eq!(shape(&e), "(Or a (And b c))");
        assert_eq!(shape(&expr_of("x = a && b || c")), "(Or (And a b) c)");
        assert_eq!(
            shape(&expr_of("x = 1 + 2 * 3 - 4")),
            "(Sub (Add 1 (Mul 2 3)) 4)"
        );
        assert_eq!(
            shape(&expr_of("x = a * b % c / d")),
            "(Div (Mod (Mul a b) c) d)"
        );
        assert_eq!(
            shape(&expr_of("x = a < b == c >= d")),
            "(Eq (Lt a b) (Ge c d))"
        );
        assert_eq!(shape(&expr_of("x = a <= b != !c")), "(Ne (Le a b) (Not c))");
        let src = "x = a + b * c";
        let e = expr_of(src);
        let ExprKind::Binary(_, l, r) = &e.kind else {
            panic!()
        };
        assert_eq!(slice(src, e.span), "a + b * c");
        assert_eq!(slice(src, l.span), "a");
        assert_eq!(slice(src, r.span), "b * c");
    }

    #[test]
    fn traversals_bind_tighter_than_operators() {
        // The grammar attaches these traversals to the whole operation.
        assert_eq!(shape(&expr_of("x = !var.enabled")), "(Not var.enabled)");
        assert_eq!(shape(&expr_of("x = -a.b[0]")), "(Neg a.b[0])");
        assert_eq!(shape(&expr_of("x = var.a == var.b")), "(Eq var.a var.b)");
        assert_eq!(
            shape(&expr_of("x = a + -b.c * d")),
            "(Add a (Mul (Neg b.c) d))"
        );
        assert_eq!(
            shape(&expr_of("x = count.index + 1 > length(var.l)")),
            "(Gt (Add count.index 1) length(var.l))"
        );
        let src = "x = !var.enabled";
        let e = expr_of(src);
        assert_eq!(slice(src, e.span), "!var.enabled");
    }

    #[test]
    fn parentheses() {
        let src = "x = (a + b) * c";
        let e = expr_of(src);
        assert_eq!(shape(&e), "(Mul (Add a b) c)");
        assert_eq!(slice(src, e.span), "(a + b) * c");
        let src = "x = (a + b).c";
        let e = expr_of(src);
        assert_eq!(shape(&e), "(Add a b).c");
        assert_eq!(slice(src, e.span), "(a + b).c");
        let src = "x = ((a))";
        let e = expr_of(src);
        assert_eq!(e.kind, var("a"));
        assert_eq!(slice(src, e.span), "a");
        assert_eq!(slice(src, parse_ok(src).body.attributes[0].span), src);
    }

    #[test]
    fn variables_attributes_and_indexes() {
        let src = "x = count.index";
        let e = expr_of(src);
        assert_eq!(shape(&e), "count.index");
        let ExprKind::GetAttr(b, _) = &e.kind else {
            panic!()
        };
        assert_eq!(slice(src, b.span), "count");
        assert_eq!(slice(src, e.span), "count.index");

        let src = "x = aws_instance.web[0].tags[\"Name\"]";
        let e = expr_of(src);
        assert_eq!(slice(src, e.span), &src[4..]);
        let ExprKind::Index(base, key) = &e.kind else {
            panic!("{e:?}")
        };
        assert_eq!(joined(key), "Name");
        assert_eq!(shape(base), "aws_instance.web[0].tags");
        assert_eq!(slice(src, base.span), "aws_instance.web[0].tags");

        // Legacy index: `.0` is an index with a number.
        let src = "x = a.0.b";
        let e = expr_of(src);
        assert_eq!(shape(&e), "a[0].b");
        let ExprKind::GetAttr(inner, _) = &e.kind else {
            panic!()
        };
        let ExprKind::Index(_, i) = &inner.kind else {
            panic!()
        };
        assert_eq!(slice(src, i.span), "0");
        assert_eq!(slice(src, inner.span), "a.0");
        assert_eq!(
            expr_of("x = each.value").kind,
            ExprKind::GetAttr(
                Box::new(Expr {
                    kind: var("each"),
                    span: Span::new(4, 8)
                }),
                "value".into()
            )
        );
    }

    #[test]
    fn splats() {
        let src = "x = aws_instance.web[*].id";
        let e = expr_of(src);
        assert_eq!(slice(src, e.span), "aws_instance.web[*].id");
        let ExprKind::Splat(base, trav) = &e.kind else {
            panic!("{e:?}")
        };
        assert_eq!(shape(base), "aws_instance.web");
        assert_eq!(trav.len(), 1);
        let Traverser::Attr(name, span) = &trav[0] else {
            panic!()
        };
        assert_eq!((name.as_str(), slice(src, *span)), ("id", ".id"));

        let e = expr_of("x = a[*].b[0].c");
        let ExprKind::Splat(_, trav) = &e.kind else {
            panic!()
        };
        assert_eq!(trav.len(), 3);
        assert!(matches!(&trav[1], Traverser::Index(i) if i.kind == ExprKind::Number(0.0)));

        let e = expr_of("x = a[*]");
        assert!(matches!(&e.kind, ExprKind::Splat(b, t) if b.kind == var("a") && t.is_empty()));

        // Attribute-only splat: `.*.b.0` belongs to it, `[0]` does not.
        let src = "x = a.*.b.0[1]";
        let e = expr_of(src);
        let ExprKind::Index(splat, i) = &e.kind else {
            panic!("{e:?}")
        };
        assert_eq!(i.kind, ExprKind::Number(1.0));
        assert_eq!(slice(src, splat.span), "a.*.b.0");
        let ExprKind::Splat(_, trav) = &splat.kind else {
            panic!()
        };
        assert_eq!(trav.len(), 2);
        assert_eq!(slice(src, e.span), "a.*.b.0[1]");
    }

    #[test]
    fn for_expressions() {
        let src = "x = [for s in var.list : upper(s) if s != \"\"]";
        let e = expr_of(src);
        assert_eq!(slice(src, e.span), &src[4..]);
        let ExprKind::For(f) = &e.kind else {
            panic!("{e:?}")
        };
        assert_eq!(f.key_var, None);
        assert_eq!(f.value_var, "s");
        assert_eq!(slice(src, f.collection.span), "var.list");
        assert!(f.key.is_none());
        assert_eq!(slice(src, f.value.span), "upper(s)");
        assert_eq!(slice(src, f.condition.as_ref().unwrap().span), "s != \"\"");
        assert!(!f.grouping);

        let src = "x = {for k, v in var.m : v.name => k...}";
        let e = expr_of(src);
        let ExprKind::For(f) = &e.kind else { panic!() };
        assert_eq!(
            (f.key_var.as_deref(), f.value_var.as_str()),
            (Some("k"), "v")
        );
        assert_eq!(slice(src, f.key.as_ref().unwrap().span), "v.name");
        assert_eq!(f.value.kind, var("k"));
        assert!(f.grouping);
        assert!(f.condition.is_none());
    }

    #[test]
    fn collections() {
        let src = "x = [1, \"a\",\n  [],\n]";
        let e = expr_of(src);
        let ExprKind::Tuple(items) = &e.kind else {
            panic!()
        };
        assert_eq!(items.len(), 3);
        assert_eq!(slice(src, items[2].span), "[]");
        let src = "x = {\n  a = 1\n  b: 2,\n  \"c\" = 3\n}";
        let e = expr_of(src);
        let ExprKind::Object(items) = &e.kind else {
            panic!()
        };
        assert_eq!(items.len(), 3);
        assert_eq!(items[1].key, ObjectKey::Ident("b".into()));
        assert_eq!(slice(src, items[2].key_span), "\"c\"");
        assert_eq!(expr_of("x = {}").kind, ExprKind::Object(vec![]));
    }

    #[test]
    fn comments_are_collected() {
        let src = "# top\nx = 1 // trailing\n/* block\n comment */ y = \"# not a comment\" # tfsec:ignore:x\r\n";
        let p = parse_ok(src);
        let got: Vec<(&str, &str)> = p
            .comments
            .iter()
            .map(|c| (c.text.as_str(), slice(src, c.span)))
            .collect();
        assert_eq!(
            got,
            [
                ("# top", "# top"),
                ("// trailing", "// trailing"),
                ("/* block\n comment */", "/* block\n comment */"),
                ("# tfsec:ignore:x", "# tfsec:ignore:x"),
            ]
        );
        assert_eq!(p.body.attributes.len(), 2);
        // Comments inside expressions too.
        let p = parse_ok("x = [\n  1, # one\n  2,\n]\n");
        assert_eq!(p.comments[0].text, "# one");
    }

    #[test]
    fn byte_order_mark_is_skipped() {
        let src = "\u{feff}x = \"a\"\n";
        let p = parse_ok(src);
        let a = &p.body.attributes[0];
        assert_eq!(a.span, Span::new(3, 10));
        assert_eq!(slice(src, a.span), "x = \"a\"");
    }

    #[test]
    fn crlf_line_endings() {
        let src = "a = 1\r\nb {\r\n  c = \"x\"\r\n}\r\n";
        let p = parse_ok(src);
        assert_eq!(slice(src, p.body.attributes[0].span), "a = 1");
        assert_eq!(slice(src, p.body.blocks[0].span), "b {\r\n  c = \"x\"\r\n}");
    }

    fn assert_error(src: &str, message: &str, at: &str) {
        let e = parse_err(src);
        assert_eq!(e.message, message, "for {src:?}");
        assert_eq!(slice(src, e.span), at, "for {src:?}: {e:?}");
    }

    #[test]
    fn syntax_errors() {
        let src = "resource \"a\" \"b\" {\n  x = 1\n";
        let e = parse_err(src);
        assert_eq!(
            e.message,
            "missing closing \"}\" for block \"resource\" opened on line 1"
        );
        assert_eq!(e.span, Span::new(src.len(), src.len()));

        assert_error("x = 1\n}\n", "unexpected \"}\"", "}");
        assert_error("a { b = 1 } }\n", "unexpected \"}\"", "}");
        assert_error(
            "a {\n  x = 1\n  y 2\n}\n",
            "expected \"=\" after attribute name \"y\", found \"2\"",
            "2",
        );
        assert_error(
            "a {\n  y\n}\n",
            "expected \"=\" after attribute name \"y\", found \"}\"",
            "}",
        );
        assert_error(
            "x = = 1\n",
            "expected an expression after \"=\", found \"=\"",
            "=",
        );
        assert_error("x = [1 2]\n", "expected \",\" or \"]\", found \"2\"", "2");
        assert_error(
            "x = f(1,\n",
            "expected \",\" or \")\", found end of file",
            "",
        );
        assert_error(
            "x = \"${a\"\n",
            "expected \"}\" to close \"${\", found '\"'",
            "\"",
        );
        assert_error("x = 1 2\n", "unexpected \"2\"", "2");
        assert_error(
            "locals {\n  a = var.x == \"\" ? \"y\"\n}\n",
            "incomplete conditional: expected \"condition ? value : other_value\"",
            "?",
        );
        assert_error(
            "a b c\n",
            "expected \"{\" to open the block, found end of file",
            "",
        );
        assert_error(
            "\"x\" = 1\n",
            "expected an attribute name or a block type, found '\"'",
            "\"",
        );
        assert_error(
            "x = [1,\n  2\n",
            "missing closing \"]\" for the list opened on line 1",
            "",
        );
        assert_error(
            "a {\n  acl = }\n",
            "expected a value after \"acl =\", found \"}\"",
            "=",
        );
        assert_error(
            "a {\n  acl =\n}\n",
            "expected a value after \"acl =\" on the same line",
            "=",
        );
        assert_error(
            "a {\n  b {\n    c = f(1\n  }\n}\n",
            "missing closing \")\" for the call to \"f\" opened on line 3",
            "",
        );
        assert_error(
            "x = 1\ny =\n",
            "expected a value after \"y =\", found end of file",
            "=",
        );
        assert_error(
            "x = 1e5\n",
            "invalid number: write an exponent after a fraction (\"1.0e5\", not \"1e5\")",
            "1e5",
        );
        assert_error(
            "x = <<EOT\nabc\n",
            "unterminated heredoc: missing closing marker \"EOT\" on a line of its own",
            "",
        );
        assert_error(
            "x = { a = 1\n",
            "expected \",\" or \"}\", found end of file",
            "",
        );
        assert_error(
            "x = {\n  a = 1\n  b = 2 c\n}\n",
            "expected \"=\" after the object key \"c\", found \"}\"",
            "}",
        );
    }

    #[test]
    fn string_errors() {
        let src = "x = \"abc\ny = \"def\"\n";
        let e = parse_err(src);
        assert!(e.message.starts_with("unterminated string"), "{e:?}");
        assert_eq!(slice(src, e.span), "\"abc");
        assert_error("x = \"a\\qb\"\n", "invalid escape sequence \"\\q\"", "\\q");
        assert_error(
            "x = \"\\uD800\"\n",
            "invalid unicode escape \"\\uD800\"",
            "\\uD800",
        );
        assert_error(
            "x = \"${}\"\n",
            "empty interpolation: expected an expression inside \"${ }\"",
            "${}",
        );
        let e = parse_err("a \"b-${c}\" {}\n");
        assert!(e.message.starts_with("template sequences"), "{e:?}");
        assert_eq!(e.span, Span::new(5, 7));
        assert_eq!(
            parse_ok("a \"b-$${c}\" {}\n").body.blocks[0].labels[0].value,
            "b-${c}"
        );
        assert_error(
            "x = <<EOT junk\na\nEOT\n",
            "expected a newline after the heredoc marker",
            " junk",
        );
        assert!(parse("{ a = 1 }\n").is_err());
    }

    #[test]
    fn errors_report_the_first_problem() {
        let src = "a = 1\nb = [\nc = 2 }\n";
        let e = parse_err(src);
        assert!(e.span.start >= 6, "{e:?}");
        let src = "x = 1 }\ny = \"a\\q\"\n";
        let e = parse_err(src);
        assert_eq!(slice(src, e.span), "}");
    }

    fn nested(open: &str, close: &str, depth: usize) -> String {
        format!("x = {}1{}\n", open.repeat(depth), close.repeat(depth))
    }

    fn assert_too_deep(src: &str) {
        let e = parse_err(src);
        assert_eq!(e.message, "nesting too deep (limit 256)", "{e:?}");
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_crash() {
        // Unclosed: a syntax error, found without recursion.
        let e = parse_err(&format!("x = {}\n", "[".repeat(10_000)));
        assert_eq!(e.message, "expected \",\" or \"]\", found end of file");
        assert_too_deep(&nested("[", "]", 10_000));
        assert_too_deep(&nested("(", ")", 10_000));
        assert_too_deep(&nested("f(", ")", 5_000));
        assert_too_deep(&nested("{a = ", "}", 5_000));
        // The grammar's scanner loses track past 127 open strings and
        // interpolations: a syntax error.
        assert!(parse(&nested("\"${", "}\"", 2_000)).is_err());
        assert_too_deep(&nested("!", "", 10_000));
        assert_too_deep(&nested("-", "", 10_000));
        assert_too_deep(&format!("x = {}1\n", "a + ".repeat(5_000)));
        assert_too_deep(&format!("x = {}1\n", "a ? b : ".repeat(2_000)));
        assert_too_deep(&format!("{}{}", "a {\n".repeat(1_000), "}\n".repeat(1_000)));
        // Error positions are at the node that went past the limit.
        let src = nested("[", "]", 300);
        let e = parse_err(&src);
        // The 257th expression starts at the 257th `[` (the first is at 4).
        assert_eq!(e.span.start as usize, 4 + 256);
    }

    #[test]
    fn nesting_within_the_limit_fits_a_small_stack() {
        let run = || {
            for src in [
                nested("[", "]", 250),
                nested("(", ")", 250),
                nested("{a = ", "}", 250),
                nested("f(", ")", 250),
                nested("\"${", "}\"", 60),
                nested("!", "", 250),
                format!("x = {}1\n", "a ? b : ".repeat(200)),
                format!("x = {}1\n", "a + ".repeat(200)),
                format!("{}{}", "a {\n".repeat(250), "}\n".repeat(250)),
            ] {
                assert!(parse(&src).is_ok(), "{}", &src[..20]);
            }
        };
        let handle = std::thread::Builder::new()
            .stack_size(1 << 20)
            .spawn(run)
            .expect("thread");
        assert!(handle.join().is_ok());
    }

    #[test]
    fn hostile_input_never_panics() {
        let sample = r#"resource "aws_s3_bucket" "b" {
  bucket = "x-${var.env}"
  acl    = var.public ? "public-read" : "private"
  tags   = { for k, v in local.tags : k => v if v != null }
  policy = <<-EOT
    {"a": ${jsonencode(aws_iam_role.r[*].arn)}}
  EOT
  list = [1, 2.5, -3, !true, a.0.b, c.*.d, (e + f) * g % h]
  # comment
  /* c */ dynamic "x" { content { y = "%{ if a }b%{ endif }" } }
}
"#;
        let mut cuts: Vec<usize> = (0..=sample.len())
            .filter(|i| sample.is_char_boundary(*i))
            .collect();
        cuts.dedup();
        for &i in &cuts {
            let _ = parse(&sample[..i]);
            let _ = parse(&sample[i..]);
            let _ = parse_template(&sample[..i], 7);
        }
        // Byte-level mutations.
        let noise = [
            "{", "}", "\"", "${", "<<EOT", "\\", "\u{feff}", "é", "[*]", ".", "\n", "~", "%{", "/*",
        ];
        for (n, i) in cuts.iter().step_by(3).enumerate() {
            let mut s = sample.to_string();
            s.insert_str(*i, noise[n % noise.len()]);
            let _ = parse(&s);
        }
        assert!(parse(sample).is_ok());
    }

    #[test]
    fn pathological_error_recovery_is_cut_short() {
        // tree-sitter's error recovery is superlinear on this input.
        let src = "a = ".repeat(30_000);
        let started = Instant::now();
        let e = parse_within(&src, Duration::from_millis(300)).unwrap_err();
        assert!(started.elapsed() < Duration::from_secs(10));
        assert!(e.message.starts_with("too many syntax errors"), "{e:?}");
        assert!(e.span.is_empty() && (e.span.start as usize) <= src.len());
        // The thread-local parser is usable afterwards.
        assert_eq!(parse_ok("a = 1\n").body.attributes.len(), 1);
    }

    #[test]
    fn parse_template_bare_text() {
        let text = "arn:aws:s3:::${var.bucket}/*";
        let e = parse_template(text, 100).unwrap();
        assert_eq!(e.span, Span::new(100, 100 + text.len()));
        let ps = parts(&e);
        assert_eq!(ps.len(), 3);
        let (t, s, v) = literal(&ps[0]);
        assert_eq!((t, s, v), ("arn:aws:s3:::", Span::new(100, 113), true));
        let TemplatePart::Interpolation(i) = &ps[1] else {
            panic!()
        };
        assert_eq!(i.span, Span::new(115, 125));
        assert_eq!(slice(text, i.span.sub(100)), "var.bucket");
        assert_eq!(literal(&ps[2]).0, "/*");
        assert_verbatim_spans(text, &e, 100);

        let e = parse_template("a $${b} \\n\nline", 0).unwrap();
        assert_eq!(joined(&e), "a ${b} \\n\nline");
        assert_eq!(
            parse_template("", 5).unwrap().kind,
            ExprKind::Template(vec![])
        );
        let e = parse_template("${x}", 0).unwrap();
        assert!(matches!(parts(&e), [TemplatePart::Interpolation(i)] if i.kind == var("x")));
        // The marker used internally does not confuse a text containing it.
        let tricky = "PALISADE_TEMPLATE_END\n${a}";
        assert_eq!(
            joined(&parse_template(tricky, 0).unwrap()),
            "PALISADE_TEMPLATE_END\n<>"
        );

        let e = parse_template("x ${a", 40).unwrap_err();
        assert!(e.span.start >= 40 && e.span.end <= 45, "{e:?}");
        assert!(parse_template("${}", 0).is_err());
    }

    #[test]
    fn parse_template_quoted_string() {
        // As written in a `.tf.json` file: quotes and JSON escapes included.
        let text = r#""arn:${var.p}:\"x\"""#;
        let e = parse_template(text, 10).unwrap();
        assert_eq!(e.span, Span::new(10, 10 + text.len()));
        assert_eq!(joined(&e), "arn:<>:\"x\"");
        let ps = parts(&e);
        let (t, s, v) = literal(&ps[0]);
        assert_eq!((t, v), ("arn:", true));
        assert_eq!(slice(text, s.sub(10)), "arn:");
        let TemplatePart::Interpolation(i) = &ps[1] else {
            panic!()
        };
        assert_eq!(slice(text, i.span.sub(10)), "var.p");
        assert!(parse_template("\"a\" + \"b\"", 0).is_err());
    }
}
