//! S3 fixes. AWS-S3-001: a public canned ACL becomes `private`.
//! AWS-S3-002: a bucket without a public access block gets one with all
//! four settings on; a block with a setting `false` or left out gets it
//! `true`.
//!
//! A public access block is safe to add only when nothing in the
//! configuration is public: S3 rejects a public ACL or a public bucket
//! policy once the block is on (the next apply fails) and stops serving a
//! public website. So the S3-002 fix is offered only when the bucket has no
//! ACL but a private one, no grants, no website, and no ACL, object or
//! website resource of the scanned configuration, nor a bucket policy that
//! may allow anything, may point at it (one whose bucket cannot be told
//! apart from this one counts). A policy that only denies (TLS enforcement)
//! is never public.

use super::{indentation, insert_attribute, line_start, parse_tree, Scope};
use super::{Edit, Finding};
use crate::address::Address;
use crate::parse::hcl_ast::{Block, Body, Expr, ExprKind, ObjectKey, TemplatePart};
use crate::parse::{self, Node, NodeKind};
use crate::source::{FileKind, SourceFile, SourceMap, Span};
use std::path::Path;

pub(super) const ACL_RULE: &str = "AWS-S3-001";
pub(super) const PAB_RULE: &str = "AWS-S3-002";
pub(super) const RULES: &[&str] = &[ACL_RULE, PAB_RULE];

/// The four settings, Terraform names then CloudFormation names.
pub(super) const FLAGS: [(&str, &str); 4] = [
    ("block_public_acls", "BlockPublicAcls"),
    ("block_public_policy", "BlockPublicPolicy"),
    ("ignore_public_acls", "IgnorePublicAcls"),
    ("restrict_public_buckets", "RestrictPublicBuckets"),
];

pub(super) const PUBLIC_ACLS: &[&str] = &["public-read", "public-read-write", "authenticated-read"];
pub(super) const PUBLIC_ACLS_CFN: &[&str] = &["PublicRead", "PublicReadWrite", "AuthenticatedRead"];

/// Resource types that may carry something public for the bucket they name.
const RISKY: &[&str] = &[
    "aws_s3_bucket_acl",
    "aws_s3_bucket_policy",
    "aws_s3_bucket_website_configuration",
    "aws_s3_object",
    "aws_s3_bucket_object",
    "aws_s3_object_copy",
];

/// The title and edits (in the finding's file) for an S3 finding.
pub(super) fn fix(finding: &Finding, scope: Scope) -> Option<(String, Vec<Edit>)> {
    let file = scope.file;
    let at = finding.range.span;
    match (finding.rule.id.as_str(), file.kind) {
        (ACL_RULE, FileKind::TerraformHcl) => {
            let parsed = parse::hcl::parse(&file.text).ok()?;
            let acl = parsed
                .body
                .blocks_of("resource")
                .filter(|b| {
                    label(b, 0).is_some_and(|t| t == "aws_s3_bucket" || t == "aws_s3_bucket_acl")
                })
                .find_map(|b| b.body.attribute("acl").filter(|a| a.expr.span == at))?;
            literal_str(&acl.expr).filter(|v| PUBLIC_ACLS.contains(v))?;
            Some((acl_title(true), vec![replace(at, "\"private\"")]))
        }
        (ACL_RULE, FileKind::TerraformJson) => {
            let root = parse::json::parse(&file.text).ok()?;
            let node = find_entry(&root, "acl", at)?;
            node.as_str().filter(|v| PUBLIC_ACLS.contains(v))?;
            Some((acl_title(true), vec![replace(at, "\"private\"")]))
        }
        (ACL_RULE, FileKind::CloudFormationYaml | FileKind::CloudFormationJson) => {
            let root = parse_tree(file)?;
            let bucket = cfn_resource(&root, &finding.resource, "AWS::S3::Bucket")?;
            let value = bucket.get("Properties")?.get("AccessControl")?;
            let v = value
                .as_str()
                .filter(|_| value.tag.is_none() && value.span == at)?;
            PUBLIC_ACLS_CFN.contains(&v).then_some(())?;
            let text = quoted_like(&file.text, at, "Private");
            let span = super::token_span(&file.text, at);
            Some((acl_title(false), vec![replace(span, &text)]))
        }
        (PAB_RULE, FileKind::TerraformHcl) => {
            let all = scope.all?.tf_files();
            let edits = tf_pab(finding, file, all)?;
            Some(("Block all public access to the bucket".into(), edits))
        }
        (PAB_RULE, FileKind::CloudFormationYaml | FileKind::CloudFormationJson) => {
            let root = parse_tree(file)?;
            cfn_bucket_safe(&root, &finding.resource).ok()?;
            let edits = cfn_pab(&root, file, finding)?;
            Some(("Block all public access to the bucket".into(), edits))
        }
        _ => None,
    }
}

fn acl_title(terraform: bool) -> String {
    if terraform {
        "Set acl = \"private\" (the bucket is no longer public)".into()
    } else {
        "Set AccessControl: Private (the bucket is no longer public)".into()
    }
}

fn replace(span: Span, text: &str) -> Edit {
    Edit {
        span,
        text: text.into(),
    }
}

/// `value` in the quotes of the scalar at `at`, if it has any.
pub(super) fn quoted_like(text: &str, at: Span, value: &str) -> String {
    match text.as_bytes().get(at.start as usize) {
        Some(&q @ (b'"' | b'\'')) => format!("{}{value}{}", q as char, q as char),
        _ => value.to_string(),
    }
}

fn label(block: &Block, i: usize) -> Option<&str> {
    block.labels.get(i).map(|l| l.value.as_str())
}

/// The text of a string literal without interpolation.
pub(super) fn literal_str(expr: &Expr) -> Option<&str> {
    match &expr.kind {
        ExprKind::Template(parts) => match parts.as_slice() {
            [] => Some(""),
            [TemplatePart::Literal { text, .. }] => Some(text),
            _ => None,
        },
        _ => None,
    }
}

/// The value of the mapping entry `key` whose value is at `at`, anywhere.
fn find_entry<'a>(root: &'a Node, key: &str, at: Span) -> Option<&'a Node> {
    let mut stack = vec![root];
    while let Some(node) = stack.pop() {
        match &node.kind {
            NodeKind::Map(entries) => {
                for e in entries {
                    if e.key == key && e.value.span == at {
                        return Some(&e.value);
                    }
                    stack.push(&e.value);
                }
            }
            NodeKind::Seq(items) => stack.extend(items),
            _ => {}
        }
    }
    None
}

/// The resource `logical_id` of the template when it has type `ty`.
fn cfn_resource<'a>(root: &'a Node, logical_id: &str, ty: &str) -> Option<&'a Node> {
    let r = root.get("Resources")?.get(logical_id)?;
    (r.get("Type")?.as_str()? == ty).then_some(r)
}

// ---------------------------------------------------------------------------
// Terraform

/// The Terraform files of the scan: the `.tf` files parsed, and the text
/// of the `.tf.json` files, which are not parsed here.
pub(super) struct TfFiles<'a> {
    pub(super) files: Vec<TfFile<'a>>,
    json: Vec<&'a str>,
}

pub(super) struct TfFile<'a> {
    pub(super) file: &'a SourceFile,
    pub(super) body: Body,
}

pub(super) fn tf_files(sources: &SourceMap) -> TfFiles<'_> {
    let json = sources
        .files()
        .filter(|f| {
            f.kind == FileKind::TerraformJson && f.path.to_string_lossy().ends_with(".tf.json")
        })
        .map(|f| &*f.text)
        .collect();
    let files = sources
        .files()
        .filter(|f| f.kind == FileKind::TerraformHcl && is_tf(&f.path))
        .filter_map(|f| {
            let body = parse::hcl::parse(&f.text).ok()?.body;
            Some(TfFile { file: f, body })
        })
        .collect();
    TfFiles { files, json }
}

fn is_tf(path: &std::path::Path) -> bool {
    path.extension().is_some_and(|e| e == "tf")
}

/// The edits for an S3-002 finding in a `.tf` file.
fn tf_pab(finding: &Finding, file: &SourceFile, all: &TfFiles) -> Option<Vec<Edit>> {
    let address = Address::parse(&finding.resource).filter(|a| !a.data)?;
    let at = finding.range.span;
    let files = &all.files;
    let dir = file.path.parent()?;
    let this = files.iter().find(|f| f.file.id == file.id)?;
    let block = this.body.blocks_of("resource").find(|b| {
        label(b, 0) == Some(address.kind.as_str())
            && label(b, 1) == Some(address.name.as_str())
            && b.span.start <= at.start
            && at.end <= b.span.end
    })?;
    match address.kind.as_str() {
        "aws_s3_bucket" => {
            tf_bucket_safe(all, dir, &address.name).ok()?;
            new_block(files, dir, &file.text, block).map(|e| vec![e])
        }
        "aws_s3_bucket_public_access_block" => {
            let bucket = bucket_of(files, dir, &block.body.attribute("bucket")?.expr)?;
            tf_bucket_safe(all, dir, bucket).ok()?;
            if let Some(a) = FLAGS
                .iter()
                .filter_map(|(name, _)| block.body.attribute(name))
                .find(|a| a.expr.span == at)
            {
                return (a.expr.kind == ExprKind::Bool(false)).then(|| vec![replace(at, "true")]);
            }
            let flag = named_flag(&finding.message)?;
            if block.body.attribute(flag).is_some() {
                return None;
            }
            insert_attribute(&file.text, block, at, flag).map(|e| vec![e])
        }
        _ => None,
    }
}

/// The name of the bucket in `dir` that a block's `bucket` names, by
/// reference or by the bucket's literal name.
pub(super) fn bucket_of<'a>(files: &'a [TfFile], dir: &Path, expr: &'a Expr) -> Option<&'a str> {
    if let Some(name) = referenced_bucket(expr) {
        return Some(name);
    }
    let literal = literal_str(expr)?;
    let mut named = files
        .iter()
        .filter(|f| f.file.path.parent() == Some(dir))
        .flat_map(|f| f.body.blocks_of("resource"))
        .filter(|b| label(b, 0) == Some("aws_s3_bucket"))
        .filter(|b| {
            b.body
                .attribute("bucket")
                .and_then(|a| literal_str(&a.expr))
                == Some(literal)
        });
    match (named.next(), named.next()) {
        (Some(b), None) => label(b, 1),
        _ => None,
    }
}

/// The setting a "`flag` is not set" message names.
fn named_flag(message: &str) -> Option<&'static str> {
    FLAGS
        .iter()
        .map(|(tf, _)| *tf)
        .find(|tf| message.contains(&format!("`{tf}` is not set")))
}

/// The bucket `aws_s3_bucket.NAME.id` (or `.bucket`, of one instance or
/// not) names.
pub(super) fn referenced_bucket(expr: &Expr) -> Option<&str> {
    let ExprKind::GetAttr(inner, attr) = &expr.kind else {
        return None;
    };
    if attr != "id" && attr != "bucket" {
        return None;
    }
    let inner = match &inner.kind {
        ExprKind::Index(inner, _) => inner,
        _ => inner,
    };
    match &inner.kind {
        ExprKind::GetAttr(root, name)
            if root.kind == ExprKind::Variable("aws_s3_bucket".into()) =>
        {
            Some(name)
        }
        _ => None,
    }
}

/// Whether adding or completing the public access block of
/// `aws_s3_bucket.<name>` in `dir` is safe: `Err` says why not.
pub(super) fn tf_bucket_safe(all: &TfFiles, dir: &Path, name: &str) -> Result<(), String> {
    let files = &all.files;
    let in_dir = |f: &TfFile| f.file.path.parent() == Some(dir);
    let mut buckets = files
        .iter()
        .filter(|f| in_dir(f))
        .flat_map(|f| f.body.blocks_of("resource").map(move |b| (f, b)))
        .filter(|(_, b)| label(b, 0) == Some("aws_s3_bucket") && label(b, 1) == Some(name));
    let (Some((bucket_file, bucket)), None) = (buckets.next(), buckets.next()) else {
        return Err(format!(
            "aws_s3_bucket.{name} is not declared once in its module"
        ));
    };
    let body = &bucket.body;
    let why = if !harmless_acl(body) {
        Some("has an ACL or grants that may be public")
    } else if body
        .attribute("policy")
        .is_some_and(|p| !deny_only(files, dir, &bucket_file.file.text, &p.expr))
    {
        Some("has a bucket policy that may allow anyone")
    } else if has_block(body, "website") {
        Some("is a website")
    } else {
        None
    };
    if let Some(why) = why {
        return Err(format!(
            "aws_s3_bucket.{name} {why}, which a public access block would reject or hide"
        ));
    }
    let literal_name = body.attribute("bucket").and_then(|a| literal_str(&a.expr));
    for f in files {
        for r in f.body.blocks_of("resource") {
            let Some(ty) = label(r, 0).filter(|t| RISKY.contains(t)) else {
                continue;
            };
            let harmless = match ty {
                "aws_s3_bucket_policy" => r.body.attribute("policy").is_some_and(|p| {
                    let here = f.file.path.parent().unwrap_or(Path::new(""));
                    deny_only(files, here, &f.file.text, &p.expr)
                }),
                "aws_s3_bucket_website_configuration" => false,
                _ => harmless_acl(&r.body),
            };
            if harmless {
                continue;
            }
            let other = match r.body.attribute("bucket").map(|a| &a.expr) {
                Some(e) => match (referenced_bucket(e), literal_str(e)) {
                    (Some(n), _) => !in_dir(f) || n != name,
                    (_, Some(s)) => literal_name.is_some_and(|l| l != s),
                    _ => false,
                },
                None => false,
            };
            if !other {
                return Err(format!(
                    "{ty}.{} may apply to aws_s3_bucket.{name}, and a public access block could reject it",
                    label(r, 1).unwrap_or_default()
                ));
            }
        }
    }
    // Resources in Terraform JSON files are not read here: any that may
    // carry something public stops the fix.
    if all.json.iter().any(|t| RISKY.iter().any(|r| t.contains(r))) {
        return Err("a .tf.json file declares S3 ACLs, policies or objects".into());
    }
    Ok(())
}

/// Whether a bucket policy (the expression of `policy`, in a file of `dir`
/// with text `text`) only denies: such a policy is never public, so a
/// public access block cannot reject it. Either an
/// `aws_iam_policy_document` of the module whose statements all say
/// `effect = "Deny"`, or a literal document (`jsonencode`, a heredoc, a
/// string) that refers to nothing but resources and never says `Allow`.
fn deny_only(files: &[TfFile], dir: &Path, text: &str, expr: &Expr) -> bool {
    if let ExprKind::GetAttr(doc, attr) = &expr.kind {
        if let ExprKind::GetAttr(ty, name) = &doc.kind {
            if let ExprKind::GetAttr(root, ty) = &ty.kind {
                if root.kind == ExprKind::Variable("data".into())
                    && ty == "aws_iam_policy_document"
                    && attr == "json"
                {
                    return deny_only_document(files, dir, name);
                }
            }
        }
    }
    let source = &text[expr.span.start as usize..expr.span.end as usize];
    literal_document(expr)
        && !source.to_ascii_lowercase().contains("allow")
        && source.contains("Deny")
}

/// `data "aws_iam_policy_document" "<name>"` in `dir`, declared once, with
/// only `statement` blocks that say `effect = "Deny"`.
fn deny_only_document(files: &[TfFile], dir: &Path, name: &str) -> bool {
    let mut docs = files
        .iter()
        .filter(|f| f.file.path.parent() == Some(dir))
        .flat_map(|f| f.body.blocks_of("data"))
        .filter(|b| label(b, 0) == Some("aws_iam_policy_document") && label(b, 1) == Some(name));
    let (Some(doc), None) = (docs.next(), docs.next()) else {
        return false;
    };
    let merges = [
        "source_policy_documents",
        "override_policy_documents",
        "source_json",
        "override_json",
    ];
    !merges.iter().any(|m| doc.body.attribute(m).is_some())
        && doc.body.blocks.iter().all(|b| b.ty == "statement")
        && doc.body.blocks.iter().all(|s| {
            s.body
                .attribute("effect")
                .and_then(|e| literal_str(&e.expr))
                == Some("Deny")
        })
        && !doc.body.blocks.is_empty()
}

/// An expression made of literals, `jsonencode` and references to
/// resources only (`aws_s3_bucket.b.arn`): nothing a variable can change.
fn literal_document(expr: &Expr) -> bool {
    match &expr.kind {
        ExprKind::Null | ExprKind::Bool(_) | ExprKind::Number(_) => true,
        ExprKind::Template(parts) => parts.iter().all(|p| match p {
            TemplatePart::Literal { .. } => true,
            TemplatePart::Interpolation(e) => literal_document(e),
            TemplatePart::Directive(_) => false,
        }),
        ExprKind::Tuple(items) => items.iter().all(literal_document),
        ExprKind::Object(items) => items.iter().all(|i| {
            let key = match &i.key {
                ObjectKey::Ident(_) => true,
                ObjectKey::Expr(k) => literal_str(k).is_some(),
            };
            key && literal_document(&i.value)
        }),
        ExprKind::Call { name, args, expand } => {
            name == "jsonencode" && !expand && args.iter().all(literal_document)
        }
        ExprKind::GetAttr(..) | ExprKind::Index(..) => resource_reference(expr),
        _ => false,
    }
}

/// `aws_<type>.<name>...` with literal indexes.
fn resource_reference(expr: &Expr) -> bool {
    match &expr.kind {
        ExprKind::GetAttr(inner, _) => resource_reference(inner),
        ExprKind::Index(inner, index) => {
            resource_reference(inner)
                && (matches!(index.kind, ExprKind::Number(_)) || literal_str(index).is_some())
        }
        ExprKind::Variable(root) => root.starts_with("aws_"),
        _ => false,
    }
}

/// No ACL but a literal non-public one, no grants, no access control
/// policy.
fn harmless_acl(body: &Body) -> bool {
    let acl_ok = body
        .attribute("acl")
        .is_none_or(|a| literal_str(&a.expr).is_some_and(|v| !PUBLIC_ACLS.contains(&v)));
    acl_ok && !has_block(body, "grant") && !has_block(body, "access_control_policy")
}

/// A nested block of type `ty`, written out or `dynamic "ty"`.
fn has_block(body: &Body, ty: &str) -> bool {
    body.blocks_of(ty).next().is_some()
        || body.blocks_of("dynamic").any(|b| label(b, 0) == Some(ty))
}

/// A new `aws_s3_bucket_public_access_block` right after `bucket`'s block,
/// with the bucket's `count`, `for_each` and `provider`.
fn new_block(files: &[TfFile], dir: &Path, text: &str, bucket: &Block) -> Option<Edit> {
    let name = label(bucket, 1)?;
    let end = bucket.span.end as usize;
    if end == 0 || text.as_bytes().get(end - 1) != Some(&b'}') {
        return None;
    }
    let indent = indentation(text, bucket.span.start as usize)?;
    let step = super::body_indent(text, &bucket.body)
        .and_then(|b| b.strip_prefix(indent.as_str()).map(str::to_string))
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "  ".into());
    let taken: Vec<&str> = files
        .iter()
        .filter(|f| f.file.path.parent() == Some(dir))
        .flat_map(|f| f.body.blocks_of("resource"))
        .filter(|b| label(b, 0) == Some("aws_s3_bucket_public_access_block"))
        .filter_map(|b| label(b, 1))
        .collect();
    let pab = std::iter::once(name.to_string())
        .chain((1..).map(|i| match i {
            1 => format!("{name}_public_access_block"),
            i => format!("{name}_public_access_block_{i}"),
        }))
        .find(|n| !taken.contains(&n.as_str()))?;
    let source = |attr: &str| {
        bucket
            .body
            .attribute(attr)
            .map(|a| &text[a.expr.span.start as usize..a.expr.span.end as usize])
    };
    let mut meta = Vec::new();
    let reference = if let Some(count) = source("count") {
        meta.push(format!("count = {count}"));
        format!("aws_s3_bucket.{name}[count.index].id")
    } else if source("for_each").is_some() {
        meta.push(format!("for_each = aws_s3_bucket.{name}"));
        format!("aws_s3_bucket.{name}[each.key].id")
    } else {
        format!("aws_s3_bucket.{name}.id")
    };
    if let Some(provider) = source("provider") {
        meta.push(format!("provider = {provider}"));
    }
    if meta.iter().any(|m| m.contains('\n')) {
        return None;
    }
    let mut out =
        format!("\n\n{indent}resource \"aws_s3_bucket_public_access_block\" \"{pab}\" {{\n");
    if !meta.is_empty() {
        let width = meta
            .iter()
            .map(|m| m.find(' ').unwrap_or(0))
            .max()
            .unwrap_or(0);
        for m in &meta {
            let (k, v) = m.split_once(" = ")?;
            out.push_str(&format!("{indent}{step}{k:<width$} = {v}\n"));
        }
        out.push('\n');
    }
    out.push_str(&format!("{indent}{step}{:<23} = {reference}\n", "bucket"));
    for (flag, _) in FLAGS {
        out.push_str(&format!("{indent}{step}{flag:<23} = true\n"));
    }
    out.push_str(&format!("{indent}}}"));
    Some(Edit {
        span: Span::new(end, end),
        text: out,
    })
}

// ---------------------------------------------------------------------------
// CloudFormation

/// Whether adding or completing the public access block of bucket `id` is
/// safe: `Err` says why not.
pub(super) fn cfn_bucket_safe(root: &Node, id: &str) -> Result<(), String> {
    let bucket = cfn_resource(root, id, "AWS::S3::Bucket").ok_or("not a bucket")?;
    let props = bucket.get("Properties");
    if props.is_some_and(|p| p.tag.is_some() || p.as_map().is_none()) {
        return Err(format!("the properties of {id} are not written out"));
    }
    let acl_ok = props.and_then(|p| p.get("AccessControl")).is_none_or(|a| {
        a.tag.is_none() && a.as_str().is_some_and(|v| !PUBLIC_ACLS_CFN.contains(&v))
    });
    let why = if !acl_ok {
        Some("has an ACL that may be public")
    } else if props.and_then(|p| p.get("WebsiteConfiguration")).is_some() {
        Some("is a website")
    } else {
        None
    };
    if let Some(why) = why {
        return Err(format!(
            "{id} {why}, which a public access block would reject or hide"
        ));
    }
    let name = props
        .and_then(|p| p.get("BucketName"))
        .filter(|n| n.tag.is_none())
        .and_then(Node::as_str);
    for e in root
        .get("Resources")
        .and_then(Node::as_map)
        .unwrap_or_default()
    {
        if e.value.get("Type").and_then(Node::as_str) != Some("AWS::S3::BucketPolicy") {
            continue;
        }
        let props = e.value.get("Properties");
        if props
            .and_then(|p| p.get("PolicyDocument"))
            .is_some_and(deny_only_cfn)
        {
            continue;
        }
        let target = props.and_then(|p| p.get("Bucket"));
        let other = match target.map(|t| (ref_name(t), t.as_str().filter(|_| t.tag.is_none()))) {
            Some((Some(r), _)) => r != id,
            Some((None, Some(s))) => name.is_some_and(|n| n != s),
            _ => false,
        };
        if !other {
            return Err(format!(
                "the bucket policy {} may apply to {id}, and a public access block could reject it",
                e.key
            ));
        }
    }
    Ok(())
}

/// A policy document written out whose statements all say `Effect: Deny`.
fn deny_only_cfn(doc: &Node) -> bool {
    let Some(statement) = doc.get("Statement").filter(|_| doc.tag.is_none()) else {
        return false;
    };
    let statements = match (&statement.kind, &statement.tag) {
        (NodeKind::Seq(items), None) => items.iter().collect::<Vec<_>>(),
        (NodeKind::Map(_), None) => vec![statement],
        _ => return false,
    };
    !statements.is_empty()
        && statements.iter().all(|s| {
            s.tag.is_none()
                && s.get("Effect")
                    .is_some_and(|e| e.tag.is_none() && e.as_str() == Some("Deny"))
        })
}

/// The logical id of `!Ref X` or `{"Ref": "X"}`.
pub(super) fn ref_name(node: &Node) -> Option<&str> {
    if node.tag.as_deref() == Some("Ref") {
        return node.as_str();
    }
    match node.as_map()? {
        [e] if e.key == "Ref" && e.value.tag.is_none() => e.value.as_str(),
        _ => None,
    }
}

/// The edits for an S3-002 finding in a template.
fn cfn_pab(root: &Node, file: &SourceFile, finding: &Finding) -> Option<Vec<Edit>> {
    let text = &*file.text;
    let yaml = file.kind == FileKind::CloudFormationYaml;
    let at = finding.range.span;
    let entry = root.get("Resources")?.entry(&finding.resource)?;
    let props = entry.value.get("Properties");
    let Some(pe) = props.and_then(|p| p.entry("PublicAccessBlockConfiguration")) else {
        if at != entry.key_span {
            return None;
        }
        return insert_configuration(text, yaml, entry, props).map(|e| vec![e]);
    };
    let pabc = &pe.value;
    if pabc.tag.is_some() {
        return None;
    }
    if let Some(e) = pabc.as_map()?.iter().find(|e| e.value.span == at) {
        FLAGS.iter().any(|(_, c)| *c == e.key).then_some(())?;
        return super::replace_false_value(&e.value, text, at).map(|e| vec![e]);
    }
    if at != pe.key_span {
        return None;
    }
    let flag = named_flag(&finding.message)?;
    let (_, cfn) = FLAGS.iter().find(|(tf, _)| *tf == flag)?;
    if pabc.get(cfn).is_some() {
        return None;
    }
    let line = if yaml {
        format!("{cfn}: true")
    } else {
        format!("\"{cfn}\": true")
    };
    insert_first(text, yaml, pabc, &line).map(|e| vec![e])
}

/// `line` as the first entry of the non-empty block mapping (or JSON
/// object) `map`.
fn insert_first(text: &str, yaml: bool, map: &Node, line: &str) -> Option<Edit> {
    let first = map.as_map()?.first()?;
    let start = first.key_span.start as usize;
    match indentation(text, start) {
        Some(indent) => {
            let ls = line_start(text, start);
            let comma = if yaml { "" } else { "," };
            Some(Edit {
                span: Span::new(ls, ls),
                text: format!(
                    "{indent}{}{comma}\n",
                    line.replace('\n', &format!("\n{indent}"))
                ),
            })
        }
        // A JSON object on one line; YAML flow style is left alone.
        None if !yaml && !line.contains('\n') => Some(Edit {
            span: Span::new(start, start),
            text: format!("{line}, "),
        }),
        None => None,
    }
}

/// `PublicAccessBlockConfiguration` with the four settings on, as the first
/// property, or with a new `Properties` after `Type`.
fn insert_configuration(
    text: &str,
    yaml: bool,
    resource: &crate::parse::Entry,
    props: Option<&Node>,
) -> Option<Edit> {
    let outer = indentation(text, resource.key_span.start as usize)?;
    let first = resource.value.as_map()?.first()?;
    let inner = indentation(text, first.key_span.start as usize)?;
    let step = inner
        .strip_prefix(outer.as_str())
        .filter(|s| !s.is_empty())?;
    let block = |depth: usize| -> String {
        // The configuration, its first line unindented, the others at
        // `depth` steps below the key.
        let pad = step.repeat(depth);
        if yaml {
            let mut s = "PublicAccessBlockConfiguration:".to_string();
            for (_, c) in FLAGS {
                s.push_str(&format!("\n{pad}{c}: true"));
            }
            s
        } else {
            let flags: Vec<String> = FLAGS
                .iter()
                .map(|(_, c)| format!("{pad}\"{c}\": true"))
                .collect();
            let close = &pad[..pad.len() - step.len()];
            format!(
                "\"PublicAccessBlockConfiguration\": {{\n{}\n{close}}}",
                flags.join(",\n")
            )
        }
    };
    if let Some(props) = props {
        if props.tag.is_some() {
            return None;
        }
        return insert_first(text, yaml, props, &block(1));
    }
    let ty = resource.value.entry("Type")?;
    let after = ty.value.span.end as usize;
    if yaml {
        let rest = &text[after..];
        let eol = rest.find('\n').map_or(text.len(), |i| after + i);
        let tail = text[after..eol].trim();
        if !(tail.is_empty() || tail.starts_with('#')) {
            return None;
        }
        let (at, lead) = if eol < text.len() {
            (eol + 1, String::new())
        } else {
            (eol, "\n".to_string())
        };
        let body = block(2).replace('\n', &format!("\n{inner}"));
        return Some(Edit {
            span: Span::new(at, at),
            text: format!("{lead}{inner}Properties:\n{inner}{step}{body}\n"),
        });
    }
    let body = block(2).replace('\n', &format!("\n{inner}"));
    Some(Edit {
        span: Span::new(after, after),
        text: format!(",\n{inner}\"Properties\": {{\n{inner}{step}{body}\n{inner}}}"),
    })
}

#[cfg(test)]
mod tests {
    use super::super::testing::{fixed_files, rescan, scan_files};
    use super::super::{fix as fix_one, fix_in};

    const BUCKETS: &str = r#"resource "aws_s3_bucket" "data" {
  bucket = "example-data"
}

resource "aws_s3_bucket" "many" {
  count  = 2
  bucket = "many-${count.index}"
}

resource "aws_s3_bucket" "each" {
  for_each = toset(["a", "b"])
  bucket   = "each-${each.key}"
  provider = aws.west
}

resource "aws_s3_bucket" "site" {
  bucket = "site"
  website {
    index_document = "index.html"
  }
}

resource "aws_s3_bucket" "pub" {
  bucket = "pub"
  acl    = "public-read"
}

resource "aws_s3_bucket" "other" {
  bucket = "other"
}

resource "aws_s3_bucket_public_access_block" "data" {
  bucket                  = aws_s3_bucket.other.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}
"#;

    const POLICY: &str = r#"provider "aws" {
  alias  = "west"
  region = "us-west-2"
}

resource "aws_s3_bucket" "pol" {
  bucket = "pol"
}

resource "aws_s3_bucket_policy" "pol" {
  bucket = aws_s3_bucket.pol.id
  policy = "{}"
}
"#;

    fn block(name: &str, meta: &str, bucket: &str) -> String {
        format!(
            "\n\nresource \"aws_s3_bucket_public_access_block\" \"{name}\" {{\n{meta}  \
             bucket                  = {bucket}\n  \
             block_public_acls       = true\n  \
             block_public_policy     = true\n  \
             ignore_public_acls      = true\n  \
             restrict_public_buckets = true\n}}"
        )
    }

    fn s3_findings(found: Vec<String>) -> Vec<String> {
        found
            .into_iter()
            .filter(|f| f.starts_with("AWS-S3-001") || f.starts_with("AWS-S3-002"))
            .collect()
    }

    #[test]
    fn terraform_buckets_get_a_block_unless_something_is_public() {
        let (dir, result) = scan_files(&[("main.tf", BUCKETS), ("policy.tf", POLICY)]);
        let fixed = fixed_files(dir.path(), &result);
        let expected = BUCKETS
            .replacen(
                "\"example-data\"\n}",
                &format!(
                    "\"example-data\"\n}}{}",
                    block("data_public_access_block", "", "aws_s3_bucket.data.id")
                ),
                1,
            )
            .replacen(
                "count.index}\"\n}",
                &format!(
                    "count.index}}\"\n}}{}",
                    block(
                        "many",
                        "  count = 2\n\n",
                        "aws_s3_bucket.many[count.index].id"
                    )
                ),
                1,
            )
            .replacen(
                "aws.west\n}",
                &format!(
                    "aws.west\n}}{}",
                    block(
                        "each",
                        "  for_each = aws_s3_bucket.each\n  provider = aws.west\n\n",
                        "aws_s3_bucket.each[each.key].id"
                    )
                ),
                1,
            )
            .replace("\"public-read\"", "\"private\"");
        assert_eq!(fixed.keys().collect::<Vec<_>>(), ["main.tf"]);
        assert_eq!(fixed["main.tf"], expected);
        // The website, the bucket with a policy and the bucket whose ACL
        // was public are left (the last gets its block once the ACL is
        // private: the command line plans again).
        assert_eq!(
            s3_findings(rescan(dir.path(), &fixed)),
            [
                "AWS-S3-002 aws_s3_bucket.site 45:1",
                "AWS-S3-002 aws_s3_bucket.pub 52:1",
                "AWS-S3-002 aws_s3_bucket.pol 6:1",
            ]
        );
        // The language server sees one file: no Terraform block from it.
        let f = result
            .findings
            .iter()
            .find(|f| f.rule.id == "AWS-S3-002")
            .unwrap();
        assert!(fix_in(f, &result.sources).is_some());
        assert!(fix_one(f, result.sources.get(f.range.file)).is_none());
    }

    #[test]
    fn terraform_blocks_are_completed_and_public_objects_stop_the_fix() {
        let main = r#"resource "aws_s3_bucket" "a" {
  bucket = "a"
}

resource "aws_s3_bucket_public_access_block" "a" {
  bucket            = "a"
  block_public_acls = false
}
"#;
        let (dir, result) = scan_files(&[("main.tf", main)]);
        let fixed = fixed_files(dir.path(), &result);
        assert_eq!(
            fixed["main.tf"],
            main.replace(
                "block_public_acls = false\n",
                "block_public_acls = true\n  block_public_policy = true\n  \
                 ignore_public_acls = true\n  restrict_public_buckets = true\n"
            )
        );
        assert_eq!(
            s3_findings(rescan(dir.path(), &fixed)),
            Vec::<String>::new()
        );

        // An object written with a public ACL to a bucket that may be this
        // one (in another module): a block would reject it.
        let object = r#"resource "aws_s3_object" "o" {
  bucket = var.bucket
  key    = "k"
  acl    = "public-read"
}
"#;
        let (dir, result) = scan_files(&[("main.tf", main), ("other/main.tf", object)]);
        assert!(fixed_files(dir.path(), &result).is_empty());
    }

    #[test]
    fn cloudformation_yaml_and_json() {
        let yaml = "\
Resources:
  Plain:
    Type: AWS::S3::Bucket # data
  Named:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: named
  Partial:
    Type: AWS::S3::Bucket
    Properties:
      PublicAccessBlockConfiguration:
        BlockPublicAcls: true
        BlockPublicPolicy: false # why
  Public:
    Type: AWS::S3::Bucket
    Properties:
      AccessControl: \"PublicRead\" # legacy
  Site:
    Type: AWS::S3::Bucket
    Properties:
      WebsiteConfiguration:
        IndexDocument: index.html
";
        let json = r#"{
  "Resources": {
    "Plain": {
      "Type": "AWS::S3::Bucket"
    },
    "Named": {
      "Type": "AWS::S3::Bucket",
      "Properties": {
        "BucketName": "x"
      }
    },
    "Policy": {
      "Type": "AWS::S3::BucketPolicy",
      "Properties": {"Bucket": {"Ref": "Named"}, "PolicyDocument": {"Statement": []}}
    }
  }
}
"#;
        let (dir, result) = scan_files(&[("t.yaml", yaml), ("t.json", json)]);
        let fixed = fixed_files(dir.path(), &result);
        let config = |indent: &str| {
            format!(
                "{indent}PublicAccessBlockConfiguration:\n{indent}  BlockPublicAcls: true\n\
                 {indent}  BlockPublicPolicy: true\n{indent}  IgnorePublicAcls: true\n\
                 {indent}  RestrictPublicBuckets: true\n"
            )
        };
        assert_eq!(
            fixed["t.yaml"],
            yaml.replace(
                "# data\n",
                &format!("# data\n    Properties:\n{}", config("      "))
            )
            .replace(
                "      BucketName: named\n",
                &format!("{}      BucketName: named\n", config("      "))
            )
            .replace(
                "        BlockPublicAcls: true\n        BlockPublicPolicy: false",
                "        IgnorePublicAcls: true\n        RestrictPublicBuckets: true\n        \
                 BlockPublicAcls: true\n        BlockPublicPolicy: true"
            )
            .replace("\"PublicRead\" # legacy", "\"Private\" # legacy")
        );
        assert_eq!(
            fixed["t.json"],
            json.replace(
                "\"AWS::S3::Bucket\"\n    },",
                "\"AWS::S3::Bucket\",\n      \"Properties\": {\n        \
                 \"PublicAccessBlockConfiguration\": {\n          \
                 \"BlockPublicAcls\": true,\n          \"BlockPublicPolicy\": true,\n          \
                 \"IgnorePublicAcls\": true,\n          \"RestrictPublicBuckets\": true\n        \
                 }\n      }\n    },"
            )
        );
        // `Public` gets its block once its ACL is private; `Site` and the
        // bucket with a policy keep theirs.
        assert_eq!(
            s3_findings(rescan(dir.path(), &fixed)),
            [
                "AWS-S3-002 Named 14:5",
                "AWS-S3-002 Public 27:3",
                "AWS-S3-002 Site 31:3",
            ]
        );
        // A template is whole: the language server offers these too.
        let f = result
            .findings
            .iter()
            .find(|f| f.rule.id == "AWS-S3-002")
            .unwrap();
        assert!(fix_one(f, result.sources.get(f.range.file)).is_some());
    }

    #[test]
    fn policies_that_only_deny_do_not_stop_the_fix() {
        let tf = r#"resource "aws_s3_bucket" "a" {
  bucket = "a"
}

resource "aws_s3_bucket_policy" "a" {
  bucket = aws_s3_bucket.a.id
  policy = data.aws_iam_policy_document.tls.json
}

data "aws_iam_policy_document" "tls" {
  statement {
    effect    = "Deny"
    actions   = ["s3:*"]
    resources = [aws_s3_bucket.a.arn]
    principals {
      type        = "*"
      identifiers = ["*"]
    }
  }
}

resource "aws_s3_bucket" "b" {
  bucket = "b"
}

resource "aws_s3_bucket_policy" "b" {
  bucket = aws_s3_bucket.b.id
  policy = jsonencode({
    Statement = [{ Effect = "Deny", Principal = "*", Action = "s3:*", Resource = aws_s3_bucket.b.arn }]
  })
}

resource "aws_s3_bucket" "c" {
  bucket = "c"
}

resource "aws_s3_bucket_policy" "c" {
  bucket = aws_s3_bucket.c.id
  policy = jsonencode({
    Statement = [{ Effect = var.effect, Principal = "*", Action = "s3:GetObject", Resource = "*" }]
  })
}
"#;
        let yaml = "\
Resources:
  Bucket:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: b
  Tls:
    Type: AWS::S3::BucketPolicy
    Properties:
      Bucket: !Ref Bucket
      PolicyDocument:
        Statement:
          - Effect: Deny
            Principal: \"*\"
            Action: \"s3:*\"
            Resource: !Sub \"${Bucket.Arn}/*\"
";
        let (dir, result) = scan_files(&[("main.tf", tf), ("t.yaml", yaml)]);
        let fixed = fixed_files(dir.path(), &result);
        assert_eq!(
            s3_findings(rescan(dir.path(), &fixed)),
            ["AWS-S3-002 aws_s3_bucket.c 49:1"]
        );
    }
}
