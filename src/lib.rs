//! Palisade: a static security linter for AWS infrastructure as code.
//!
//! Data flows one way: [`discover`] → [`parse`] → [`eval`] → [`model`] (adapt)
//! → [`rules`] → [`finding`] → [`report`]. The CLI and the language server are
//! thin front ends over [`scan::scan`].

pub mod address;
pub mod baseline;
pub mod changes;
// The command line, for the binary (`src/main.rs`) only: its `main` and
// `run` are all it exposes, and it is not part of the documented library.
#[doc(hidden)]
pub mod cli;
pub mod config;
pub mod discover;
pub mod download;
pub mod eval;
pub mod finding;
pub mod fix;
pub mod lsp;
pub mod model;
pub mod net;
pub mod parse;
pub mod policy;
pub mod report;
pub mod rule_meta;
pub mod rules;
pub mod scan;
pub mod source;
pub mod suppress;
