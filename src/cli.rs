//! The `palisade` command line: `scan`, `rules`, `explain`, `init`,
//! `baseline write` and `lsp`, plus `completions` and `man` (generated in
//! [`crate::cli_extra`]).
//!
//! Exit codes: 0 when nothing at or above the threshold was found (or
//! `--soft-fail`), 1 when something was, 2 when a file could not be scanned or
//! the command line was wrong (clap's usage errors exit with 2 as well).
//! Where reports go, colors, progress and exit codes: `crate::output`.

use std::ffi::OsString;
use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

use clap::{
    ArgAction, ArgMatches, Args, CommandFactory, FromArgMatches, Parser, Subcommand, ValueEnum,
};
use serde::Serialize;

use crate::cli_extra;
use crate::eval::cfn_params;
use crate::finding::Severity;
use crate::output::{self, Target};
pub use crate::output::{EXIT_ERROR, EXIT_FINDINGS, EXIT_OK};
use crate::report::{self, Format, RenderOptions};
use crate::rules::{self, Equivalents, RuleMeta};
use crate::scan::{self, ScanOptions};
use crate::{baseline, config};

/// A static security linter for AWS Terraform and CloudFormation.
#[derive(Debug, Parser)]
#[command(name = "palisade", version, arg_required_else_help = true)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Scan Terraform and CloudFormation files for security problems.
    Scan(ScanArgs),
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
    Completions(cli_extra::CompletionsArgs),
    /// Print the manual page (roff) to standard output.
    Man,
    /// Run the language server on standard input and output.
    Lsp(LspArgs),
    /// Custom policies: test them against their example files.
    #[command(subcommand)]
    Policy(crate::policy::cli::PolicyCommand),
}

#[derive(Debug, Args)]
pub struct LspArgs {
    /// Use standard input and output (the only transport; accepted because
    /// some clients always pass it).
    #[arg(long)]
    pub stdio: bool,
}

#[derive(Debug, Args)]
pub struct ScanArgs {
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
    #[arg(
        long,
        value_name = "BOOL",
        num_args = 0..=1,
        require_equals = true,
        default_missing_value = "true",
        help_heading = "Suppressions"
    )]
    pub require_reason: Option<bool>,
    #[command(flatten)]
    pub config: ConfigArgs,
    #[command(flatten)]
    pub parameters: ParameterArgs,
    #[command(flatten)]
    pub tf: crate::cli_tfvars::TfVarArgs,
    #[command(flatten)]
    pub policy: crate::policy::cli::PolicyArgs,
    /// Report only findings that are not in this baseline file.
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,
    /// Report everything but exit 0 even with findings (file errors still
    /// exit 2).
    #[arg(long)]
    pub soft_fail: bool,
    /// Print nothing for a clean scan; no summary, no progress bar.
    #[arg(long, short = 'q')]
    pub quiet: bool,
}

/// Where the configuration comes from.
#[derive(Debug, Args)]
pub struct ConfigArgs {
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
pub struct ParameterArgs {
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
    fn apply(&self, opts: &mut ScanOptions) -> Result<(), i32> {
        for file in &self.parameters {
            let parsed = std::fs::read_to_string(file)
                .map_err(|e| e.to_string())
                .and_then(|text| cfn_params::parse_file(&text));
            match parsed {
                Ok(values) => opts.parameters.extend(values),
                Err(e) => {
                    eprintln!("error: {}: {e}", file.display());
                    return Err(EXIT_ERROR);
                }
            }
        }
        opts.parameters.extend(self.parameter.iter().cloned());
        Ok(())
    }
}

#[derive(Debug, Args)]
pub struct InitArgs {
    /// Directory to write .palisade.yml in.
    #[arg(value_name = "DIR", default_value = ".")]
    pub dir: PathBuf,
    /// Overwrite an existing configuration file.
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Subcommand)]
pub enum BaselineCommand {
    /// Scan and write every current finding to FILE.
    Write(BaselineWriteArgs),
}

#[derive(Debug, Args)]
pub struct BaselineWriteArgs {
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

#[derive(Debug, Args)]
pub struct RulesArgs {
    /// Output format.
    #[arg(long, short = 'f', value_enum, default_value_t = RulesFormat::Text)]
    pub format: RulesFormat,
    #[command(flatten)]
    pub policy: crate::policy::cli::PolicyArgs,
}

#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// Rule id or name (case-insensitive), e.g. AWS-S3-001 or s3-bucket-public-acl.
    #[arg(value_name = "RULE")]
    pub rule: String,
    #[command(flatten)]
    pub policy: crate::policy::cli::PolicyArgs,
}

/// A severity threshold.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum SeverityArg {
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
pub enum ColorWhen {
    /// When the report goes to a terminal; NO_COLOR turns it off,
    /// CLICOLOR_FORCE=1 on.
    Auto,
    /// Always, even when writing to a file or a pipe.
    Always,
    /// Never.
    Never,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum RulesFormat {
    Text,
    Json,
}

fn parse_threads(s: &str) -> Result<usize, String> {
    match s.parse::<usize>() {
        Ok(0) => Err("must be at least 1".into()),
        Ok(n) => Ok(n),
        Err(e) => Err(e.to_string()),
    }
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
        Command::Scan(args) => match matches.subcommand_matches("scan").map(targets) {
            Some(Ok(targets)) => cmd_scan(args, &targets),
            Some(Err(message)) => {
                let mut cmd = Cli::command();
                cmd.build();
                if let Some(scan) = cmd.find_subcommand_mut("scan") {
                    let _ = scan
                        .error(clap::error::ErrorKind::ArgumentConflict, message)
                        .print();
                }
                EXIT_ERROR
            }
            None => EXIT_ERROR,
        },
        Command::Rules(args) => cmd_rules(&args),
        Command::Explain(args) => cmd_explain(&args),
        Command::Init(args) => match config::init(&args.dir, args.force) {
            Ok(path) => print(&format!("wrote {}\n", path.display()))
                .err()
                .unwrap_or(EXIT_OK),
            Err(e) => {
                eprintln!("error: {e}");
                EXIT_ERROR
            }
        },
        Command::Baseline(BaselineCommand::Write(args)) => cmd_baseline_write(args),
        Command::Completions(args) => print(&cli_extra::completions(args.shell))
            .err()
            .unwrap_or(EXIT_OK),
        Command::Man => print(&cli_extra::man_page()).err().unwrap_or(EXIT_OK),
        Command::Lsp(_) => crate::lsp::run(),
        Command::Policy(cmd) => crate::policy::cli::run(cmd),
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

fn cmd_baseline_write(args: BaselineWriteArgs) -> i32 {
    let mut opts = ScanOptions {
        paths: args.paths,
        no_ignore: args.no_ignore,
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

fn cmd_scan(args: ScanArgs, targets: &[Target]) -> i32 {
    // Missing or unreadable paths are not checked here: the scan reports them
    // as file errors, so they appear in every output format (and exit 2).
    let mut opts = ScanOptions {
        paths: args.paths.clone(),
        no_ignore: args.no_ignore,
        threads: args.threads,
        ..Default::default()
    };
    args.tf.apply(&mut opts);
    let loaded = match load_config(&args.config, &args.paths, &mut opts) {
        Ok(loaded) => loaded,
        Err(code) => return code,
    };
    if let Err(code) = args.policy.apply(loaded.as_ref(), &mut opts) {
        return code;
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
    let progress = (!args.quiet && io::stderr().is_terminal()).then(output::ProgressBar::new);
    opts.progress = progress.as_ref().map(|p| p.hook());

    let started = Instant::now();
    let mut result = scan::scan(&opts);
    if let Some(b) = &baseline {
        b.apply(&mut result);
    }
    let elapsed = started.elapsed();
    if let Some(p) = progress {
        p.finish();
    }

    let mut code = output::exit_code(&result, min_severity, args.soft_fail);
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

fn cmd_rules(args: &RulesArgs) -> i32 {
    let custom = match args.policy.listed() {
        Ok(c) => c,
        Err(code) => return code,
    };
    let all = &rules::all()
        .iter()
        .chain(custom)
        .cloned()
        .collect::<Vec<_>>()[..];
    let out = match args.format {
        RulesFormat::Text => rules_table(all),
        RulesFormat::Json => {
            let list: Vec<RuleJson> = all.iter().map(RuleJson::from).collect();
            let mut s = serde_json::to_string_pretty(&list).expect("rules serialize");
            s.push('\n');
            s
        }
    };
    print(&out).err().unwrap_or(EXIT_OK)
}

/// The `rules` table: id, name, severity and title in aligned columns.
pub fn rules_table(rules: &[RuleMeta]) -> String {
    let header = ["ID", "NAME", "SEVERITY", "TITLE"];
    let rows: Vec<[&str; 4]> = rules
        .iter()
        .map(|r| {
            [
                r.id.as_str(),
                r.name.as_str(),
                r.severity.as_str(),
                r.title.as_str(),
            ]
        })
        .collect();
    let mut widths = header.map(str::len);
    for row in &rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let mut out = String::new();
    for row in std::iter::once(&header).chain(&rows) {
        let mut line = String::new();
        for (i, cell) in row.iter().enumerate() {
            if i + 1 == row.len() {
                line.push_str(cell);
            } else {
                line.push_str(cell);
                let pad = widths[i] - cell.chars().count() + 2;
                line.extend(std::iter::repeat_n(' ', pad));
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

#[derive(Serialize)]
struct RuleJson<'a> {
    id: &'a str,
    name: &'a str,
    severity: Severity,
    service: &'a str,
    title: &'a str,
    equivalents: &'a Equivalents,
    doc_url: String,
}

impl<'a> From<&'a RuleMeta> for RuleJson<'a> {
    fn from(r: &'a RuleMeta) -> RuleJson<'a> {
        RuleJson {
            id: &r.id,
            name: &r.name,
            severity: r.severity,
            service: &r.service,
            title: &r.title,
            equivalents: &r.equivalents,
            doc_url: r.doc_url(),
        }
    }
}

fn cmd_explain(args: &ExplainArgs) -> i32 {
    let key = args.rule.trim();
    if let Err(code) = args.policy.listed() {
        return code;
    }
    match rules::find(key) {
        Some(rule) => print(&explain(rule)).err().unwrap_or(EXIT_OK),
        None => {
            eprintln!("error: unknown rule '{key}'");
            let lower = key.to_ascii_lowercase();
            let similar: Vec<&RuleMeta> = rules::all()
                .iter()
                .filter(|r| {
                    !lower.is_empty()
                        && (r.id.to_ascii_lowercase().contains(&lower) || r.name.contains(&lower))
                })
                .take(5)
                .collect();
            for r in similar {
                eprintln!("  did you mean {} ({})?", r.id, r.name);
            }
            eprintln!("run 'palisade rules' to list the available rules");
            EXIT_ERROR
        }
    }
}

/// What `palisade explain` prints: a title line, the metadata, then the
/// rule's Markdown documentation.
pub fn explain(rule: &RuleMeta) -> String {
    let mut out = format!(
        "# {} {}: {}\n\nSeverity: {} | Service: {} | {}\n\n",
        rule.id,
        rule.name,
        rule.title,
        rule.severity,
        rule.service,
        rule.doc_url()
    );
    // The title line replaces the document's own top-level heading, if any.
    let body = rule.doc.trim_start();
    let body = match body.strip_prefix("# ") {
        Some(rest) => rest
            .split_once('\n')
            .map_or("", |(_, rest)| rest)
            .trim_start(),
        None => body,
    };
    out.push_str(body.trim_end());
    out.push('\n');
    out
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
    use crate::report::testutil;

    #[test]
    fn cli_definition_is_valid() {
        use clap::CommandFactory;
        Cli::command().debug_assert();
    }

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
            run(["palisade", "scan", "-f", "json", "-f", "sarif", "."]),
            EXIT_ERROR
        );
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

    #[test]
    fn table_is_aligned() {
        let rules = [testutil::meta().clone()];
        assert_eq!(
            rules_table(&rules),
            "ID           NAME                SEVERITY  TITLE\n\
             TEST-S3-001  test-s3-public-acl  high      S3 bucket has a public ACL\n"
        );
        let json = serde_json::to_value(RuleJson::from(&rules[0])).unwrap();
        assert_eq!(
            json,
            serde_json::json!({
                "id": "TEST-S3-001",
                "name": "test-s3-public-acl",
                "severity": "high",
                "service": "s3",
                "title": "S3 bucket has a public ACL",
                "equivalents": {"checkov": ["CKV_AWS_20"], "trivy": ["AVD-AWS-0092"], "kics": []},
                "doc_url": "https://github.com/palisade-iac/palisade/blob/main/rules/s3/test-s3-public-acl.md"
            })
        );
    }

    #[test]
    fn explain_prints_title_and_doc() {
        let out = explain(testutil::meta());
        assert!(out.starts_with("# TEST-S3-001 test-s3-public-acl: S3 bucket has a public ACL\n"));
        assert!(out.ends_with("## How to fix\n\nSet `acl` to `private`.\n"));
        let mut meta = testutil::meta().clone();
        meta.doc = "# S3 bucket has a public ACL\n\nBody.\n";
        let out = explain(&meta);
        assert_eq!(out.matches("public ACL").count(), 1, "{out}");
        assert!(out.ends_with(" | https://github.com/palisade-iac/palisade/blob/main/rules/s3/test-s3-public-acl.md\n\nBody.\n"), "{out}");
    }

    #[test]
    fn unknown_rule_exits_2() {
        assert_eq!(run(["palisade", "explain", "NOPE-999"]), EXIT_ERROR);
    }
}
