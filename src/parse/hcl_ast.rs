//! The HCL syntax tree Palisade evaluates: a small, owned, span-keeping
//! projection of the tree-sitter concrete syntax tree (see `hcl.rs`) and of
//! Terraform's JSON syntax (see `eval::terraform_json`).

use crate::source::Span;

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Body {
    pub attributes: Vec<Attribute>,
    pub blocks: Vec<Block>,
}

impl Body {
    pub fn attribute(&self, name: &str) -> Option<&Attribute> {
        self.attributes.iter().find(|a| a.name == name)
    }

    pub fn blocks_of<'a>(&'a self, ty: &'a str) -> impl Iterator<Item = &'a Block> + 'a {
        self.blocks.iter().filter(move |b| b.ty == ty)
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Attribute {
    pub name: String,
    pub name_span: Span,
    pub expr: Expr,
    /// The whole `name = expr`.
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Block {
    pub ty: String,
    pub ty_span: Span,
    pub labels: Vec<Label>,
    pub body: Body,
    /// The whole block, from its type to its closing brace.
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Label {
    pub value: String,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Expr {
    pub kind: ExprKind,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub enum ExprKind {
    Null,
    Bool(bool),
    Number(f64),
    /// A quoted string or a heredoc, as literal parts and interpolations.
    Template(Vec<TemplatePart>),
    Tuple(Vec<Expr>),
    Object(Vec<ObjectItem>),
    /// A root name: `var`, `local`, `aws_s3_bucket`, `each`, `count`, ...
    Variable(String),
    /// `expr.name`
    GetAttr(Box<Expr>, String),
    /// `expr[index]` (also the legacy `expr.0`)
    Index(Box<Expr>, Box<Expr>),
    /// `expr[*].rest` or `expr.*.rest`: the traversal applied to each element.
    Splat(Box<Expr>, Vec<Traverser>),
    /// `name(args...)`; `expand` is true when the last argument ends in `...`.
    Call {
        name: String,
        args: Vec<Expr>,
        expand: bool,
    },
    Conditional(Box<Expr>, Box<Expr>, Box<Expr>),
    Unary(UnaryOp, Box<Expr>),
    Binary(BinaryOp, Box<Expr>, Box<Expr>),
    For(Box<ForExpr>),
}

#[derive(Clone, Debug, PartialEq)]
pub enum Traverser {
    Attr(String, Span),
    Index(Expr),
}

#[derive(Clone, Debug, PartialEq)]
pub struct ObjectItem {
    pub key: ObjectKey,
    pub key_span: Span,
    pub value: Expr,
}

#[derive(Clone, Debug, PartialEq)]
pub enum ObjectKey {
    /// A bare identifier key: `{ foo = 1 }`.
    Ident(String),
    /// Any other key expression: `{ "foo" = 1 }`, `{ (var.k) = 1 }`.
    Expr(Expr),
}

#[derive(Clone, Debug, PartialEq)]
pub enum TemplatePart {
    /// Literal text after escapes are processed (`$${` → `${`, `\"` → `"`).
    /// `verbatim` is true when `text` is byte for byte the source at `span`,
    /// so that positions inside it (an embedded JSON policy) map exactly.
    Literal {
        text: String,
        span: Span,
        verbatim: bool,
    },
    /// `${ expr }`
    Interpolation(Expr),
    /// `%{ if }` / `%{ for }` directives: not evaluated statically.
    Directive(Span),
}

#[derive(Clone, Debug, PartialEq)]
pub struct ForExpr {
    pub key_var: Option<String>,
    pub value_var: String,
    pub collection: Expr,
    /// For an object `for`, the key expression.
    pub key: Option<Expr>,
    pub value: Expr,
    pub condition: Option<Expr>,
    /// `...` grouping in an object `for`.
    pub grouping: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UnaryOp {
    Neg,
    Not,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BinaryOp {
    Add,
    Sub,
    Mul,
    Div,
    Mod,
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
    And,
    Or,
}
