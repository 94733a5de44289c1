//! What a rule is, as data: its metadata (id, name, title, severity,
//! peer-scanner equivalents, documentation), parsed from the front matter of
//! its documentation file. Findings, suppressions, reports and the command
//! line read it; the registry of rules that produce findings is
//! [`crate::rules`], above this.

use serde::Serialize;

use crate::parse::tree::{Node, NodeKind};

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
    /// What the rule checks, as one or more whole sentences (SARIF's
    /// `fullDescription`).
    pub description: String,
    pub severity: Severity,
    pub service: String,
    pub equivalents: Equivalents,
    /// AWS Foundational Security Best Practices and CIS controls.
    pub compliance: Compliance,
    /// The formats the rule's resources exist in (front matter `formats`,
    /// both by default): a rule about a resource CloudFormation has no type
    /// for (the account's EBS encryption default, the IAM password policy)
    /// says `formats: [terraform]`, and its doc and fixtures need only
    /// Terraform examples.
    pub formats: Vec<RuleFormat>,
    /// The documentation body (Markdown, front matter removed).
    #[serde(skip)]
    pub doc: &'static str,
    /// A one-line fix hint: the first paragraph of the doc's "How to fix".
    pub help: String,
    /// Where the documentation is, when not in this repository's `rules/`
    /// folder: a custom policy's guideline or file (`crate::policy`).
    #[serde(skip)]
    pub url: Option<String>,
}

impl RuleMeta {
    pub fn doc_url(&self) -> String {
        if let Some(url) = &self.url {
            return url.clone();
        }
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

/// The CIS AWS Foundations Benchmark version the `cis` ids of rule docs
/// refer to.
pub const CIS_VERSION: &str = "3.0.0";

/// Compliance controls a rule implements.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Compliance {
    /// AWS Foundational Security Best Practices control ids (`S3.5`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub fsbp: Vec<String>,
    /// CIS AWS Foundations Benchmark recommendation ids (`2.1.1`), of
    /// [`CIS_VERSION`].
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub cis: Vec<String>,
}

impl Compliance {
    pub fn is_empty(&self) -> bool {
        self.fsbp.is_empty() && self.cis.is_empty()
    }

    /// The control ids of one framework.
    pub fn ids(&self, framework: Framework) -> &[String] {
        match framework {
            Framework::Fsbp => &self.fsbp,
            Framework::Cis => &self.cis,
        }
    }

    /// Every control as a tag: `fsbp:S3.5`, `cis-3.0.0:2.1.1`.
    pub fn tags(&self) -> Vec<String> {
        Framework::ALL
            .iter()
            .flat_map(|f| self.ids(*f).iter().map(|id| format!("{}:{id}", f.tag())))
            .collect()
    }
}

/// A compliance framework rules are mapped to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Framework {
    /// AWS Foundational Security Best Practices (AWS Security Hub).
    Fsbp,
    /// CIS AWS Foundations Benchmark, [`CIS_VERSION`].
    Cis,
}

impl Framework {
    pub const ALL: [Framework; 2] = [Framework::Fsbp, Framework::Cis];

    pub fn parse(s: &str) -> Option<Framework> {
        match s.to_ascii_lowercase().as_str() {
            "fsbp" => Some(Framework::Fsbp),
            "cis" => Some(Framework::Cis),
            _ => None,
        }
    }

    /// The prefix of its tags and the name used on the command line.
    pub fn tag(self) -> String {
        match self {
            Framework::Fsbp => "fsbp".into(),
            Framework::Cis => format!("cis-{CIS_VERSION}"),
        }
    }

    /// Its full name.
    pub fn title(self) -> String {
        match self {
            Framework::Fsbp => "AWS Foundational Security Best Practices".into(),
            Framework::Cis => format!("CIS AWS Foundations Benchmark v{CIS_VERSION}"),
        }
    }
}

/// Parses a rule document: YAML front matter between `---` lines (`id`,
/// `name`, `title`, `description` (whole sentences: it ends with a period),
/// `severity`, `service`, an `equivalents` map of
/// `scanner: [ID, ...]`, a `compliance` map of `framework: [ID, ...]`), then
/// Markdown. An error names the line and column in the document.
pub fn parse_doc(text: &'static str) -> Result<RuleMeta, String> {
    let rest = text
        .strip_prefix("---\n")
        .ok_or("1:1: rule doc must start with '---' front matter")?;
    let end = rest
        .find("\n---\n")
        .ok_or("1:1: unterminated front matter")?;
    let (text, body) = (&rest[..end + 1], &rest[end + 5..]);
    let root = crate::parse::yaml::parse(text)
        .map_err(|e| format!("{}: {}", at(text, e.span.start), e.message))?
        .root;
    let front = Front { text, root: &root };
    let entries = root
        .as_map()
        .ok_or_else(|| format!("{}: front matter must be a map", front.at(0)))?;
    if let Some(e) = entries.iter().find(|e| !KEYS.contains(&e.key.as_str())) {
        return Err(format!(
            "{}: unknown front matter key `{}` (expected one of: {})",
            front.at(e.key_span.start),
            e.key,
            KEYS.join(", ")
        ));
    }
    let id = front.string("id")?;
    let description = front.string("description")?;
    if !description.ends_with('.') {
        return Err(format!(
            "{}: {id}: `description` must be whole sentences, ending with a period",
            front.at_key("description")
        ));
    }
    let severity_text = front.string("severity")?;
    let severity = Severity::parse(&severity_text).ok_or_else(|| {
        format!(
            "{}: {id}: bad severity `{severity_text}`",
            front.at_key("severity")
        )
    })?;
    let help = section(body, "How to fix")
        .and_then(|s| {
            s.split("\n\n")
                .map(str::trim)
                .find(|p| !p.is_empty() && !p.starts_with("```"))
        })
        .map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "))
        .ok_or_else(|| format!("{id}: missing '## How to fix' section"))?;
    Ok(RuleMeta {
        equivalents: front.equivalents()?,
        compliance: front.compliance()?,
        formats: front.formats()?,
        name: front.string("name")?,
        title: front.string("title")?,
        service: front.string("service")?,
        id,
        description,
        severity,
        doc: body.trim_start(),
        help,
        url: None,
    })
}

/// The keys a rule doc's front matter may have.
const KEYS: &[&str] = &[
    "id",
    "name",
    "title",
    "description",
    "severity",
    "service",
    "formats",
    "equivalents",
    "compliance",
];

/// A configuration format a rule applies to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum RuleFormat {
    Terraform,
    CloudFormation,
}

impl RuleFormat {
    pub const ALL: [RuleFormat; 2] = [RuleFormat::Terraform, RuleFormat::CloudFormation];

    pub fn as_str(self) -> &'static str {
        match self {
            RuleFormat::Terraform => "terraform",
            RuleFormat::CloudFormation => "cloudformation",
        }
    }
}

/// `line:col` in the rule doc of a byte offset into its front matter (which
/// starts on line 2, after the opening `---`).
fn at(front: &str, offset: u32) -> String {
    let before = &front[..(offset as usize).min(front.len())];
    let line = before.matches('\n').count() + 2;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    format!("{line}:{col}")
}

/// A rule doc's parsed front matter, read key by key with errors that say
/// where.
struct Front<'a> {
    text: &'a str,
    root: &'a Node,
}

impl Front<'_> {
    fn at(&self, offset: u32) -> String {
        at(self.text, offset)
    }

    fn at_key(&self, key: &str) -> String {
        self.at(self.root.get(key).map_or(0, |v| v.span.start))
    }

    /// A required, non-empty string.
    fn string(&self, key: &str) -> Result<String, String> {
        let e = self
            .root
            .entry(key)
            .ok_or_else(|| format!("{}: missing `{key}`", self.at(0)))?;
        match &e.value.kind {
            NodeKind::String(s) if !s.is_empty() => Ok(s.clone()),
            _ => Err(format!(
                "{}: `{key}` must be a string",
                self.at(e.value.span.start)
            )),
        }
    }

    /// An optional map of lists of strings, its keys among `known`.
    fn lists(&self, key: &str, known: &[&str]) -> Result<Vec<(String, Vec<String>)>, String> {
        let Some(e) = self.root.entry(key) else {
            return Ok(Vec::new());
        };
        let map = e
            .value
            .as_map()
            .ok_or_else(|| format!("{}: `{key}` must be a map", self.at(e.value.span.start)))?;
        map.iter()
            .map(|m| {
                if !known.contains(&m.key.as_str()) {
                    return Err(format!(
                        "{}: unknown `{key}` entry `{}` (expected one of: {})",
                        self.at(m.key_span.start),
                        m.key,
                        known.join(", ")
                    ));
                }
                let items = match &m.value.kind {
                    NodeKind::Seq(items) => items
                        .iter()
                        .map(|i| match &i.kind {
                            NodeKind::String(s) | NodeKind::Number(s) => Ok(s.clone()),
                            _ => Err(format!(
                                "{}: `{key}.{}` items must be strings",
                                self.at(i.span.start),
                                m.key
                            )),
                        })
                        .collect::<Result<Vec<_>, _>>()?,
                    NodeKind::Null => Vec::new(),
                    _ => {
                        return Err(format!(
                            "{}: `{key}.{}` must be a list",
                            self.at(m.value.span.start),
                            m.key
                        ))
                    }
                };
                Ok((m.key.clone(), items))
            })
            .collect()
    }

    fn equivalents(&self) -> Result<Equivalents, String> {
        let mut equivalents = Equivalents::default();
        let tools = [
            "checkov",
            "trivy",
            "kics",
            "tfsec",
            "cfn_nag",
            "cfn_guard",
            "cfn_lint",
        ];
        for (k, v) in self.lists("equivalents", &tools)? {
            *match k.as_str() {
                "checkov" => &mut equivalents.checkov,
                "trivy" => &mut equivalents.trivy,
                "kics" => &mut equivalents.kics,
                "tfsec" => &mut equivalents.tfsec,
                "cfn_nag" => &mut equivalents.cfn_nag,
                "cfn_guard" => &mut equivalents.cfn_guard,
                _ => &mut equivalents.cfn_lint,
            } = v;
        }
        Ok(equivalents)
    }

    /// `formats: [terraform]`; both when left out.
    fn formats(&self) -> Result<Vec<RuleFormat>, String> {
        let Some(e) = self.root.entry("formats") else {
            return Ok(RuleFormat::ALL.to_vec());
        };
        let items = match &e.value.kind {
            NodeKind::Seq(items) if !items.is_empty() => items,
            _ => {
                return Err(format!(
                    "{}: `formats` must be a non-empty list",
                    self.at(e.value.span.start)
                ))
            }
        };
        items
            .iter()
            .map(|i| {
                RuleFormat::ALL
                    .into_iter()
                    .find(|f| i.as_str() == Some(f.as_str()))
                    .ok_or_else(|| {
                        format!(
                            "{}: unknown format (expected terraform or cloudformation)",
                            self.at(i.span.start)
                        )
                    })
            })
            .collect()
    }

    fn compliance(&self) -> Result<Compliance, String> {
        let mut compliance = Compliance::default();
        for (k, v) in self.lists("compliance", &["fsbp", "cis"])? {
            if k == "fsbp" {
                compliance.fsbp = v;
            } else {
                compliance.cis = v;
            }
        }
        Ok(compliance)
    }
}

/// The text of a `## heading` section of a Markdown body.
pub fn section<'a>(body: &'a str, heading: &str) -> Option<&'a str> {
    let marker = format!("## {heading}");
    let start = body.find(&marker)? + marker.len();
    let rest = &body[start..];
    let end = rest.find("\n## ").unwrap_or(rest.len());
    Some(&rest[..end])
}

#[cfg(test)]
mod tests {
    use super::parse_doc;

    const BODY: &str = "## How to fix\n\nDo it.\n";

    fn doc(front: &str) -> &'static str {
        Box::leak(format!("---\n{front}---\n{BODY}").into_boxed_str())
    }

    #[test]
    fn front_matter_is_yaml_with_equivalents_and_compliance() {
        let meta = parse_doc(doc("id: AWS-X-001\nname: x-thing\ntitle: \"A thing: done\"\ndescription: Checks a thing.\nseverity: high\nservice: x\nequivalents:\n  checkov: [CKV_AWS_1, CKV_AWS_2]\n  trivy: []\ncompliance:\n  fsbp: [X.1]\n  cis: [\"2.1.1\"]\n")).unwrap();
        assert_eq!(meta.title, "A thing: done");
        assert_eq!(meta.equivalents.checkov, ["CKV_AWS_1", "CKV_AWS_2"]);
        assert_eq!(meta.compliance.fsbp, ["X.1"]);
        assert_eq!(meta.compliance.cis, ["2.1.1"]);
        assert_eq!(meta.help, "Do it.");
        assert_eq!(meta.description, "Checks a thing.");
    }

    #[test]
    fn errors_name_the_line_and_column() {
        let base =
            "id: AWS-X-001\nname: x\ntitle: t\ndescription: D.\nseverity: high\nservice: x\n";
        let e = parse_doc(doc(&format!("{base}owner: me\n"))).unwrap_err();
        assert!(
            e.starts_with("8:1: unknown front matter key `owner`"),
            "{e}"
        );
        let e = parse_doc(doc(&format!("{base}equivalents:\n  snyk: [X]\n"))).unwrap_err();
        assert!(
            e.starts_with("9:3: unknown `equivalents` entry `snyk`"),
            "{e}"
        );
        let e = parse_doc(doc(
            "id: AWS-X-001\nname: x\ntitle: t\ndescription: D.\nseverity: severe\nservice: x\n",
        ))
        .unwrap_err();
        assert!(
            e.starts_with("6:11: AWS-X-001: bad severity `severe`"),
            "{e}"
        );
        let e = parse_doc(doc("id: [a\n")).unwrap_err();
        assert!(e.starts_with("2:"), "{e}");
        let e = parse_doc(doc("name: x\ntitle: t\nseverity: high\nservice: x\n")).unwrap_err();
        assert!(e.contains("missing `id`"), "{e}");
        let e = parse_doc(doc(&base.replace("D.", "a fragment"))).unwrap_err();
        assert_eq!(
            e,
            "5:14: AWS-X-001: `description` must be whole sentences, ending with a period"
        );
    }
}
