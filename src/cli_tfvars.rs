//! The Terraform variable flags of `palisade scan`: `--var NAME=VALUE` and
//! `--var-file FILE`, kept in command-line order as Terraform applies them,
//! and `TF_VAR_name` from the environment.

use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};

use clap::Args;

use crate::scan::{ScanOptions, TfVar};

/// Parsers run in command-line order: a counter restores the order across the
/// two flags.
static SEQ: AtomicUsize = AtomicUsize::new(0);

/// A flag value with its position among the variable flags.
#[derive(Clone, Debug)]
pub struct Ordered(usize, TfVar);

#[derive(Debug, Args)]
pub struct TfVarArgs {
    /// Set a Terraform root module variable; repeatable. Like Terraform,
    /// later --var and --var-file values win over earlier ones, and all win
    /// over tfvars files and TF_VAR_ environment variables.
    #[arg(long = "var", value_name = "NAME=VALUE", value_parser = parse_var, help_heading = "Terraform")]
    pub vars: Vec<Ordered>,
    /// Read Terraform root module variables from a .tfvars or .tfvars.json
    /// file; repeatable.
    #[arg(long = "var-file", value_name = "FILE", value_parser = parse_var_file, help_heading = "Terraform")]
    pub var_files: Vec<Ordered>,
}

fn parse_var(s: &str) -> Result<Ordered, String> {
    let (name, value) = s
        .split_once('=')
        .filter(|(n, _)| !n.trim().is_empty())
        .ok_or_else(|| "expected NAME=VALUE".to_string())?;
    Ok(Ordered(
        SEQ.fetch_add(1, Ordering::Relaxed),
        TfVar::Assign(name.trim().to_string(), value.to_string()),
    ))
}

fn parse_var_file(s: &str) -> Result<Ordered, String> {
    Ok(Ordered(
        SEQ.fetch_add(1, Ordering::Relaxed),
        TfVar::File(PathBuf::from(s)),
    ))
}

impl TfVarArgs {
    /// Fills the scan options: the flags in order, and `TF_VAR_*` from this
    /// process's environment.
    pub fn apply(&self, opts: &mut ScanOptions) {
        let mut all: Vec<&Ordered> = self.vars.iter().chain(&self.var_files).collect();
        all.sort_by_key(|o| o.0);
        opts.tf_vars = all.into_iter().map(|o| o.1.clone()).collect();
        opts.tf_env = std::env::vars()
            .filter_map(|(k, v)| Some((k.strip_prefix("TF_VAR_")?.to_string(), v)))
            .filter(|(k, _)| !k.is_empty())
            .collect();
        opts.tf_env.sort();
    }
}

#[cfg(test)]
mod tests {
    use clap::Parser;

    use super::*;
    use crate::cli::{Cli, Command};

    fn parse(args: &[&str]) -> Result<Vec<TfVar>, String> {
        let mut argv = vec!["palisade", "scan"];
        argv.extend(args);
        let cli = Cli::try_parse_from(argv).map_err(|e| e.to_string())?;
        let Command::Scan(scan) = cli.command else {
            panic!("not a scan")
        };
        let mut opts = ScanOptions::default();
        scan.tf.apply(&mut opts);
        Ok(opts.tf_vars)
    }

    #[test]
    fn var_flags_keep_command_line_order() {
        let vars = parse(&[
            "--var-file",
            "a.tfvars",
            "--var",
            "x=1",
            "--var-file",
            "b.tfvars",
            "--var",
            "y=a=b",
        ])
        .unwrap();
        assert_eq!(
            vars,
            vec![
                TfVar::File("a.tfvars".into()),
                TfVar::Assign("x".into(), "1".into()),
                TfVar::File("b.tfvars".into()),
                TfVar::Assign("y".into(), "a=b".into()),
            ]
        );
    }

    #[test]
    fn var_without_name_is_a_usage_error() {
        let err = parse(&["--var", "=1"]).unwrap_err();
        assert!(err.contains("expected NAME=VALUE"), "{err}");
        let err = parse(&["--var", "novalue"]).unwrap_err();
        assert!(err.contains("expected NAME=VALUE"), "{err}");
    }
}
