//! What a scan produces: findings from rules and diagnostics about files.

use std::collections::BTreeSet;
use std::path::PathBuf;

use serde::Serialize;

use crate::rule_meta::RuleMeta;
pub use crate::rule_meta::Severity;
use crate::source::{Range, SourceMap};

/// One violation of one rule at one place.
#[derive(Clone, Debug)]
pub struct Finding {
    pub rule: &'static RuleMeta,
    /// Usually the rule's severity; some rules raise or lower it per finding
    /// (an SSH port open to the world is worse than port 443).
    pub severity: Severity,
    /// One sentence naming the resource and the offending value.
    pub message: String,
    /// The offending value, or the resource when the value is missing.
    pub range: Range,
    /// The resource address (`aws_s3_bucket.logs`) or logical id (`LogsBucket`).
    pub resource: String,
    /// Extra context, e.g. which condition leads to the insecure branch.
    pub notes: Vec<String>,
    /// How many condition branches the resource has (1 when none): a finding
    /// reached in all of them is unconditional.
    pub variants: usize,
    /// Other places that explain the finding: for a resource inside a
    /// Terraform module, the calling `module` blocks, innermost first, with
    /// a message ("instantiated by module.x").
    pub related: Vec<(Range, String)>,
    /// Where the offending value came from when it was written elsewhere
    /// (a variable default, a `.tfvars` line, a module argument, a local,
    /// a CloudFormation parameter default or mapping), origin first, then
    /// the places it passed through, then the attribute that uses it.
    /// Empty when the value is written where the finding points.
    pub trail: Vec<TrailStep>,
}

/// One place on a value's way to the attribute a finding is about.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct TrailStep {
    pub role: TrailRole,
    pub range: Range,
    /// How the value got here, for people: "the default of variable
    /// `encrypt_data`", "the argument `cidr` of module.web".
    pub message: String,
}

/// What a [`TrailStep`] is to the value.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum TrailRole {
    /// Where the value is written: the line to change.
    Origin,
    /// A place it passes through (a local, a module argument).
    Via,
    /// The resource attribute that uses it.
    Use,
}

/// How bad a [`FileError`] is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ErrorKind {
    /// The file could not be read.
    Io,
    /// The file could not be parsed (or hit a safety limit while parsing).
    Syntax,
    /// Evaluation hit a problem (a cycle, a limit).
    Eval,
    /// A file named on the command line is neither Terraform nor
    /// CloudFormation (an unknown extension, or YAML or JSON that is not a
    /// template).
    Unsupported,
}

/// How serious a [`FileError`] is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// Input Terraform or CloudFormation would reject, or that could not be
    /// read: exit code 2.
    Error,
    /// Input the tools accept but that is probably not what was meant (a
    /// value for a variable nothing declares, several YAML documents in one
    /// file): shown and counted, exit code 2 only with `--strict`.
    Warning,
}

impl Level {
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Error => "error",
            Level::Warning => "warning",
        }
    }
}

/// A problem with an input file. An error makes the exit code 2 (a warning
/// only with `--strict`); the other files are still scanned and reported.
#[derive(Clone, Debug)]
pub struct FileError {
    pub level: Level,
    pub kind: ErrorKind,
    pub path: PathBuf,
    /// Where in the file, when known (the file is then in the source map).
    pub range: Option<Range>,
    pub message: String,
}

/// Everything one scan produced, in a deterministic order.
#[derive(Debug, Default)]
pub struct ScanResult {
    pub sources: SourceMap,
    /// Sorted by file path, position, rule id, message.
    pub findings: Vec<Finding>,
    /// Sorted by path, position.
    pub errors: Vec<FileError>,
    pub stats: ScanStats,
    /// Findings silenced by a suppression, with the suppression that did it;
    /// sorted like `findings`. Not counted in `findings`.
    pub suppressed: Vec<SuppressedFinding>,
    /// How many findings a baseline removed (see `crate::baseline`); not in
    /// `findings`.
    pub baselined: usize,
    /// How many findings `--changed-since` left out, as outside the changed
    /// lines (see `crate::changes`); not in `findings`.
    pub outside_changes: usize,
    /// How many findings `--exclude-downloaded-modules` left out, as located
    /// in downloaded module code (see `crate::download`); not in `findings`.
    pub in_downloaded_modules: usize,
    /// The ids of built-in rules that did not run (`--rule`, `--skip-rule`,
    /// `--framework`, the configuration's `disable`): reports that list the
    /// rules that ran (SARIF, JUnit) leave them out.
    pub skipped_rules: BTreeSet<String>,
}

/// Which syntax a suppression was written in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SuppressionKind {
    /// `# palisade:ignore:RULE reason` or `Metadata: palisade: ignore:`.
    Palisade,
    /// `#tfsec:ignore:LONG-ID`.
    Tfsec,
    /// `#trivy:ignore:AVD-ID` (or a long id).
    Trivy,
    /// `#checkov:skip=CKV_ID:reason` or `Metadata: checkov: skip:`.
    Checkov,
    /// `# kics-scan ignore-line` / `# kics-scan ignore-block`.
    Kics,
    /// `Metadata: cfn_nag: rules_to_suppress:`.
    CfnNag,
    /// `Metadata: guard: SuppressedRules:` (CloudFormation Guard).
    CfnGuard,
    /// `Metadata: cfn-lint: config: ignore_checks:`, on a resource or the
    /// template.
    CfnLint,
}

impl SuppressionKind {
    pub fn as_str(self) -> &'static str {
        match self {
            SuppressionKind::Palisade => "palisade",
            SuppressionKind::Tfsec => "tfsec",
            SuppressionKind::Trivy => "trivy",
            SuppressionKind::Checkov => "checkov",
            SuppressionKind::Kics => "kics",
            SuppressionKind::CfnNag => "cfn_nag",
            SuppressionKind::CfnGuard => "cfn_guard",
            SuppressionKind::CfnLint => "cfn_lint",
        }
    }

    /// Whether this is another scanner's syntax, honoured for migration.
    pub fn is_foreign(self) -> bool {
        self != SuppressionKind::Palisade
    }
}

impl std::fmt::Display for SuppressionKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The suppression that silenced a finding.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SuppressionInfo {
    pub kind: SuppressionKind,
    /// The justification as written, when there is one.
    pub reason: Option<String>,
    /// Where the suppression is written: the comment, or the metadata entry.
    pub range: Range,
    /// The last day (UTC) the suppression applies, when it has one.
    pub expires: Option<(i32, u32, u32)>,
}

/// A finding that a suppression silenced.
#[derive(Clone, Debug)]
pub struct SuppressedFinding {
    pub finding: Finding,
    pub suppression: SuppressionInfo,
}

#[derive(Clone, Debug, Default, Serialize)]
pub struct ScanStats {
    pub files: usize,
    pub resources: usize,
    /// Leaf values in the evaluated resources, and how many of them stayed
    /// unknown: how much of the code static evaluation could resolve.
    #[serde(skip)]
    pub values: ValueCounts,
}

/// Leaf values of evaluated resources: all of them, and the unknown ones.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ValueCounts {
    pub total: usize,
    pub unknown: usize,
}

impl std::ops::AddAssign for ValueCounts {
    fn add_assign(&mut self, other: ValueCounts) {
        self.total += other.total;
        self.unknown += other.unknown;
    }
}
