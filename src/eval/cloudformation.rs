//! CloudFormation evaluation: intrinsic functions over parameter defaults,
//! mappings and conditions. `Fn::If` keeps both branches as a choice.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

use super::value::{Branch, Field, Kind, Refs, Str, Value};
use super::{node_to_value, Format, Resource, Unit};
use crate::parse::{Node, NodeKind};
use crate::source::{FileId, Range, Span};

/// Whether a parsed YAML/JSON document is a CloudFormation template: it has
/// `AWSTemplateFormatVersion`, or a `Resources` map whose entries have an
/// `AWS::` (or `Custom::`) `Type`.
pub fn is_template(root: &Node) -> bool {
    if root.get("AWSTemplateFormatVersion").is_some() {
        return true;
    }
    let Some(resources) = root.get("Resources").and_then(Node::as_map) else {
        return false;
    };
    !resources.is_empty()
        && resources.iter().any(|e| {
            e.value
                .get("Type")
                .and_then(Node::as_str)
                .is_some_and(|t| t.starts_with("AWS::") || t.starts_with("Custom::"))
        })
}

struct Cx<'a> {
    file: FileId,
    params: HashMap<&'a str, &'a Node>,
    resources: HashMap<&'a str, ()>,
    mappings: Option<&'a Node>,
}

/// Evaluates every resource of a template.
pub fn evaluate(root: &Node, file: FileId, path: PathBuf) -> Unit {
    let mut cx = Cx {
        file,
        params: HashMap::new(),
        resources: HashMap::new(),
        mappings: root.get("Mappings"),
    };
    if let Some(params) = root.get("Parameters").and_then(Node::as_map) {
        for p in params {
            cx.params.insert(&p.key, &p.value);
        }
    }
    let entries = root.get("Resources").and_then(Node::as_map).unwrap_or(&[]);
    for e in entries {
        cx.resources.insert(&e.key, ());
    }
    let mut resources = Vec::new();
    for e in entries {
        let Some(kind) = e.value.get("Type").and_then(Node::as_str) else {
            continue;
        };
        let range = Range::new(file, e.key_span);
        let body = match e.value.get("Properties") {
            Some(props) => cx.eval(props),
            None => Value::new(Kind::Map(Vec::new()), range),
        };
        resources.push(Resource {
            format: Format::CloudFormation,
            kind: kind.to_string(),
            address: e.key.clone(),
            range,
            body,
            when: e
                .value
                .get("Condition")
                .and_then(Node::as_str)
                .map(|c| format!("condition `{c}` is true")),
            data_source: false,
        });
    }
    Unit {
        format: Format::CloudFormation,
        path,
        resources,
        problems: Vec::new(),
    }
}

impl<'a> Cx<'a> {
    fn range(&self, span: Span) -> Range {
        Range::new(self.file, span)
    }

    fn eval(&self, node: &Node) -> Value {
        if let Some(tag) = &node.tag {
            return self.intrinsic(&short_name(tag), &untagged(node), node.span);
        }
        match &node.kind {
            NodeKind::Map(entries) => {
                if entries.len() == 1 {
                    let e = &entries[0];
                    if e.key == "Ref" || e.key.starts_with("Fn::") {
                        return self.intrinsic(&e.key, &e.value, node.span);
                    }
                }
                let fields = entries
                    .iter()
                    .map(|e| {
                        let mut value = self.eval(&e.value);
                        // A nested structure is reported at its key.
                        if matches!(value.kind, Kind::Map(_) | Kind::List(_))
                            && e.value.tag.is_none()
                        {
                            value.range = self.range(e.key_span.cover(e.value.span));
                        }
                        Field {
                            key: e.key.clone(),
                            key_range: self.range(e.key_span),
                            value,
                        }
                    })
                    .collect();
                Value::new(Kind::Map(fields), self.range(node.span))
            }
            NodeKind::Seq(items) => Value::new(
                Kind::List(items.iter().map(|i| self.eval(i)).collect()),
                self.range(node.span),
            ),
            _ => node_to_value(node, self.file),
        }
    }

    /// Evaluates `Fn::Name` applied to `arg`; `whole` is the node of the call.
    fn intrinsic(&self, name: &str, arg: &Node, span: Span) -> Value {
        let range = self.range(span);
        let unknown = |refs: Vec<Arc<str>>| Value::unknown_from(range, refs.into());
        match name {
            "Ref" => self.reference(arg.as_str().unwrap_or(""), range),
            "Fn::GetAtt" => {
                let target = match &arg.kind {
                    NodeKind::String(s) => s.split('.').next().unwrap_or("").to_string(),
                    NodeKind::Seq(items) => items
                        .first()
                        .and_then(Node::as_str)
                        .unwrap_or("")
                        .to_string(),
                    _ => String::new(),
                };
                unknown(vec![Arc::from(target)])
            }
            "Fn::Sub" => self.sub(arg, range),
            "Fn::Join" => {
                let (Some(delim), Some(list)) = (
                    arg.as_seq().and_then(|a| a.first()),
                    arg.as_seq().and_then(|a| a.get(1)),
                ) else {
                    return unknown(Vec::new());
                };
                let list = self.eval(list);
                let delim = self.eval(delim);
                match (delim.as_str(), &list.kind) {
                    (Some(d), Kind::List(items)) => {
                        let parts: Option<Vec<String>> = items.iter().map(scalar_string).collect();
                        match parts {
                            Some(p) => Value::string(p.join(d), range),
                            None => unknown(list.refs()),
                        }
                    }
                    _ => unknown(list.refs()),
                }
            }
            "Fn::Select" => {
                let args = arg.as_seq().unwrap_or(&[]);
                let (Some(i), Some(list)) = (args.first(), args.get(1)) else {
                    return unknown(Vec::new());
                };
                let i = self.eval(i);
                let list = self.eval(list);
                match (i.as_i64(), &list.kind) {
                    (Some(i), Kind::List(items)) if i >= 0 && (i as usize) < items.len() => {
                        items[i as usize].clone()
                    }
                    _ => unknown(list.refs()),
                }
            }
            "Fn::Split" => {
                let args = arg.as_seq().unwrap_or(&[]);
                let (Some(d), Some(s)) = (args.first(), args.get(1)) else {
                    return unknown(Vec::new());
                };
                let (d, s) = (self.eval(d), self.eval(s));
                match (d.as_str(), s.as_str()) {
                    (Some(d), Some(text)) if !d.is_empty() => Value::new(
                        Kind::List(text.split(d).map(|p| Value::string(p, range)).collect()),
                        range,
                    ),
                    _ => unknown(s.refs()),
                }
            }
            "Fn::FindInMap" => {
                let args: Vec<Value> = arg
                    .as_seq()
                    .unwrap_or(&[])
                    .iter()
                    .map(|a| self.eval(a))
                    .collect();
                let keys: Option<Vec<&str>> = args.iter().take(3).map(Value::as_str).collect();
                match (keys, self.mappings) {
                    (Some(k), Some(m)) if k.len() == 3 => m
                        .get(k[0])
                        .and_then(|m| m.get(k[1]))
                        .and_then(|m| m.get(k[2]))
                        .map(|n| self.eval(n).at(range))
                        .unwrap_or_else(|| unknown(Vec::new())),
                    _ => unknown(args.iter().flat_map(Value::refs).collect()),
                }
            }
            "Fn::If" => {
                let args = arg.as_seq().unwrap_or(&[]);
                let (Some(c), Some(a), Some(b)) = (
                    args.first().and_then(Node::as_str),
                    args.get(1),
                    args.get(2),
                ) else {
                    return unknown(Vec::new());
                };
                Value::new(
                    Kind::Choice(vec![
                        Branch {
                            when: format!("condition `{c}` is true").into(),
                            value: self.eval(a),
                        },
                        Branch {
                            when: format!("condition `{c}` is false").into(),
                            value: self.eval(b),
                        },
                    ]),
                    range,
                )
            }
            _ => {
                // Fn::Base64, Fn::GetAZs, Fn::ImportValue, Fn::Cidr, ... and
                // anything not known: unknown, but keep what it refers to.
                let inner = self.eval(arg);
                unknown(inner.refs())
            }
        }
    }

    fn reference(&self, name: &str, range: Range) -> Value {
        if name == "AWS::NoValue" {
            return Value::new(Kind::Absent, range);
        }
        if let Some(p) = self.params.get(name) {
            let ty = p.get("Type").and_then(Node::as_str).unwrap_or("String");
            return match p.get("Default") {
                Some(d) => {
                    let v = self.eval(d);
                    let is_list = ty.starts_with("List<") || ty == "CommaDelimitedList";
                    match (is_list, v.as_str()) {
                        (true, Some(s)) => Value::new(
                            Kind::List(
                                s.split(',')
                                    .map(|p| Value::string(p.trim(), range))
                                    .collect(),
                            ),
                            range,
                        ),
                        _ => v.at(range),
                    }
                }
                None => Value::unknown(range),
            };
        }
        if self.resources.contains_key(name) {
            let refs: Refs = Arc::from([Arc::from(name)]);
            return Value::unknown_from(range, refs);
        }
        // Pseudo parameters (AWS::Region, ...) and anything else: unknown.
        Value::unknown(range)
    }

    /// `Fn::Sub`: `${Name}`, `${Res.Attr}` and `${!Literal}` in a string,
    /// optionally with a map of variables.
    fn sub(&self, arg: &Node, range: Range) -> Value {
        let (template, vars) = match &arg.kind {
            NodeKind::String(s) => (s.as_str(), None),
            NodeKind::Seq(items) => match (items.first().and_then(Node::as_str), items.get(1)) {
                (Some(s), vars) => (s, vars),
                _ => return Value::unknown(range),
            },
            _ => return Value::unknown(range),
        };
        let mut out = String::new();
        let mut refs: Vec<Arc<str>> = Vec::new();
        let mut known = true;
        let mut rest = template;
        while let Some(i) = rest.find("${") {
            out.push_str(&rest[..i]);
            let after = &rest[i + 2..];
            let Some(end) = after.find('}') else {
                out.push_str(&rest[i..]);
                rest = "";
                break;
            };
            let name = after[..end].trim();
            if let Some(lit) = name.strip_prefix('!') {
                out.push_str("${");
                out.push_str(lit);
                out.push('}');
            } else {
                let v = match vars.and_then(|v| v.get(name)) {
                    Some(n) => self.eval(n),
                    None if name.contains('.') => Value::unknown_from(
                        range,
                        Arc::from([Arc::from(name.split('.').next().unwrap_or(""))]),
                    ),
                    None => self.reference(name, range),
                };
                match scalar_string(&v) {
                    Some(s) => out.push_str(&s),
                    None => {
                        known = false;
                        refs.extend(v.refs());
                    }
                }
            }
            rest = &after[end + 1..];
        }
        out.push_str(rest);
        if known {
            Value::new(Kind::String(Str::plain(out)), range)
        } else {
            Value::unknown_from(range, refs.into())
        }
    }
}

/// The argument of a short-form intrinsic: the node without its tag.
fn untagged(node: &Node) -> Node {
    Node {
        tag: None,
        ..node.clone()
    }
}

/// `!GetAtt` → `Fn::GetAtt`, `!Ref` → `Ref`, `!Condition` → `Condition`.
fn short_name(tag: &str) -> String {
    match tag {
        "Ref" | "Condition" => tag.to_string(),
        t if t.starts_with("Fn::") => t.to_string(),
        t => format!("Fn::{t}"),
    }
}

fn scalar_string(v: &Value) -> Option<String> {
    match &v.kind {
        Kind::String(s) => Some(s.text.clone()),
        Kind::Number(n) => Some(super::value::format_number(*n)),
        Kind::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn eval_yaml(src: &str) -> Unit {
        let parsed = crate::parse::yaml::parse(src).expect("parse");
        evaluate(&parsed.root, FileId(0), "t.yaml".into())
    }

    #[test]
    fn ref_to_parameter_default_is_known_at_the_use_site() {
        let src = "Parameters:\n  Enc:\n    Type: String\n    Default: 'false'\nResources:\n  V:\n    Type: AWS::EC2::Volume\n    Properties:\n      Encrypted: !Ref Enc\n";
        let u = eval_yaml(src);
        let v = u.resources[0].body.get("Encrypted").unwrap();
        assert_eq!(v.as_bool(), Some(false));
        assert_eq!(
            &src[v.range.span.start as usize..v.range.span.end as usize],
            "!Ref Enc"
        );
    }

    #[test]
    fn if_keeps_both_branches_and_novalue_is_absent() {
        let src = "Conditions:\n  C: !Equals [a, b]\nResources:\n  V:\n    Type: AWS::EC2::Volume\n    Properties:\n      Encrypted: !If [C, true, !Ref AWS::NoValue]\n";
        let u = eval_yaml(src);
        let vs = super::super::value::variants(&u.resources[0].body);
        assert_eq!(vs.len(), 2);
        assert_eq!(vs[0].1.get("Encrypted").unwrap().as_bool(), Some(true));
        assert!(vs[1].1.get("Encrypted").is_none());
        assert_eq!(&*vs[1].0[0], "condition `C` is false");
    }

    #[test]
    fn refs_and_sub_link_resources() {
        let src = "Resources:\n  B:\n    Type: AWS::S3::Bucket\n  P:\n    Type: AWS::S3::BucketPolicy\n    Properties:\n      Bucket: !Ref B\n      Arn: !Sub 'arn:aws:s3:::${B}/*'\n      Name: !Sub 'x-${AWS::Region}-${!Lit}'\n      J: !Join ['-', [a, b]]\n";
        let u = eval_yaml(src);
        let p = &u.resources[1].body;
        assert_eq!(p.get("Bucket").unwrap().refs(), vec![Arc::from("B")]);
        assert_eq!(p.get("Arn").unwrap().refs(), vec![Arc::from("B")]);
        assert!(p.get("Name").unwrap().is_unknown());
        assert_eq!(p.get("J").unwrap().as_str(), Some("a-b"));
    }
}
