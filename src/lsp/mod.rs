//! `palisade lsp`: a language server over standard input and output.
//!
//! Synchronous, in the style of rust-analyzer's `lsp-server`: one thread
//! reads frames, one writes them, and the main loop handles one message at a
//! time. Checks run through the same [`crate::scan::scan`] call as the CLI,
//! with the open documents' text given as [`crate::scan::ScanOptions::overlay`],
//! so unsaved edits are what gets checked and a Terraform file is evaluated
//! with the rest of its module directory.
//!
//! Severity mapping for diagnostics: critical and high are errors, medium is
//! a warning, low is information. Files that cannot be parsed get one error
//! diagnostic at the syntax error.

mod position;
mod server;
mod transport;

pub use position::{apply_change, LineIndex};
pub use server::{serve, Settings, DEFAULT_DEBOUNCE_MS};

/// Runs the server on standard input and output; returns the process exit
/// code (0 after `shutdown` then `exit`, 1 otherwise).
pub fn run() -> i32 {
    serve(std::io::BufReader::new(std::io::stdin()), std::io::stdout())
}
