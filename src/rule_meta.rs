//! What a rule is, as data: its metadata (id, name, title, severity,
//! peer-scanner equivalents, documentation), parsed from the front matter of
//! its documentation file. Findings, suppressions, reports and the command
//! line read it; the registry of rules that produce findings is
//! [`crate::rules`], above this.

use serde::Serialize;

/// Severity of a finding; ordered from least to most severe.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Low,
    Medium,
    High,
    Critical,
}

impl Severity {
    pub const ALL: [Severity; 4] = [
        Severity::Low,
        Severity::Medium,
        Severity::High,
        Severity::Critical,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Low => "low",
            Severity::Medium => "medium",
            Severity::High => "high",
            Severity::Critical => "critical",
        }
    }

    pub fn parse(s: &str) -> Option<Severity> {
        match s.to_ascii_lowercase().as_str() {
            "low" => Some(Severity::Low),
            "medium" => Some(Severity::Medium),
            "high" => Some(Severity::High),
            "critical" => Some(Severity::Critical),
            _ => None,
        }
    }
}

impl std::fmt::Display for Severity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Where rule documentation is published (the `rules/` folder of the repository).
pub const DOCS_BASE: &str = "https://github.com/palisade-iac/palisade/blob/main/rules";

/// A rule's metadata, parsed from the front matter of its documentation.
#[derive(Clone, Debug, Serialize)]
pub struct RuleMeta {
    pub id: String,
    pub name: String,
    pub title: String,
    pub severity: Severity,
    pub service: String,
    pub equivalents: Equivalents,
    /// The documentation body (Markdown, front matter removed).
    #[serde(skip)]
    pub doc: &'static str,
    /// A one-line fix hint: the first paragraph of the doc's "How to fix".
    pub help: String,
}

impl RuleMeta {
    pub fn doc_url(&self) -> String {
        format!("{DOCS_BASE}/{}/{}.md", self.service, self.name)
    }

    /// Whether `key` names this rule, by id or by name (case-insensitive).
    pub fn is(&self, key: &str) -> bool {
        self.id.eq_ignore_ascii_case(key) || self.name.eq_ignore_ascii_case(key)
    }
}

/// The ids of the same check in other scanners. Their suppression comments
/// and metadata are honoured for this rule (see `crate::suppress`).
#[derive(Clone, Debug, Default, Serialize)]
pub struct Equivalents {
    pub checkov: Vec<String>,
    /// Trivy AVD ids (`AVD-AWS-0086`).
    pub trivy: Vec<String>,
    pub kics: Vec<String>,
    /// tfsec (and Trivy) long ids, current and legacy (`aws-s3-block-public-acls`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tfsec: Vec<String>,
    /// cfn_nag rule ids (`W31`, `F14`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub cfn_nag: Vec<String>,
    /// CloudFormation Guard rule names of the AWS Guard Rules Registry
    /// (`S3_BUCKET_PUBLIC_READ_PROHIBITED`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub cfn_guard: Vec<String>,
    /// cfn-lint rule ids (`W3005`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub cfn_lint: Vec<String>,
}

/// Parses a rule document: `---` front matter with `key: value` lines (and an
/// indented `equivalents:` map of `scanner: [ID, ...]`), then Markdown.
pub fn parse_doc(text: &'static str) -> Result<RuleMeta, String> {
    let rest = text
        .strip_prefix("---\n")
        .ok_or("rule doc must start with '---' front matter")?;
    let end = rest.find("\n---\n").ok_or("unterminated front matter")?;
    let (front, body) = (&rest[..end], &rest[end + 5..]);
    let field = |key: &str| -> Option<String> {
        front.lines().find_map(|l| {
            let (k, v) = l.split_once(':')?;
            (k == key).then(|| v.trim().to_string())
        })
    };
    let list = |key: &str| -> Vec<String> {
        front
            .lines()
            .filter(|l| l.starts_with("  "))
            .find_map(|l| {
                let (k, v) = l.trim().split_once(':')?;
                (k == key).then(|| {
                    v.trim()
                        .trim_start_matches('[')
                        .trim_end_matches(']')
                        .split(',')
                        .map(str::trim)
                        .filter(|s| !s.is_empty())
                        .map(String::from)
                        .collect()
                })
            })
            .unwrap_or_default()
    };
    let id = field("id").ok_or("missing id")?;
    let name = field("name").ok_or("missing name")?;
    let title = field("title").ok_or("missing title")?;
    let service = field("service").ok_or("missing service")?;
    let severity = field("severity")
        .and_then(|s| Severity::parse(&s))
        .ok_or_else(|| format!("{id}: missing or bad severity"))?;
    let help = section(body, "How to fix")
        .and_then(|s| {
            s.split("\n\n")
                .map(str::trim)
                .find(|p| !p.is_empty() && !p.starts_with("```"))
        })
        .map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "))
        .ok_or_else(|| format!("{id}: missing '## How to fix' section"))?;
    Ok(RuleMeta {
        equivalents: Equivalents {
            checkov: list("checkov"),
            trivy: list("trivy"),
            kics: list("kics"),
            tfsec: list("tfsec"),
            cfn_nag: list("cfn_nag"),
            cfn_guard: list("cfn_guard"),
            cfn_lint: list("cfn_lint"),
        },
        id,
        name,
        title,
        severity,
        service,
        doc: body.trim_start(),
        help,
    })
}

/// The text of a `## heading` section of a Markdown body.
pub fn section<'a>(body: &'a str, heading: &str) -> Option<&'a str> {
    let marker = format!("## {heading}");
    let start = body.find(&marker)? + marker.len();
    let rest = &body[start..];
    let end = rest.find("\n## ").unwrap_or(rest.len());
    Some(&rest[..end])
}
