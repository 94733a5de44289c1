//! The Terraform variable flags of `palisade scan`: `--var NAME=VALUE` and
//! `--var-file FILE`, kept in command-line order as Terraform applies them,
//! and `TF_VAR_name` from the environment.

use std::path::PathBuf;

use clap::{ArgMatches, Args};

use crate::scan::{ScanOptions, TfVar};

#[derive(Debug, Args)]
pub(crate) struct TfVarArgs {
    /// Set a Terraform root module variable; repeatable. Like Terraform,
    /// later --var and --var-file values win over earlier ones, and all win
    /// over tfvars files and TF_VAR_ environment variables.
    #[arg(long = "var", value_name = "NAME=VALUE", value_parser = parse_var, help_heading = "Terraform")]
    pub vars: Vec<TfVar>,
    /// Read Terraform root module variables from a .tfvars or .tfvars.json
    /// file; repeatable.
    #[arg(long = "var-file", value_name = "FILE", value_parser = parse_var_file, help_heading = "Terraform")]
    pub var_files: Vec<TfVar>,
}

fn parse_var(s: &str) -> Result<TfVar, String> {
    let (name, value) = s
        .split_once('=')
        .filter(|(n, _)| !n.trim().is_empty())
        .ok_or_else(|| "expected NAME=VALUE".to_string())?;
    Ok(TfVar::Assign(name.trim().to_string(), value.to_string()))
}

fn parse_var_file(s: &str) -> Result<TfVar, String> {
    Ok(TfVar::File(PathBuf::from(s)))
}

impl TfVarArgs {
    /// Checks that every `--var-file` is a file that can be opened, so a
    /// typo fails before the scan rather than as a file error after it;
    /// the message names the file.
    pub fn check_files(&self) -> Result<(), String> {
        for v in &self.var_files {
            if let TfVar::File(p) = v {
                let opened = std::fs::metadata(p).and_then(|m| {
                    if m.is_dir() {
                        Err(std::io::Error::other("it is a directory"))
                    } else {
                        std::fs::File::open(p).map(drop)
                    }
                });
                if let Err(e) = opened {
                    return Err(format!("cannot read --var-file {}: {e}", p.display()));
                }
            }
        }
        Ok(())
    }

    /// Fills the scan options: the flags in command-line order (their
    /// positions in `matches`, the `scan` subcommand's), and `TF_VAR_*` from
    /// this process's environment.
    pub fn apply(&self, matches: &ArgMatches, opts: &mut ScanOptions) {
        let at = |id: &str| matches.indices_of(id).into_iter().flatten();
        let mut all: Vec<(usize, &TfVar)> = at("vars")
            .zip(&self.vars)
            .chain(at("var_files").zip(&self.var_files))
            .collect();
        all.sort_by_key(|(i, _)| *i);
        opts.tf_vars = all.into_iter().map(|(_, v)| v.clone()).collect();
        opts.tf_env = std::env::vars()
            .filter_map(|(k, v)| Some((k.strip_prefix("TF_VAR_")?.to_string(), v)))
            .filter(|(k, _)| !k.is_empty())
            .collect();
        opts.tf_env.sort();
    }
}

#[cfg(test)]
mod tests {
    use clap::{CommandFactory, FromArgMatches};

    use super::*;
    use crate::cli::scan_cmd::ScanArgs;
    use crate::cli::Cli;

    fn parse(args: &[&str]) -> Result<Vec<TfVar>, String> {
        let mut argv = vec!["palisade", "scan"];
        argv.extend(args);
        let matches = Cli::command()
            .try_get_matches_from(argv)
            .map_err(|e| e.to_string())?;
        let matches = matches.subcommand_matches("scan").expect("a scan");
        let scan = ScanArgs::from_arg_matches(matches).map_err(|e| e.to_string())?;
        let mut opts = ScanOptions::default();
        scan.tf.apply(matches, &mut opts);
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
