//! The command-line side of custom policies: `--policy`, the
//! configuration's `policies:`, and `palisade policy test`.

use std::path::PathBuf;
use std::sync::Arc;

use clap::{Args, Subcommand};

use super::Policies;
use crate::cli::output::EXIT_ERROR;
use crate::config::Loaded;
use crate::scan::ScanOptions;

#[derive(Debug, Default, Args)]
pub struct PolicyArgs {
    /// Load custom policies (Checkov-format YAML or Rego) from a file or
    /// directory; repeatable, added to the configuration's `policies`.
    #[arg(long = "policy", value_name = "PATH")]
    pub policy: Vec<PathBuf>,
}

impl PolicyArgs {
    /// The policy paths: the configuration's, then `--policy`.
    pub fn paths(&self, loaded: Option<&Loaded>) -> Vec<PathBuf> {
        let mut paths = loaded.map(Loaded::policies).unwrap_or_default();
        paths.extend(self.policy.iter().cloned());
        paths
    }

    /// Loads the policies into the scan options; a policy that does not
    /// load is printed (`path:line:col: message`) and the exit code is 2.
    pub fn apply(&self, loaded: Option<&Loaded>, opts: &mut ScanOptions) -> Result<(), i32> {
        let paths = self.paths(loaded);
        if paths.is_empty() {
            return Ok(());
        }
        let policies = load_or_print(&paths)?;
        opts.policies = (!policies.is_empty()).then(|| Arc::new(policies));
        Ok(())
    }
}

impl PolicyArgs {
    /// For `palisade rules` and `explain`: loads `--policy` and the
    /// `policies:` of the configuration found from the working directory,
    /// and returns their metadata.
    pub fn listed(&self) -> Result<Vec<&'static crate::rules::RuleMeta>, i32> {
        let loaded = crate::config::resolve(None, false, std::path::Path::new("."))
            .ok()
            .flatten();
        let paths = self.paths(loaded.as_ref());
        if paths.is_empty() {
            return Ok(Vec::new());
        }
        Ok(load_or_print(&paths)?.list.iter().map(|p| p.meta).collect())
    }
}

/// Loads policies, printing every loading error.
pub fn load_or_print(paths: &[PathBuf]) -> Result<Policies, i32> {
    Policies::load(paths).map_err(|errors| {
        for e in errors {
            eprintln!("error: {e}");
        }
        EXIT_ERROR
    })
}

#[derive(Debug, Subcommand)]
pub enum PolicyCommand {
    /// Run custom policies against their example files and report where the
    /// findings differ from the expectations.
    Test(PolicyTestArgs),
}

#[derive(Debug, Args)]
pub struct PolicyTestArgs {
    /// Directories (or files) of policies with their tests.
    #[arg(value_name = "DIR", required = true)]
    pub dirs: Vec<PathBuf>,
}

/// Runs `palisade policy ...`.
pub fn run(cmd: PolicyCommand) -> i32 {
    match cmd {
        PolicyCommand::Test(args) => super::test_cmd::run(&args.dirs),
    }
}
