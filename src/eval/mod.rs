//! Evaluation: syntax to values. Every value is known, unknown, or a choice
//! between branches; nothing is guessed, executed or downloaded.

pub mod cfn_params;
pub mod cloudformation;
pub mod functions;
pub mod terraform;
pub mod terraform_json;
pub mod terraform_plan;
pub mod value;

use std::path::PathBuf;
use std::sync::Arc;

use crate::parse::{Node, NodeKind};
use crate::source::{FileId, Range, Span};
use value::{Field, Kind, Segment, Str, Value};

/// Which format a resource came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Format {
    Terraform,
    CloudFormation,
}

/// A resource (or Terraform data source) after evaluation, before adaptation.
#[derive(Clone, Debug)]
pub struct Resource {
    pub format: Format,
    /// `aws_s3_bucket` or `AWS::S3::Bucket`.
    pub kind: String,
    /// `aws_s3_bucket.logs`, `data.aws_iam_policy_document.p`, or a logical id.
    pub address: String,
    /// Where a finding about the resource as a whole points: the Terraform
    /// block, or the CloudFormation logical id.
    pub range: Range,
    /// The evaluated body (Terraform) or `Properties` (CloudFormation).
    pub body: Value,
    /// A CloudFormation resource `Condition`.
    pub when: Option<String>,
    pub data_source: bool,
}

/// The resources that can refer to each other: one Terraform module
/// (directory) or one CloudFormation template.
#[derive(Clone, Debug)]
pub struct Unit {
    pub format: Format,
    /// The module directory or the template path.
    pub path: PathBuf,
    pub resources: Vec<Resource>,
    /// Problems met while evaluating (cycles, limits), with their position.
    pub problems: Vec<(Range, String)>,
    /// What the arguments of Terraform module calls whose code could not be
    /// read refer to: such a module may use a resource in any way (a policy
    /// document passed to it may become a bucket or trust policy).
    pub opaque_refs: Vec<Arc<str>>,
}

/// Converts a JSON/YAML tree to a value (no intrinsic functions: data only).
pub fn node_to_value(node: &Node, file: FileId) -> Value {
    let range = Range::new(file, node.span);
    let kind = match &node.kind {
        NodeKind::Null => Kind::Null,
        NodeKind::Bool(b) => Kind::Bool(*b),
        NodeKind::Number(n) => n
            .parse::<f64>()
            .map(Kind::Number)
            .unwrap_or_else(|_| Kind::String(Str::plain(n.clone()))),
        NodeKind::String(s) => Kind::String(Str::plain(s.clone())),
        NodeKind::Seq(items) => Kind::List(items.iter().map(|n| node_to_value(n, file)).collect()),
        NodeKind::Map(entries) => Kind::Map(
            entries
                .iter()
                .map(|e| Field {
                    key: e.key.clone(),
                    key_range: Range::new(file, e.key_span),
                    value: node_to_value(&e.value, file),
                })
                .collect(),
        ),
    };
    Value::new(kind, range)
}

/// Parses a JSON document held in a string value (an IAM policy written as a
/// JSON string or heredoc). Positions inside it map back to the file where the
/// string was copied verbatim; elsewhere they fall back to the string's range.
pub fn parse_json_string(s: &Str, range: Range) -> Option<Value> {
    let node = crate::parse::json::parse(&s.text).ok()?;
    Some(remap(&node_to_value(&node, range.file), s, range))
}

fn remap(v: &Value, s: &Str, whole: Range) -> Value {
    let map = |span: Span| -> Range {
        s.source_span(span.start as usize, span.end as usize)
            .map(|sp| Range::new(whole.file, sp))
            .unwrap_or(whole)
    };
    let kind = match &v.kind {
        Kind::List(items) => Kind::List(items.iter().map(|i| remap(i, s, whole)).collect()),
        Kind::Map(fields) => Kind::Map(
            fields
                .iter()
                .map(|f| Field {
                    key: f.key.clone(),
                    key_range: map(f.key_range.span),
                    value: remap(&f.value, s, whole),
                })
                .collect(),
        ),
        k => k.clone(),
    };
    Value::new(kind, map(v.range.span))
}

/// A string whose whole text is the file's bytes at `span`.
pub fn verbatim_str(text: &str, span: Span) -> Str {
    Str {
        text: text.to_string(),
        segments: Some(Arc::from([Segment {
            at: 0,
            src: span.start,
            len: text.len() as u32,
        }])),
    }
}
