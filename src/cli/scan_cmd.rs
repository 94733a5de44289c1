//! `palisade scan` and `palisade baseline write`: their options, the
//! configuration they load, and the scan they run. Where the reports go,
//! colors, progress and the exit code: `output.rs`.

use std::io::{self, IsTerminal};
use std::path::{Path, PathBuf};
use std::time::Instant;

use clap::{ArgAction, ArgMatches, Args, CommandFactory, Subcommand, ValueEnum};

use crate::eval::cfn_params;
use crate::finding::Severity;
use crate::report::{self, Format, RenderOptions};
use crate::rules;
use crate::scan::{self, ScanOptions};
use crate::{baseline, config};

use super::output::{self, Target};
use super::tfvars::TfVarArgs;
use super::{print, Cli, EXIT_ERROR, EXIT_OK};

#[derive(Debug, Args)]
pub(crate) struct ScanArgs {
    /// Files or directories to scan.
    #[arg(value_name = "PATH", default_value = ".")]
    pub paths: Vec<PathBuf>,
    /// Output format (default text). Repeat it to write several reports;
    /// at most one may go to standard output.
    #[arg(long, short = 'f', value_enum, action = ArgAction::Append)]
    pub format: Vec<Format>,
    /// Write the report of the --format just before it to FILE instead of
    /// standard output.
    #[arg(long, short = 'o', value_name = "FILE", action = ArgAction::Append)]
    pub output: Vec<PathBuf>,
    /// Only show findings at or above this severity; the exit code is 1 when
    /// any is found.
    #[arg(long, short = 's', value_enum, value_name = "SEVERITY")]
    pub severity: Option<SeverityArg>,
    /// Do not honour .gitignore, .ignore and similar files.
    #[arg(long)]
    pub no_ignore: bool,
    /// Number of worker threads (default: one per CPU).
    #[arg(long, short = 'j', value_name = "N", value_parser = parse_threads)]
    pub threads: Option<usize>,
    /// Run only the rules mapped to this compliance framework: `fsbp` (AWS
    /// Foundational Security Best Practices) or `cis` (CIS AWS Foundations
    /// Benchmark v3.0.0); combined with the configuration's rule selection.
    #[arg(long, value_enum, value_name = "FRAMEWORK")]
    pub framework: Option<super::rules_cmd::FrameworkArg>,
    /// When to use colors in text output.
    #[arg(long, value_enum, value_name = "WHEN", default_value_t = ColorWhen::Auto)]
    pub color: ColorWhen,
    /// Report every finding: ignore all suppression comments and metadata.
    #[arg(long, help_heading = "Suppressions")]
    pub no_suppressions: bool,
    /// Do not honour other scanners' suppressions (tfsec, Trivy, Checkov,
    /// KICS, cfn_nag) for the equivalent rules.
    #[arg(long, help_heading = "Suppressions")]
    pub no_foreign_suppressions: bool,
    /// Require a reason in every Palisade suppression (default: true); a
    /// suppression without one is not applied and is reported.
    /// `--require-reason false` and `--require-reason=false` both turn it off.
    #[arg(
        long,
        value_name = "BOOL",
        num_args = 0..=1,
        default_missing_value = "true",
        value_parser = parse_bool,
        help_heading = "Suppressions"
    )]
    pub require_reason: Option<bool>,
    /// Run only this rule: an id, a name, or a prefix or service such as
    /// AWS-S3 or s3 (any case); repeatable. Replaces the configuration's
    /// `rules: only`.
    #[arg(long = "rule", value_name = "RULE", value_parser = parse_rule_key, help_heading = "Rules")]
    pub rule: Vec<RuleKey>,
    /// Do not run this rule (an id, a name, a prefix or a service, as
    /// --rule); repeatable. Wins over --rule and the configuration.
    #[arg(long = "skip-rule", value_name = "RULE", value_parser = parse_rule_key, help_heading = "Rules")]
    pub skip_rule: Vec<RuleKey>,
    #[command(flatten)]
    pub config: ConfigArgs,
    #[command(flatten)]
    pub parameters: ParameterArgs,
    #[command(flatten)]
    pub tf: TfVarArgs,
    #[command(flatten)]
    pub modules: super::modules_args::ModuleArgs,
    #[command(flatten)]
    pub policy: crate::policy::cli::PolicyArgs,
    /// Report only findings that are not in this baseline file.
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,
    /// Report everything but exit 0 even with findings (file errors still
    /// exit 2).
    #[arg(long)]
    pub soft_fail: bool,
    /// Exit 2 on warnings about the input too (a value for a variable
    /// nothing declares, several YAML documents in one file), not only on
    /// errors.
    #[arg(long)]
    pub strict: bool,
    /// Apply the safe fixes (the language server's quick fixes) to the
    /// files, then report what is left.
    #[arg(long)]
    pub fix: bool,
    /// Report only findings in lines changed since this git revision
    /// (committed, staged, unstaged and untracked changes; a finding about a
    /// missing attribute counts when its resource changed), and say how many
    /// were left out.
    #[arg(long, value_name = "REV")]
    pub changed_since: Option<String>,
    /// In Terraform plan JSON, check only the resources the plan creates or
    /// updates (replacements included), not those it leaves unchanged.
    #[arg(long)]
    pub plan_changes_only: bool,
    /// Print the safe fixes as a unified diff and write nothing (exit code 1
    /// when there is something to fix).
    #[arg(long)]
    pub diff: bool,
    /// Print nothing for a clean scan; no summary, no progress bar.
    #[arg(long, short = 'q')]
    pub quiet: bool,
    /// Skip a file named on the command line that is neither Terraform nor
    /// CloudFormation, instead of failing with exit code 2 (for hooks that
    /// pass every changed YAML and JSON file). Such files inside a scanned
    /// directory are always skipped.
    #[arg(long)]
    pub skip_other_files: bool,
}

/// Where the configuration comes from.
#[derive(Debug, Args)]
pub(crate) struct ConfigArgs {
    /// Read the configuration from FILE instead of the .palisade.yml found
    /// from the first PATH upwards.
    #[arg(long, value_name = "FILE", conflicts_with = "no_config")]
    pub config: Option<PathBuf>,
    /// Do not read any configuration file.
    #[arg(long)]
    pub no_config: bool,
}

/// CloudFormation parameter values.
#[derive(Debug, Args)]
pub(crate) struct ParameterArgs {
    /// Give a CloudFormation parameter (or pseudo parameter such as
    /// AWS::Region) a value, replacing its default; repeatable.
    #[arg(long = "parameter", value_name = "NAME=VALUE", value_parser = cfn_params::parse_assignment, help_heading = "CloudFormation")]
    pub parameter: Vec<(String, String)>,
    /// Read parameter values from FILE (AWS CLI JSON, template configuration
    /// JSON, a JSON object, or NAME=VALUE lines); --parameter wins.
    #[arg(
        long = "parameters",
        value_name = "FILE",
        help_heading = "CloudFormation"
    )]
    pub parameters: Vec<PathBuf>,
}

impl ParameterArgs {
    /// Reads the `--parameters` files (before the scan: a missing one is an
    /// error naming it) and adds every value to `opts`.
    fn apply(&self, opts: &mut ScanOptions) -> Result<(), i32> {
        for file in &self.parameters {
            let parsed = std::fs::read_to_string(file)
                .map_err(|e| format!("cannot read --parameters {}: {e}", file.display()))
                .and_then(|text| {
                    cfn_params::parse_file(&text).map_err(|e| format!("{}: {e}", file.display()))
                });
            match parsed {
                Ok(values) => opts.parameters.extend(values),
                Err(e) => {
                    eprintln!("error: {e}");
                    return Err(EXIT_ERROR);
                }
            }
        }
        opts.parameters.extend(self.parameter.iter().cloned());
        Ok(())
    }
}

#[derive(Debug, Subcommand)]
pub(crate) enum BaselineCommand {
    /// Scan and write every current finding to FILE.
    Write(BaselineWriteArgs),
}

#[derive(Debug, Args)]
pub(crate) struct BaselineWriteArgs {
    /// The baseline file to write.
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// Files or directories to scan.
    #[arg(value_name = "PATH", default_value = ".")]
    pub paths: Vec<PathBuf>,
    /// Do not honour .gitignore, .ignore and similar files.
    #[arg(long)]
    pub no_ignore: bool,
    #[command(flatten)]
    pub config: ConfigArgs,
    #[command(flatten)]
    pub policy: crate::policy::cli::PolicyArgs,
    #[command(flatten)]
    pub parameters: ParameterArgs,
}

/// A severity threshold.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(crate) enum SeverityArg {
    Low,
    Medium,
    High,
    Critical,
}

impl From<SeverityArg> for Severity {
    fn from(s: SeverityArg) -> Severity {
        match s {
            SeverityArg::Low => Severity::Low,
            SeverityArg::Medium => Severity::Medium,
            SeverityArg::High => Severity::High,
            SeverityArg::Critical => Severity::Critical,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(crate) enum ColorWhen {
    /// When the report goes to a terminal; NO_COLOR turns it off,
    /// CLICOLOR_FORCE=1 on.
    Auto,
    /// Always, even when writing to a file or a pipe.
    Always,
    /// Never.
    Never,
}

/// The ids of the rules a `--rule` or `--skip-rule` value selects.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct RuleKey(pub Vec<String>);

/// A `--rule`/`--skip-rule` value: an id, a name, a prefix or a service (see
/// [`rules::select`]); an unknown one is a usage error naming the nearest
/// rule.
fn parse_rule_key(s: &str) -> Result<RuleKey, String> {
    let selected = rules::select(s);
    if !selected.is_empty() {
        return Ok(RuleKey(selected.iter().map(|r| r.id.clone()).collect()));
    }
    let key = s.trim().to_ascii_lowercase();
    // A mistyped service, when one service alone is one edit away.
    let services: std::collections::BTreeSet<&str> = rules::all()
        .iter()
        .map(|r| r.service.as_str())
        .filter(|service| key.len() > 1 && strsim::damerau_levenshtein(&key, service) == 1)
        .collect();
    let service = services.first().filter(|_| services.len() == 1);
    Err(match (rules::suggest(s), service) {
        (Some(r), _) => format!(
            "no rule has this id, name, prefix or service; did you mean {} ({})?",
            r.id, r.name
        ),
        (None, Some(service)) => format!(
            "no rule has this id, name, prefix or service; did you mean the service {service}?"
        ),
        (None, None) => "no rule has this id, name, prefix or service \
                 (run `palisade rules` to list the rules)"
            .into(),
    })
}

/// The value of a boolean option: `true` or `false` (also `yes`/`no`,
/// `on`/`off`, `1`/`0`). Since the value may be left out, the message
/// explains what to do when a path was taken for it.
fn parse_bool(s: &str) -> Result<bool, String> {
    match s.to_ascii_lowercase().as_str() {
        "true" | "yes" | "on" | "1" => Ok(true),
        "false" | "no" | "off" | "0" => Ok(false),
        _ => Err(
            "expected true or false (to scan a path, write it before this option \
             or write the option as --require-reason=true)"
                .into(),
        ),
    }
}

fn parse_threads(s: &str) -> Result<usize, String> {
    match s.parse::<usize>() {
        Ok(0) => Err("must be at least 1".into()),
        Ok(n) => Ok(n),
        Err(e) => Err(e.to_string()),
    }
}

/// Runs `palisade scan`; `matches` are the subcommand's, for the positions
/// of repeated options.
pub(super) fn run(args: ScanArgs, matches: &ArgMatches) -> i32 {
    match targets(matches) {
        Ok(targets) => cmd_scan(args, &targets, matches),
        Err(message) => {
            let mut cmd = Cli::command();
            cmd.build();
            if let Some(scan) = cmd.find_subcommand_mut("scan") {
                let _ = scan
                    .error(clap::error::ErrorKind::ArgumentConflict, message)
                    .print();
            }
            EXIT_ERROR
        }
    }
}

/// The configuration for a scan of `paths`, with its options applied to
/// `opts`; errors are printed.
fn load_config(
    args: &ConfigArgs,
    paths: &[PathBuf],
    opts: &mut ScanOptions,
) -> Result<Option<config::Loaded>, i32> {
    let first = paths.first().map_or(Path::new("."), PathBuf::as_path);
    match config::resolve(args.config.as_deref(), args.no_config, first) {
        Ok(loaded) => {
            if let Some(l) = &loaded {
                l.apply(opts);
            }
            Ok(loaded)
        }
        Err(errors) => {
            for e in errors {
                eprintln!("error: {e}");
            }
            Err(EXIT_ERROR)
        }
    }
}

pub(super) fn cmd_baseline_write(args: BaselineWriteArgs) -> i32 {
    let mut opts = ScanOptions {
        paths: args.paths,
        no_ignore: args.no_ignore,
        reject_other_files: true,
        ..Default::default()
    };
    if let Err(code) = load_config(&args.config, &opts.paths.clone(), &mut opts)
        .and_then(|loaded| args.policy.apply(loaded.as_ref(), &mut opts))
        .and_then(|_| args.parameters.apply(&mut opts))
    {
        return code;
    }
    let result = scan::scan(&opts);
    for e in &result.errors {
        eprintln!("error: {}: {}", report::path_string(&e.path), e.message);
    }
    match baseline::write(&args.file, &result) {
        Ok(n) => {
            let msg = format!(
                "wrote {} to {}\n",
                report::plural(n, "finding"),
                args.file.display()
            );
            if let Err(code) = print(&msg) {
                return code;
            }
        }
        Err(e) => {
            eprintln!("error: {e}");
            return EXIT_ERROR;
        }
    }
    if result.errors.is_empty() {
        EXIT_OK
    } else {
        EXIT_ERROR
    }
}

/// The reports `--format`/`--output` ask for, paired by position.
fn targets(m: &ArgMatches) -> Result<Vec<Target>, String> {
    fn with_indices<T: Clone + Send + Sync + 'static>(m: &ArgMatches, id: &str) -> Vec<(usize, T)> {
        match (m.indices_of(id), m.get_many::<T>(id)) {
            (Some(i), Some(v)) => i.zip(v.cloned()).collect(),
            _ => Vec::new(),
        }
    }
    output::plan(&with_indices(m, "format"), &with_indices(m, "output"))
}

/// `--changed-since REV`: the lines changed since it, read by git in the
/// directory of the first path.
fn changed_since(args: &ScanArgs) -> Result<Option<crate::changes::Changes>, i32> {
    let Some(rev) = &args.changed_since else {
        return Ok(None);
    };
    let first = args.paths.first().cloned().unwrap_or_else(|| ".".into());
    let dir = if first.is_dir() {
        first
    } else {
        first
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .map_or_else(|| ".".into(), Path::to_path_buf)
    };
    match crate::changes::Changes::since(rev, &dir) {
        Ok(c) => Ok(Some(c)),
        Err(e) => {
            eprintln!("error: {e}");
            Err(EXIT_ERROR)
        }
    }
}

fn cmd_scan(args: ScanArgs, targets: &[Target], matches: &ArgMatches) -> i32 {
    // Missing or unreadable paths are not checked here: the scan reports them
    // as file errors, so they appear in every output format (and exit 2).
    let mut opts = ScanOptions {
        paths: args.paths.clone(),
        no_ignore: args.no_ignore,
        threads: args.threads,
        reject_other_files: !args.skip_other_files,
        plan_changes_only: args.plan_changes_only,
        ..Default::default()
    };
    if let Err(e) = args.tf.check_files() {
        eprintln!("error: {e}");
        return EXIT_ERROR;
    }
    args.tf.apply(matches, &mut opts);
    if let Err(e) = args.modules.apply(&mut opts) {
        eprintln!("error: {e}");
        return EXIT_ERROR;
    }
    let loaded = match load_config(&args.config, &args.paths, &mut opts) {
        Ok(loaded) => loaded,
        Err(code) => return code,
    };
    if let Err(code) = args.policy.apply(loaded.as_ref(), &mut opts) {
        return code;
    }
    if let Some(f) = args.framework {
        opts.rules.restrict_to_framework(f.into());
    }
    if let Err(code) = args.parameters.apply(&mut opts) {
        return code;
    }
    // Flags win over the configuration.
    if args.no_suppressions {
        opts.suppress.enabled = false;
    }
    if args.no_foreign_suppressions {
        opts.suppress.foreign = false;
    }
    if let Some(required) = args.require_reason {
        opts.suppress.require_reason = required;
    }
    let ids = |keys: &[RuleKey]| keys.iter().flat_map(|k| k.0.iter().cloned()).collect();
    opts.rules
        .override_with(&ids(&args.rule), &ids(&args.skip_rule));
    let defaults = loaded.as_ref().map(|l| &l.config);
    let mut targets = targets.to_vec();
    if let (true, Some(config), [only]) = (args.format.is_empty(), defaults, &mut targets[..]) {
        only.format = config.format;
    }
    let min_severity = args
        .severity
        .map(Severity::from)
        .or(defaults.map(|c| c.severity));
    let baseline_file = args
        .baseline
        .clone()
        .or_else(|| loaded.as_ref().and_then(config::Loaded::baseline));
    let baseline = match baseline_file.as_deref().map(baseline::read).transpose() {
        Ok(b) => b,
        Err(e) => {
            eprintln!("error: {e}");
            return EXIT_ERROR;
        }
    };
    let changes = match changed_since(&args) {
        Ok(c) => c,
        Err(code) => return code,
    };
    let progress = (!args.quiet && io::stderr().is_terminal()).then(output::ProgressBar::new);
    opts.progress = progress.as_ref().map(|p| p.hook());

    let started = Instant::now();
    let mut result = scan::scan(&opts);
    if args.fix || args.diff {
        let protect = |r: &mut crate::finding::ScanResult| args.modules.protect_cache(r);
        protect(&mut result);
        if let Some(code) = super::fix_cmd::run(&result, &mut opts, &protect, args.diff, args.quiet)
        {
            return code;
        }
        // Report what is left.
        result = scan::scan(&opts);
    }
    if let Some(b) = &baseline {
        b.apply(&mut result);
    }
    if let Some(changes) = &changes {
        changes.apply(&mut result);
    }
    args.modules.exclude(&mut result);
    let elapsed = started.elapsed();
    if let Some(p) = progress {
        p.finish();
    }

    let mut code = output::exit_code(&result, min_severity, args.soft_fail, args.strict);
    for target in targets {
        let to_terminal = target.output.is_none() && io::stdout().is_terminal();
        let color = match args.color {
            ColorWhen::Always => true,
            ColorWhen::Never => false,
            ColorWhen::Auto => output::auto_color(
                to_terminal,
                std::env::var_os("NO_COLOR").as_deref(),
                std::env::var_os("CLICOLOR_FORCE").as_deref(),
            ),
        };
        let out = report::render(
            target.format,
            &result,
            &RenderOptions {
                color,
                min_severity,
                // Only on a terminal: files and pipes get the same bytes
                // for the same input.
                elapsed: to_terminal.then_some(elapsed),
                quiet: args.quiet,
            },
        );
        let written = match &target.output {
            Some(file) => std::fs::write(file, &out).map_err(|e| {
                eprintln!("error: cannot write {}: {e}", file.display());
                EXIT_ERROR
            }),
            None => print(&out),
        };
        if let Err(e) = written {
            code = e;
        }
    }
    code
}

#[cfg(test)]
mod tests {
    use clap::{FromArgMatches, Parser};

    use super::*;
    use crate::cli::{run as run_cli, Command};

    #[test]
    fn parses_scan_options() {
        let cli = Cli::try_parse_from([
            "palisade",
            "scan",
            "a",
            "b",
            "--format",
            "sarif",
            "--severity",
            "high",
            "--threads",
            "3",
            "--no-ignore",
            "--color",
            "never",
            "-o",
            "out.sarif",
        ])
        .unwrap();
        let Command::Scan(args) = cli.command else {
            panic!()
        };
        assert_eq!(args.paths, [PathBuf::from("a"), PathBuf::from("b")]);
        assert_eq!(args.format, [Format::Sarif]);
        assert_eq!(args.severity, Some(SeverityArg::High));
        assert_eq!(args.threads, Some(3));
        assert!(args.no_ignore);
        assert_eq!(args.color, ColorWhen::Never);
        assert_eq!(args.output, [PathBuf::from("out.sarif")]);
        assert!(!args.soft_fail && !args.quiet);

        let cli = Cli::try_parse_from(["palisade", "scan"]).unwrap();
        let Command::Scan(args) = cli.command else {
            panic!()
        };
        assert_eq!(args.paths, [PathBuf::from(".")]);
        assert!(args.format.is_empty(), "text by default");
        assert_eq!(args.color, ColorWhen::Auto);
    }

    #[test]
    fn parses_config_and_baseline_options() {
        let cli = Cli::try_parse_from([
            "palisade",
            "scan",
            "--config",
            "ci/palisade.yml",
            "--baseline",
            "b.json",
        ])
        .unwrap();
        let Command::Scan(args) = cli.command else {
            panic!()
        };
        assert_eq!(args.config.config, Some(PathBuf::from("ci/palisade.yml")));
        assert!(!args.config.no_config);
        assert_eq!(args.baseline, Some(PathBuf::from("b.json")));

        let cli = Cli::try_parse_from([
            "palisade",
            "baseline",
            "write",
            "b.json",
            "infra",
            "--no-config",
        ])
        .unwrap();
        let Command::Baseline(BaselineCommand::Write(args)) = cli.command else {
            panic!()
        };
        assert_eq!(args.file, PathBuf::from("b.json"));
        assert_eq!(args.paths, [PathBuf::from("infra")]);
        assert!(args.config.no_config);

        let cli = Cli::try_parse_from(["palisade", "init", "--force"]).unwrap();
        let Command::Init(args) = cli.command else {
            panic!()
        };
        assert_eq!((args.dir, args.force), (PathBuf::from("."), true));

        let e = Cli::try_parse_from(["palisade", "scan", "--config", "a.yml", "--no-config"])
            .unwrap_err();
        assert_eq!(e.exit_code(), 2);
        let e = Cli::try_parse_from(["palisade", "baseline", "write"]).unwrap_err();
        assert_eq!(e.exit_code(), 2);
    }

    #[test]
    fn several_formats_pair_with_their_outputs() {
        let m = Cli::command()
            .try_get_matches_from([
                "palisade",
                "scan",
                "--format",
                "sarif",
                "--output",
                "p.sarif",
                "--format",
                "text",
                "--soft-fail",
                "-q",
                ".",
            ])
            .unwrap();
        let scan = m.subcommand_matches("scan").unwrap();
        assert_eq!(
            targets(scan),
            Ok(vec![
                Target {
                    format: Format::Sarif,
                    output: Some(PathBuf::from("p.sarif"))
                },
                Target {
                    format: Format::Text,
                    output: None
                },
            ])
        );
        let args = ScanArgs::from_arg_matches(scan).unwrap();
        assert!(args.soft_fail && args.quiet);
        assert_eq!(
            run_cli(["palisade", "scan", "-f", "json", "-f", "sarif", "."]),
            EXIT_ERROR
        );
    }
}
