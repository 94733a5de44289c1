//! The `palisade` command line: `scan` and `baseline write`
//! (`scan_cmd.rs`), `rules` and `explain` (`rules_cmd.rs`), `init`, `lsp`,
//! plus `completions` and `man` (generated in `extra.rs`).
//!
//! Exit codes: 0 when nothing at or above the threshold was found (or
//! `--soft-fail`), 1 when something was, 2 when a file could not be scanned or
//! the command line was wrong (clap's usage errors exit with 2 as well).
//! Where reports go, colors, progress and exit codes: `output.rs`.
//!
//! Not part of the library's interface: the binary calls [`main`], and
//! nothing else here is public.

mod extra;
mod fix_cmd;
mod modules_args;
pub(crate) mod output;
mod rules_cmd;
mod scan_cmd;
mod tfvars;

use std::ffi::OsString;
use std::io::{self, Write};
use std::path::PathBuf;

use clap::{Args, CommandFactory, FromArgMatches, Parser, Subcommand};

use crate::config;
use output::{EXIT_ERROR, EXIT_OK};
use rules_cmd::{ExplainArgs, RulesArgs};
use scan_cmd::{BaselineCommand, ScanArgs};

/// A static security linter for AWS Terraform and CloudFormation.
#[derive(Debug, Parser)]
#[command(name = "palisade", version, arg_required_else_help = true)]
pub(crate) struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Scan Terraform and CloudFormation files for security problems.
    Scan(ScanArgs),
    /// Apply the safe fixes to the files (`scan --fix`), then report what is
    /// left; `--diff` shows them without writing.
    Fix(ScanArgs),
    /// List the available rules.
    Rules(RulesArgs),
    /// Show the documentation of a rule.
    Explain(ExplainArgs),
    /// Write a commented starting .palisade.yml.
    Init(InitArgs),
    /// Record the current findings, so that scans report only new ones.
    #[command(subcommand)]
    Baseline(BaselineCommand),
    /// Print a shell completion script to standard output.
    Completions(extra::CompletionsArgs),
    /// Print the manual page (roff) to standard output.
    Man,
    /// Run the language server on standard input and output.
    Lsp(LspArgs),
    /// Custom policies: test them against their example files.
    #[command(subcommand)]
    Policy(crate::policy::cli::PolicyCommand),
}

#[derive(Debug, Args)]
pub(crate) struct LspArgs {
    /// Use standard input and output (the only transport; accepted because
    /// some clients always pass it).
    #[arg(long)]
    pub stdio: bool,
}

#[derive(Debug, Args)]
pub(crate) struct InitArgs {
    /// Directory to write .palisade.yml in.
    #[arg(value_name = "DIR", default_value = ".")]
    pub dir: PathBuf,
    /// Overwrite an existing configuration file.
    #[arg(long)]
    pub force: bool,
}

/// Runs the command line of this process; returns the exit code.
pub fn main() -> i32 {
    run(std::env::args_os())
}

/// Runs a command line (`args[0]` is the program name); returns the exit code.
pub fn run<I, T>(args: I) -> i32
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    let parsed = Cli::command()
        .try_get_matches_from(args)
        .and_then(|m| Cli::from_arg_matches(&m).map(|cli| (cli, m)));
    let (cli, matches) = match parsed {
        Ok(parsed) => parsed,
        Err(e) => {
            let _ = e.print();
            return e.exit_code();
        }
    };
    match cli.command {
        Command::Scan(args) => match matches.subcommand_matches("scan") {
            Some(m) => scan_cmd::run(args, m),
            None => EXIT_ERROR,
        },
        Command::Fix(mut args) => match matches.subcommand_matches("fix") {
            Some(m) => {
                args.fix = true;
                scan_cmd::run(args, m)
            }
            None => EXIT_ERROR,
        },
        Command::Rules(args) => rules_cmd::cmd_rules(&args),
        Command::Explain(args) => rules_cmd::cmd_explain(&args),
        Command::Init(args) => match config::init(&args.dir, args.force) {
            Ok(path) => print(&format!("wrote {}\n", path.display()))
                .err()
                .unwrap_or(EXIT_OK),
            Err(e) => {
                eprintln!("error: {e}");
                EXIT_ERROR
            }
        },
        Command::Baseline(BaselineCommand::Write(args)) => scan_cmd::cmd_baseline_write(args),
        Command::Completions(args) => print(&extra::completions(args.shell))
            .err()
            .unwrap_or(EXIT_OK),
        Command::Man => print(&extra::man_page()).err().unwrap_or(EXIT_OK),
        Command::Lsp(_) => crate::lsp::run(),
        Command::Policy(cmd) => crate::policy::cli::run(cmd),
    }
}

/// Writes to standard output. A closed pipe (`palisade ... | head`) is not an
/// error; anything else is reported and yields the exit code.
fn print(s: &str) -> Result<(), i32> {
    let mut stdout = io::stdout().lock();
    match stdout.write_all(s.as_bytes()).and_then(|()| stdout.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => {
            eprintln!("error: cannot write to standard output: {e}");
            Err(EXIT_ERROR)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cli_definition_is_valid() {
        Cli::command().debug_assert();
    }

    #[test]
    fn usage_errors_exit_2() {
        let e = Cli::try_parse_from(["palisade", "scan", "--format", "xml"]).unwrap_err();
        assert_eq!(e.exit_code(), 2);
        let e = Cli::try_parse_from(["palisade", "scan", "--threads", "0"]).unwrap_err();
        assert_eq!(e.exit_code(), 2);
        let e = Cli::try_parse_from(["palisade", "explain"]).unwrap_err();
        assert_eq!(e.exit_code(), 2);
    }
}
