//! Parsing: bytes to syntax with spans. No evaluation happens here.

pub mod hcl;
pub mod hcl_ast;
pub mod json;
pub mod tree;
pub mod yaml;

pub use tree::{Comment, Entry, Node, NodeKind, SyntaxError};
