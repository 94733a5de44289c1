//! A generic data tree with spans, produced by the YAML and JSON front ends.
//!
//! CloudFormation templates (YAML or JSON), `.tf.json` files and JSON policy
//! documents all become a [`Node`]. Nothing is evaluated here: a YAML tag such
//! as `!Ref` is kept on the node as written.

use crate::source::Span;

#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    pub kind: NodeKind,
    /// The span of the whole value (for a tagged node, the tag included).
    pub span: Span,
    /// A local YAML tag as written without the leading `!` (`Ref`, `GetAtt`,
    /// `Sub`, ...). Core-schema tags (`!!str`, ...) are applied while parsing
    /// and not kept.
    pub tag: Option<String>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum NodeKind {
    Null,
    Bool(bool),
    /// Numbers keep their source text so that `"010"`-like values and big
    /// integers round-trip; `as_f64` parses them.
    Number(String),
    String(String),
    Seq(Vec<Node>),
    /// Entries in source order. Duplicate keys are kept; lookups take the last.
    Map(Vec<Entry>),
}

#[derive(Clone, Debug, PartialEq)]
pub struct Entry {
    pub key: String,
    pub key_span: Span,
    pub value: Node,
}

impl Node {
    pub fn new(kind: NodeKind, span: Span) -> Node {
        Node {
            kind,
            span,
            tag: None,
        }
    }

    /// Looks up a key of a map node (the last one wins, as in most YAML loaders).
    pub fn get(&self, key: &str) -> Option<&Node> {
        self.entry(key).map(|e| &e.value)
    }

    pub fn entry(&self, key: &str) -> Option<&Entry> {
        match &self.kind {
            NodeKind::Map(entries) => entries.iter().rev().find(|e| e.key == key),
            _ => None,
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match &self.kind {
            NodeKind::String(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_map(&self) -> Option<&[Entry]> {
        match &self.kind {
            NodeKind::Map(e) => Some(e),
            _ => None,
        }
    }

    pub fn as_seq(&self) -> Option<&[Node]> {
        match &self.kind {
            NodeKind::Seq(s) => Some(s),
            _ => None,
        }
    }
}

/// A syntax error (or a limit that was hit) at a position in the file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SyntaxError {
    pub message: String,
    pub span: Span,
}

impl SyntaxError {
    pub fn new(message: impl Into<String>, span: Span) -> SyntaxError {
        SyntaxError {
            message: message.into(),
            span,
        }
    }
}

/// Limits that keep hostile input bounded.
pub const MAX_DEPTH: usize = 256;
/// The most nodes one document may expand to (YAML aliases included).
pub const MAX_NODES: usize = 2_000_000;

/// A comment of a source file, kept for inline suppressions: its full text,
/// marker included (`#`, `//`, `/*`), without the line break or a trailing
/// carriage return, and its byte span.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Comment {
    pub text: String,
    pub span: Span,
}
