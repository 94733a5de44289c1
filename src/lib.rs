//! Palisade: a static security linter for AWS infrastructure as code.
//!
//! Data flows one way: [`discover`] → [`parse`] → [`eval`] → [`model`] (adapt)
//! → [`rules`] → [`finding`] → [`report`]. The CLI and the language server are
//! thin front ends over [`scan::scan`].

pub mod baseline;
pub mod cli;
pub mod cli_extra;
mod cli_tfvars;
pub mod config;
pub mod discover;
pub mod eval;
pub mod finding;
pub mod fix;
pub mod lsp;
pub mod model;
pub mod output;
pub mod parse;
pub mod policy;
pub mod report;
pub mod rules;
pub mod scan;
mod scan_terraform;
pub mod source;
pub mod suppress;
