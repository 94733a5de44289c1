//! Project configuration: `.palisade.yml`.
//!
//! The file is read by the command line, not by the scan core: the CLI finds
//! it, merges it with its flags (a flag wins over the file) and hands the
//! result to [`crate::scan::scan`] as plain [`crate::scan::ScanOptions`].
//!
//! It is parsed with Palisade's own span-keeping YAML front end, so every
//! mistake is reported at `path:line:col`. Keys are kebab-case; unknown keys,
//! wrong types, unknown rules and bad severities are errors, never ignored.
//!
//! Discovery: `--config FILE`, or else the first `.palisade.yml` (or
//! `.palisade.yaml`) found from the first scanned path (a file's directory,
//! or the directory itself) upwards, stopping after the first directory that
//! contains `.git`, or at the filesystem root. `--no-config` turns it off.

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::fmt;
use std::path::{Path, PathBuf};

use clap::ValueEnum;
use ignore::gitignore::GitignoreBuilder;

use crate::discover::{self, Excludes};
use crate::finding::Severity;
use crate::parse::{yaml, Entry, Node, NodeKind};
use crate::report::Format;
use crate::rules::{self, RuleSelection};
use crate::scan::ScanOptions;
use crate::source::{FileId, FileKind, SourceFile, Span};
use crate::suppress::SuppressOptions;

/// The names a configuration file is found under, in order of preference.
pub const FILE_NAMES: [&str; 2] = [".palisade.yml", ".palisade.yaml"];

/// The settings of a configuration file. [`Config::default`] is what applies
/// without one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Config {
    /// `format`: the output format when `--format` is not given.
    pub format: Format,
    /// `severity`: the threshold when `--severity` is not given.
    pub severity: Severity,
    /// `rules`: `only`, `disable` and `severity` (overrides), by rule id.
    pub rules: RuleSelection,
    /// `exclude`: gitignore-style globs, relative to the file's directory.
    pub exclude: Vec<String>,
    /// `suppressions`: `enabled`, `foreign`, `require-reason`.
    pub suppress: SuppressOptions,
    /// `baseline`: as written, relative to the file's directory.
    pub baseline: Option<PathBuf>,
    /// `policies`: custom policy files or directories (`crate::policy`), as
    /// written, relative to the file's directory.
    pub policies: Vec<PathBuf>,
}

impl Default for Config {
    fn default() -> Config {
        Config {
            format: Format::Text,
            severity: Severity::Low,
            rules: RuleSelection::default(),
            exclude: Vec::new(),
            suppress: SuppressOptions::default(),
            baseline: None,
            policies: Vec::new(),
        }
    }
}

/// A configuration file that was read.
#[derive(Clone, Debug)]
pub struct Loaded {
    /// The file as shown to users.
    pub path: PathBuf,
    /// The directory its relative paths are resolved against.
    pub dir: PathBuf,
    pub config: Config,
}

impl Loaded {
    /// The `exclude` globs, anchored at the file's directory.
    pub fn excludes(&self) -> Excludes {
        // The globs were checked when the file was parsed.
        Excludes::new(&self.dir, &self.config.exclude).unwrap_or_default()
    }

    /// Sets what the file says about a scan: rules, excludes, suppressions.
    pub fn apply(&self, opts: &mut ScanOptions) {
        opts.rules = self.config.rules.clone();
        opts.exclude = self.excludes();
        opts.suppress = self.config.suppress.clone();
    }

    /// The `policies` paths, resolved against the file's directory.
    pub fn policies(&self) -> Vec<PathBuf> {
        self.config
            .policies
            .iter()
            .map(|p| self.dir.join(p))
            .collect()
    }

    /// The `baseline` file, resolved against the file's directory.
    pub fn baseline(&self) -> Option<PathBuf> {
        self.config.baseline.as_ref().map(|b| self.dir.join(b))
    }
}

/// A problem with a configuration file, at a position when known.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfigError {
    pub path: PathBuf,
    /// 1-based line and column (in characters).
    pub at: Option<(u32, u32)>,
    pub message: String,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let path = crate::report::path_string(&self.path);
        match self.at {
            Some((line, col)) => write!(f, "{path}:{line}:{col}: {}", self.message),
            None => write!(f, "{path}: {}", self.message),
        }
    }
}

/// Finds and reads the configuration for a scan of `first_path`: `explicit`
/// (`--config`) when given, none when `disabled` (`--no-config`), else the
/// file [`find`] finds.
pub fn resolve(
    explicit: Option<&Path>,
    disabled: bool,
    first_path: &Path,
) -> Result<Option<Loaded>, Vec<ConfigError>> {
    if let Some(path) = explicit {
        return load(path, path.to_path_buf()).map(Some);
    }
    if disabled {
        return Ok(None);
    }
    match find(first_path) {
        Some(found) => {
            let cwd = std::env::current_dir().ok();
            let shown = discover::display_path(&found, cwd.as_deref());
            load(&found, shown).map(Some)
        }
        None => Ok(None),
    }
}

/// The configuration file that applies to `start`: searched in `start` (or
/// its directory, for a file) and then its parents, up to and including the
/// first directory that contains `.git`. The result is absolute.
pub fn find(start: &Path) -> Option<PathBuf> {
    let start = discover::absolute(start);
    let mut dir = if start.is_dir() {
        start.as_path()
    } else {
        start.parent()?
    };
    loop {
        for name in FILE_NAMES {
            let candidate = dir.join(name);
            if candidate.is_file() {
                return Some(candidate);
            }
        }
        if dir.join(".git").exists() {
            return None;
        }
        dir = dir.parent()?;
    }
}

/// Reads and checks the configuration file at `path` (shown as `shown`).
pub fn load(path: &Path, shown: PathBuf) -> Result<Loaded, Vec<ConfigError>> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        vec![ConfigError {
            path: shown.clone(),
            at: None,
            message: format!("cannot read configuration: {e}"),
        }]
    })?;
    let config = parse(&text, &shown)?;
    let dir = discover::absolute(path)
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default();
    Ok(Loaded {
        path: shown,
        dir,
        config,
    })
}

const TOP_KEYS: &[&str] = &[
    "format",
    "severity",
    "rules",
    "exclude",
    "suppressions",
    "baseline",
    "policies",
];
const RULES_KEYS: &[&str] = &["only", "disable", "severity"];
const SUPPRESSIONS_KEYS: &[&str] = &["enabled", "foreign", "require-reason"];

/// Parses configuration text; `path` is only used in error messages. Every
/// error in the file is reported, in file order.
pub fn parse(text: &str, path: &Path) -> Result<Config, Vec<ConfigError>> {
    let mut cx = Cx {
        file: SourceFile::new(
            FileId(0),
            path.to_path_buf(),
            FileKind::CloudFormationYaml,
            text,
        ),
        errors: Vec::new(),
    };
    let mut config = Config::default();
    match yaml::parse(text) {
        Err(e) => cx.error(e.span, e.message),
        Ok(parsed) => cx.top(&parsed.root, &mut config),
    }
    if cx.errors.is_empty() {
        Ok(config)
    } else {
        cx.errors.sort_by_key(|e| e.at);
        Err(cx.errors)
    }
}

struct Cx {
    file: SourceFile,
    errors: Vec<ConfigError>,
}

impl Cx {
    fn error(&mut self, span: Span, message: impl Into<String>) {
        let lc = self.file.line_col(span.start);
        self.errors.push(ConfigError {
            path: self.file.path.clone(),
            at: Some((lc.line, lc.col)),
            message: message.into(),
        });
    }

    /// Where to point at a value: the value itself, or its key when the value
    /// is empty (`key:` with nothing after it).
    fn at(entry: &Entry) -> Span {
        if entry.value.span.is_empty() {
            entry.key_span
        } else {
            entry.value.span
        }
    }

    fn wrong_type(&mut self, entry: &Entry, name: &str, expected: &str) {
        let found = kind_name(&entry.value);
        self.error(
            Cx::at(entry),
            format!("`{name}` must be {expected}, not {found}"),
        );
    }

    /// The entries of a mapping with only `allowed` keys, each once; the
    /// others are reported. `section` prefixes key names in messages.
    fn entries<'a>(
        &mut self,
        entries: &'a [Entry],
        section: &str,
        allowed: &[&str],
    ) -> Vec<&'a Entry> {
        let mut seen = HashSet::new();
        let mut out = Vec::new();
        for e in entries {
            let name = format!("{section}{}", e.key);
            if !allowed.contains(&e.key.as_str()) {
                let expected: Vec<String> =
                    allowed.iter().map(|k| format!("{section}{k}")).collect();
                self.error(
                    e.key_span,
                    format!(
                        "unknown key `{name}` (expected one of: {})",
                        expected.join(", ")
                    ),
                );
            } else if !seen.insert(e.key.as_str()) {
                self.error(e.key_span, format!("duplicate key `{name}`"));
            } else {
                out.push(e);
            }
        }
        out
    }

    fn top(&mut self, root: &Node, config: &mut Config) {
        let entries = match &root.kind {
            NodeKind::Null => return,
            NodeKind::Map(entries) => entries,
            _ => {
                let found = kind_name(root);
                self.error(
                    root.span,
                    format!("the configuration must be a mapping of keys to values, not {found}"),
                );
                return;
            }
        };
        // Custom policies first, so that `rules:` can name them.
        crate::policy::register_from_config(&self.file.path, entries);
        for e in self.entries(entries, "", TOP_KEYS) {
            match e.key.as_str() {
                "policies" => {
                    for (p, _) in self.strings(e, "policies", "policy files or directories") {
                        config.policies.push(PathBuf::from(p));
                    }
                }
                "format" => {
                    if let Some(s) = self.string(e, "format") {
                        match Format::from_str(s, true) {
                            Ok(f) => config.format = f,
                            Err(_) => {
                                let names: Vec<&str> = Format::value_variants()
                                    .iter()
                                    .map(|f| f.as_str())
                                    .collect();
                                self.error(
                                    Cx::at(e),
                                    format!("unknown format `{s}` (expected {})", names.join(", ")),
                                )
                            }
                        }
                    }
                }
                "severity" => {
                    if let Some(s) = self.severity(e, "severity") {
                        config.severity = s;
                    }
                }
                "rules" => self.rules(e, &mut config.rules),
                "exclude" => self.exclude(e, &mut config.exclude),
                "suppressions" => self.suppressions(e, &mut config.suppress),
                "baseline" => match &e.value.kind {
                    NodeKind::Null => config.baseline = None,
                    NodeKind::String(s) if !s.is_empty() => {
                        config.baseline = Some(PathBuf::from(s))
                    }
                    _ => self.wrong_type(e, "baseline", "a file name (or empty for none)"),
                },
                _ => unreachable!("checked by entries()"),
            }
        }
    }

    fn string<'a>(&mut self, e: &'a Entry, name: &str) -> Option<&'a str> {
        match &e.value.kind {
            NodeKind::String(s) => Some(s),
            _ => {
                self.wrong_type(e, name, "a string");
                None
            }
        }
    }

    fn boolean(&mut self, e: &Entry, name: &str) -> Option<bool> {
        match &e.value.kind {
            NodeKind::Bool(b) => Some(*b),
            _ => {
                self.wrong_type(e, name, "true or false");
                None
            }
        }
    }

    fn severity(&mut self, e: &Entry, name: &str) -> Option<Severity> {
        let s = self.string(e, name)?;
        let parsed = Severity::parse(s);
        if parsed.is_none() {
            self.error(
                Cx::at(e),
                format!("unknown severity `{s}` (expected low, medium, high or critical)"),
            );
        }
        parsed
    }

    /// A rule named by id or name, as its id.
    fn rule(&mut self, name: &str, span: Span) -> Option<String> {
        let found = rules::find(name.trim()).map(|r| r.id.clone());
        if found.is_none() {
            let message = match rules::suggest(name) {
                Some(m) => format!("unknown rule `{name}`; did you mean {} ({})?", m.id, m.name),
                None => format!("unknown rule `{name}` (run `palisade rules` to list the rules)"),
            };
            self.error(span, message);
        }
        found
    }

    /// A list of strings: each with its span.
    fn strings<'a>(&mut self, e: &'a Entry, name: &str, what: &str) -> Vec<(&'a str, Span)> {
        let Some(items) = e.value.as_seq() else {
            self.wrong_type(e, name, &format!("a list of {what}"));
            return Vec::new();
        };
        let mut out = Vec::new();
        for item in items {
            match &item.kind {
                NodeKind::String(s) => out.push((s.as_str(), item.span)),
                _ => {
                    let found = kind_name(item);
                    self.error(
                        item.span,
                        format!("each entry of `{name}` must be a string, not {found}"),
                    );
                }
            }
        }
        out
    }

    fn rule_set(&mut self, e: &Entry, name: &str) -> BTreeSet<String> {
        self.strings(e, name, "rule ids or names")
            .into_iter()
            .filter_map(|(s, span)| self.rule(s, span))
            .collect()
    }

    fn rules(&mut self, e: &Entry, sel: &mut RuleSelection) {
        let Some(entries) = e.value.as_map() else {
            self.wrong_type(e, "rules", "a mapping (only, disable, severity)");
            return;
        };
        for e in self.entries(entries, "rules.", RULES_KEYS) {
            match e.key.as_str() {
                "only" => {
                    let only = self.rule_set(e, "rules.only");
                    sel.only = (!only.is_empty()).then_some(only);
                }
                "disable" => sel.disabled = self.rule_set(e, "rules.disable"),
                "severity" => {
                    let Some(entries) = e.value.as_map() else {
                        self.wrong_type(e, "rules.severity", "a mapping of rules to severities");
                        continue;
                    };
                    let mut map = BTreeMap::new();
                    for o in entries {
                        let id = self.rule(&o.key, o.key_span);
                        let name = format!("rules.severity.{}", o.key);
                        let severity = self.severity(o, &name);
                        if let (Some(id), Some(severity)) = (id, severity) {
                            if map.insert(id.clone(), severity).is_some() {
                                self.error(o.key_span, format!("rule `{id}` is given twice"));
                            }
                        }
                    }
                    sel.severity = map;
                }
                _ => unreachable!("checked by entries()"),
            }
        }
    }

    fn exclude(&mut self, e: &Entry, exclude: &mut Vec<String>) {
        for (glob, span) in self.strings(e, "exclude", "gitignore-style globs") {
            let mut check = GitignoreBuilder::new("");
            match check.add_line(None, glob) {
                Ok(_) => exclude.push(glob.to_string()),
                Err(err) => {
                    let reason = match &err {
                        ignore::Error::Glob { err, .. } => err.clone(),
                        other => other.to_string(),
                    };
                    self.error(span, format!("invalid glob `{glob}`: {reason}"));
                }
            }
        }
    }

    fn suppressions(&mut self, e: &Entry, opts: &mut SuppressOptions) {
        let Some(entries) = e.value.as_map() else {
            self.wrong_type(
                e,
                "suppressions",
                "a mapping (enabled, foreign, require-reason)",
            );
            return;
        };
        for e in self.entries(entries, "suppressions.", SUPPRESSIONS_KEYS) {
            let name = format!("suppressions.{}", e.key);
            let Some(b) = self.boolean(e, &name) else {
                continue;
            };
            match e.key.as_str() {
                "enabled" => opts.enabled = b,
                "foreign" => opts.foreign = b,
                "require-reason" => opts.require_reason = b,
                _ => unreachable!("checked by entries()"),
            }
        }
    }
}

fn kind_name(node: &Node) -> &'static str {
    match node.kind {
        NodeKind::Null => "empty",
        NodeKind::Bool(_) => "a boolean",
        NodeKind::Number(_) => "a number",
        NodeKind::String(_) => "a string",
        NodeKind::Seq(_) => "a list",
        NodeKind::Map(_) => "a mapping",
    }
}

/// What `palisade init` writes: every key with its default value.
pub const TEMPLATE: &str = r#"# Palisade configuration (https://github.com/palisade-iac/palisade#configuration).
# Found by `palisade scan` in the scanned directory or a parent, up to the
# repository root. Command-line flags override these settings.

# Output format when --format is not given: text, compact, json, sarif,
# junit, github, checkstyle or markdown.
format: text

# Findings below this severity are not shown and do not fail the scan, when
# --severity is not given: low, medium, high or critical.
severity: low

rules:
  # Run only these rules (ids or names, see `palisade rules`); empty: all.
  only: []
  # Never run these rules (ids or names).
  disable: []
  # Report every finding of a rule at this severity, e.g.
  #   AWS-VPC-003: low
  severity: {}

# Never scan these paths: gitignore-style globs, relative to this file's
# directory, e.g. "legacy/" or "**/*.test.tf".
exclude: []

suppressions:
  # Honour suppression comments and CloudFormation Metadata at all.
  enabled: true
  # Also honour tfsec, Trivy, Checkov, KICS, cfn_nag, cfn-guard and cfn-lint
  # suppressions.
  foreign: true
  # A palisade:ignore suppression needs a reason, or it is not applied.
  require-reason: true

# Report only findings that are not in this baseline file (relative to this
# file's directory), written by `palisade baseline write FILE`. Empty: none.
baseline:
"#;

/// Writes [`TEMPLATE`] to `dir/.palisade.yml`; an existing configuration
/// file in `dir` is only replaced when `force` is set. Returns the path.
pub fn init(dir: &Path, force: bool) -> Result<PathBuf, String> {
    let path = dir.join(FILE_NAMES[0]);
    if !force {
        for name in FILE_NAMES {
            let existing = dir.join(name);
            if existing.exists() {
                return Err(format!(
                    "{} already exists (use --force to overwrite it)",
                    existing.display()
                ));
            }
        }
    }
    let mut open = std::fs::OpenOptions::new();
    open.write(true);
    if force {
        open.create(true).truncate(true);
    } else {
        open.create_new(true);
    }
    use std::io::Write as _;
    open.open(&path)
        .and_then(|mut f| f.write_all(TEMPLATE.as_bytes()))
        .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    Ok(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn errors(text: &str) -> Vec<String> {
        parse(text, Path::new("conf/.palisade.yml"))
            .expect_err("an error")
            .iter()
            .map(ToString::to_string)
            .collect()
    }

    #[test]
    fn template_is_the_defaults() {
        assert_eq!(
            parse(TEMPLATE, Path::new(".palisade.yml")),
            Ok(Config::default())
        );
    }

    #[test]
    fn empty_file_is_the_defaults() {
        assert_eq!(parse("", Path::new("x")), Ok(Config::default()));
        assert_eq!(parse("# nothing\n", Path::new("x")), Ok(Config::default()));
    }

    #[test]
    fn every_key() {
        let text = "\
format: SARIF
severity: high
rules:
  only: [AWS-S3-001, ebs-volume-unencrypted, pal-001]
  disable:
    - sg-public-ingress
  severity:
    s3-bucket-public-acl: critical
    AWS-EBS-001: Low
exclude: [legacy/, '**/*.test.tf', '!legacy/keep.tf']
suppressions: {enabled: true, foreign: false, require-reason: false}
baseline: ci/palisade-baseline.json
policies: [policies/, org.rego]
";
        let config = parse(text, Path::new("x")).unwrap();
        let ids = |v: &[&str]| -> BTreeSet<String> { v.iter().map(|s| s.to_string()).collect() };
        assert_eq!(
            config,
            Config {
                format: Format::Sarif,
                severity: Severity::High,
                rules: RuleSelection {
                    only: Some(ids(&["AWS-EBS-001", "AWS-S3-001", "PAL-001"])),
                    disabled: ids(&["AWS-VPC-002"]),
                    severity: BTreeMap::from([
                        ("AWS-EBS-001".to_string(), Severity::Low),
                        ("AWS-S3-001".to_string(), Severity::Critical),
                    ]),
                },
                exclude: vec![
                    "legacy/".into(),
                    "**/*.test.tf".into(),
                    "!legacy/keep.tf".into()
                ],
                suppress: SuppressOptions {
                    foreign: false,
                    require_reason: false,
                    ..SuppressOptions::default()
                },
                baseline: Some(PathBuf::from("ci/palisade-baseline.json")),
                policies: vec!["policies/".into(), "org.rego".into()],
            }
        );
        assert_eq!(
            parse("rules:\n  only: []\n", Path::new("x"))
                .unwrap()
                .rules
                .only,
            None
        );
    }

    #[test]
    fn unknown_and_duplicate_keys() {
        assert_eq!(
            errors("formt: json\nrules:\n  enable: [AWS-S3-001]\nformat: json\nformat: text\n"),
            [
                "conf/.palisade.yml:1:1: unknown key `formt` (expected one of: format, severity, rules, exclude, suppressions, baseline, policies)",
                "conf/.palisade.yml:3:3: unknown key `rules.enable` (expected one of: rules.only, rules.disable, rules.severity)",
                "conf/.palisade.yml:5:1: duplicate key `format`",
            ]
        );
        assert_eq!(
            errors("suppressions:\n  require_reason: false\n"),
            ["conf/.palisade.yml:2:3: unknown key `suppressions.require_reason` (expected one of: suppressions.enabled, suppressions.foreign, suppressions.require-reason)"]
        );
    }

    #[test]
    fn wrong_types() {
        assert_eq!(
            errors(
                "format: 1\nrules:\n  disable: AWS-S3-001\n  only: [AWS-S3-001, 2]\nexclude:\nsuppressions:\n  foreign: no\nbaseline: [a]\n"
            ),
            [
                "conf/.palisade.yml:1:9: `format` must be a string, not a number",
                "conf/.palisade.yml:3:12: `rules.disable` must be a list of rule ids or names, not a string",
                "conf/.palisade.yml:4:22: each entry of `rules.only` must be a string, not a number",
                "conf/.palisade.yml:5:1: `exclude` must be a list of gitignore-style globs, not empty",
                "conf/.palisade.yml:7:12: `suppressions.foreign` must be true or false, not a string",
                "conf/.palisade.yml:8:11: `baseline` must be a file name (or empty for none), not a list",
            ]
        );
        assert_eq!(
            errors("- format\n"),
            ["conf/.palisade.yml:1:1: the configuration must be a mapping of keys to values, not a list"]
        );
        assert_eq!(
            errors("rules: [AWS-S3-001]\n"),
            ["conf/.palisade.yml:1:8: `rules` must be a mapping (only, disable, severity), not a list"]
        );
    }

    #[test]
    fn bad_values() {
        assert_eq!(
            errors(
                "format: xml\nseverity: urgent\nrules:\n  disable: [AWS-S3-999]\n  severity:\n    nope: high\n    AWS-S3-001: severe\nexclude: ['a[z-a]']\n"
            ),
            [
                "conf/.palisade.yml:1:9: unknown format `xml` (expected text, compact, json, sarif, junit, github, checkstyle, markdown)",
                "conf/.palisade.yml:2:11: unknown severity `urgent` (expected low, medium, high or critical)",
                "conf/.palisade.yml:4:13: unknown rule `AWS-S3-999` (run `palisade rules` to list the rules)",
                "conf/.palisade.yml:6:5: unknown rule `nope` (run `palisade rules` to list the rules)",
                "conf/.palisade.yml:7:17: unknown severity `severe` (expected low, medium, high or critical)",
                "conf/.palisade.yml:8:11: invalid glob `a[z-a]`: invalid range; 'z' > 'a'",
            ]
        );
        assert_eq!(
            errors("rules:\n  severity:\n    AWS-S3-001: low\n    s3-bucket-public-acl: high\n"),
            ["conf/.palisade.yml:4:5: rule `AWS-S3-001` is given twice"]
        );
    }

    #[test]
    fn syntax_error_has_a_position() {
        assert_eq!(
            errors("rules:\n  only: [AWS-S3-001\n"),
            ["conf/.palisade.yml:2:20: missing closing \"]\" for the \"[\" opened on line 2"]
        );
    }

    #[test]
    fn init_refuses_to_overwrite() {
        let dir = tempfile::tempdir().unwrap();
        let path = init(dir.path(), false).unwrap();
        assert_eq!(path, dir.path().join(".palisade.yml"));
        assert_eq!(std::fs::read_to_string(&path).unwrap(), TEMPLATE);
        let err = init(dir.path(), false).unwrap_err();
        assert_eq!(
            err,
            format!(
                "{} already exists (use --force to overwrite it)",
                path.display()
            )
        );
        std::fs::write(&path, "format: json\n").unwrap();
        init(dir.path(), true).unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), TEMPLATE);
    }
}
