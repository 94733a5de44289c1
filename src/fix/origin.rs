//! Fixes for a value written elsewhere: the default of a Terraform
//! variable, a value in the root module's own `.tfvars` file, the default of
//! a CloudFormation parameter.
//!
//! The origin is edited only when the attribute uses it directly (`var.x`,
//! `!Ref X`, nothing in between) and nothing else uses it: the variable is
//! referenced once in its module's files, the parameter once in its
//! template. A variable with a `validation` block or a type other than
//! `bool`, `string` or `any`, and a parameter whose type, allowed values or
//! pattern the new value may not pass, are left alone. Otherwise the
//! command line says why, and the finding stays.

use std::path::Path;

use super::s3::{self, literal_str, quoted_like, ref_name, PUBLIC_ACLS, PUBLIC_ACLS_CFN};
use super::{parse_tree, Edit, Finding, Fix, Scope, Workspace, SETTINGS};
use crate::finding::{TrailRole, TrailStep};
use crate::parse::hcl_ast::{Attribute, Block, Body, Expr, ExprKind, TemplatePart};
use crate::parse::{self, Node, NodeKind};
use crate::source::{FileKind, SourceFile, SourceMap, Span};

/// The fix that edits the origin of `finding`'s value, or why there is
/// none (a clause: "which is also used elsewhere").
pub(super) fn fix(finding: &Finding, scope: Scope) -> Result<Fix, String> {
    let origin = finding
        .trail
        .iter()
        .find(|s| s.role == TrailRole::Origin)
        .ok_or_else(|| "which the fix cannot see".to_string())?;
    let vias: Vec<&TrailStep> = finding
        .trail
        .iter()
        .filter(|s| s.role == TrailRole::Via)
        .collect();
    if let Some(via) = vias.iter().find(|s| !s.message.starts_with(ARGUMENT)) {
        return Err(format!("which passes through {} first", via.message));
    }
    if !vias.is_empty() && !origin.message.starts_with(ARGUMENT) {
        return Err(format!("which passes through {} first", vias[0].message));
    }
    let file = scope.file;
    let origin_file = if origin.range.file == file.id {
        file
    } else {
        let sources = scope
            .sources()
            .ok_or_else(|| "which is in another file".to_string())?;
        sources.get(origin.range.file)
    };
    if origin_file
        .path
        .components()
        .any(|c| c.as_os_str() == ".terraform")
    {
        return Err("which is in an installed module".into());
    }
    let acl = finding.rule.id == s3::ACL_RULE;
    let (span, text) = match file.kind {
        FileKind::TerraformHcl => {
            let all = scope
                .all
                .ok_or_else(|| "which needs the module's other files".to_string())?;
            let text = if origin.message.starts_with(ARGUMENT) {
                through_modules(finding, file, origin, &vias, all, acl)?
            } else {
                terraform(finding, file, origin_file, origin, all, acl)?
            };
            (origin.range.span, text)
        }
        FileKind::CloudFormationYaml | FileKind::CloudFormationJson => {
            if origin_file.id != file.id {
                return Err("which is in another file".into());
            }
            let text = cloudformation(finding, file, origin, acl)?;
            (super::token_span(&file.text, origin.range.span), text)
        }
        _ => return Err("which the fix does not edit in this format".into()),
    };
    Ok(Fix {
        title: format!("Set {} to {text}", origin.message),
        file: origin_file.id,
        edits: vec![Edit { span, text }],
    })
}

/// "path:line:col: RULE: not fixed: the value comes from ... at
/// file:line, which ...", for a finding with an origin [`fix`] cannot edit.
pub(super) fn note(finding: &Finding, scope: Scope) -> Option<String> {
    let origin = finding.trail.iter().find(|s| s.role == TrailRole::Origin)?;
    let sources = scope.sources()?;
    let why = fix(finding, scope).err()?;
    let here = scope.file.line_col(finding.range.span.start);
    let there = sources.get(origin.range.file);
    let line = there.line_col(origin.range.span.start).line;
    Some(format!(
        "{}:{}:{}: {}: not fixed: the value comes from {} at {}:{line}, {why}",
        scope.file.path.display(),
        here.line,
        here.col,
        finding.rule.id,
        origin.message,
        there.path.display(),
    ))
}

/// The attribute or property names the rule's fix may set.
fn names(rule: &str, terraform: bool) -> Vec<&'static str> {
    if rule == s3::ACL_RULE {
        return vec![if terraform { "acl" } else { "AccessControl" }];
    }
    if rule == s3::PAB_RULE {
        return s3::FLAGS
            .iter()
            .map(|(tf, cfn)| if terraform { *tf } else { *cfn })
            .collect();
    }
    SETTINGS
        .iter()
        .filter(|s| s.rule == rule)
        .flat_map(|s| {
            if terraform {
                s.terraform.iter()
            } else {
                s.cloudformation.iter()
            }
        })
        .map(|(_, a)| *a)
        .collect()
}

/// The new text for a literal: `true` for `false`, `"private"` for a
/// public ACL.
fn new_literal(expr: &Expr, acl: bool) -> Option<String> {
    match (&expr.kind, literal_str(expr)) {
        (ExprKind::Bool(false), _) if !acl => Some("true".into()),
        (_, Some("false")) if !acl => Some("\"true\"".into()),
        (_, Some(v)) if acl && PUBLIC_ACLS.contains(&v) => Some("\"private\"".into()),
        _ => None,
    }
}

fn terraform(
    finding: &Finding,
    file: &SourceFile,
    origin_file: &SourceFile,
    origin: &TrailStep,
    all: &Workspace,
    acl: bool,
) -> Result<String, String> {
    let cannot = || "which the fix cannot change".to_string();
    let parsed = parse::hcl::parse(&file.text).map_err(|_| cannot())?;
    let (resource, attr) = attribute_at(&parsed.body, finding.range.span).ok_or_else(cannot)?;
    if !names(&finding.rule.id, true).contains(&attr.name.as_str()) {
        return Err(cannot());
    }
    let name = var_name(&attr.expr).ok_or_else(cannot)?;
    let dir = file.path.parent().unwrap_or(Path::new(""));
    if origin_file.path.parent().unwrap_or(Path::new("")) != dir {
        return Err("which is outside the module".into());
    }
    let origin_name = origin_file.path.to_string_lossy();
    let body = parse::hcl::parse(&origin_file.text)
        .map_err(|_| cannot())?
        .body;
    let value = if origin_name.ends_with(".tf") {
        body.blocks_of("variable")
            .filter(|b| b.labels.first().is_some_and(|l| l.value == name))
            .find_map(|b| b.body.attribute("default"))
    } else if origin_name.ends_with(".tfvars") {
        body.attribute(name)
    } else {
        None
    };
    let value = value
        .filter(|a| a.expr.span == origin.range.span)
        .ok_or_else(cannot)?;
    let text = new_literal(&value.expr, acl).ok_or_else(cannot)?;
    used_once(all, dir, name)?;
    let files = all.tf_files();
    if finding.rule.id == s3::PAB_RULE {
        let bucket = resource
            .body
            .attribute("bucket")
            .and_then(|a| s3::bucket_of(&files.files, dir, &a.expr))
            .ok_or_else(|| "but the block's bucket is not a resource of the module".to_string())?;
        s3::tf_bucket_safe(files, dir, bucket).map_err(|why| format!("but {why}"))?;
    }
    Ok(text)
}

/// How a trail names a value a `module` block passes (see the evaluator's
/// variable steps).
const ARGUMENT: &str = "the value passed as argument ";

/// A value written as a `module` block's argument and passed down, argument
/// by argument, to the attribute: fixed in the caller's argument when every
/// module on the way uses the variable exactly once, to pass it on (or, in
/// the last, to set the attribute). The edit then changes only what that
/// call passes, and only this attribute.
fn through_modules(
    finding: &Finding,
    file: &SourceFile,
    origin: &TrailStep,
    vias: &[&TrailStep],
    all: &Workspace,
    acl: bool,
) -> Result<String, String> {
    let sources = all.sources;
    let cannot = || "which the fix cannot change".to_string();
    let parsed = parse::hcl::parse(&file.text).map_err(|_| cannot())?;
    let (_, attr) = attribute_at(&parsed.body, finding.range.span).ok_or_else(cannot)?;
    if !names(&finding.rule.id, true).contains(&attr.name.as_str())
        || finding.rule.id == s3::PAB_RULE
    {
        return Err(cannot());
    }
    let mut name = var_name(&attr.expr).ok_or_else(cannot)?.to_string();
    let mut dir = file.path.parent().unwrap_or(Path::new("")).to_path_buf();
    // From the attribute up to the call that writes the value.
    for step in vias.iter().rev().copied().chain(std::iter::once(origin)) {
        used_once(all, &dir, &name).map_err(|why| match why.as_str() {
            ELSEWHERE => format!("{why} (variable `{name}`)"),
            _ => why,
        })?;
        let at = sources.get(step.range.file);
        if at.path.components().any(|c| c.as_os_str() == ".terraform") {
            return Err("which is in an installed module".into());
        }
        let body = parse::hcl::parse(&at.text).map_err(|_| cannot())?.body;
        let argument = body
            .blocks_of("module")
            .flat_map(|m| m.body.attributes.iter())
            .find(|a| a.expr.span == step.range.span && a.name == name)
            .ok_or_else(cannot)?;
        if std::ptr::eq(step, origin) {
            return new_literal(&argument.expr, acl).ok_or_else(cannot);
        }
        name = var_name(&argument.expr).ok_or_else(cannot)?.to_string();
        dir = at.path.parent().unwrap_or(Path::new("")).to_path_buf();
    }
    Err(cannot())
}

/// Why a value used more than once is left alone.
const ELSEWHERE: &str = "which is also used elsewhere";

/// The variable `name` of the module in `dir` is declared once, with no
/// validation and a plain type, and used once.
fn used_once(all: &Workspace, dir: &Path, name: &str) -> Result<(), String> {
    let files = all.tf_files();
    let mut declared = files
        .files
        .iter()
        .filter(|f| f.file.path.parent() == Some(dir))
        .flat_map(|f| f.body.blocks_of("variable"))
        .filter(|b| b.labels.first().is_some_and(|l| l.value == name));
    let (Some(variable), None) = (declared.next(), declared.next()) else {
        return Err(format!("but variable `{name}` is not declared once"));
    };
    if !plain_type(variable) {
        return Err(format!(
            "but variable `{name}` has a validation or a type the fix does not check"
        ));
    }
    if uses(all.sources, dir, name) != 1 {
        return Err(ELSEWHERE.into());
    }
    Ok(())
}

/// The resource block holding the attribute whose value is at `at`, and
/// the attribute.
fn attribute_at(body: &Body, at: Span) -> Option<(&Block, &Attribute)> {
    let resource = body
        .blocks_of("resource")
        .find(|b| b.span.start <= at.start && at.end <= b.span.end)?;
    let mut stack = vec![&resource.body];
    while let Some(body) = stack.pop() {
        if let Some(a) = body.attributes.iter().find(|a| a.expr.span == at) {
            return Some((resource, a));
        }
        stack.extend(body.blocks.iter().map(|b| &b.body));
    }
    None
}

/// `NAME` of `var.NAME` (or `"${var.NAME}"`).
fn var_name(expr: &Expr) -> Option<&str> {
    match &expr.kind {
        ExprKind::GetAttr(root, name) if root.kind == ExprKind::Variable("var".into()) => {
            Some(name)
        }
        ExprKind::Template(parts) => match parts.as_slice() {
            [TemplatePart::Interpolation(e)] => var_name(e),
            _ => None,
        },
        _ => None,
    }
}

/// No `validation`, and a type any new literal passes.
fn plain_type(variable: &Block) -> bool {
    variable.body.blocks_of("validation").next().is_none()
        && variable.body.attribute("type").is_none_or(|t| {
            matches!(&t.expr.kind, ExprKind::Variable(v) if v == "bool" || v == "string" || v == "any")
        })
}

/// How many times `var.NAME` appears in the module in `dir`: its `.tf` and
/// `.tf.json` files, scanned or not (comments count too: more is safe).
fn uses(sources: &SourceMap, dir: &Path, name: &str) -> usize {
    let is_module_file = |p: &Path| {
        let s = p.to_string_lossy();
        s.ends_with(".tf") || s.ends_with(".tf.json")
    };
    let mut texts: Vec<(std::path::PathBuf, String)> = sources
        .files()
        .filter(|f| f.path.parent() == Some(dir) && is_module_file(&f.path))
        .map(|f| (crate::discover::absolute(&f.path), f.text.to_string()))
        .collect();
    // Files of the directory the scan left out (excluded, or not named)
    // still belong to the module.
    let on_disk = if dir.as_os_str().is_empty() {
        Path::new(".")
    } else {
        dir
    };
    if let Ok(entries) = std::fs::read_dir(on_disk) {
        for e in entries.flatten() {
            let path = e.path();
            let abs = crate::discover::absolute(&path);
            if is_module_file(&path) && !texts.iter().any(|(p, _)| *p == abs) {
                if let Ok(text) = std::fs::read_to_string(&path) {
                    texts.push((abs, text));
                }
            }
        }
    }
    let needle = format!("var.{name}");
    let ident = |c: char| c.is_ascii_alphanumeric() || c == '_' || c == '-';
    texts
        .iter()
        .map(|(_, text)| {
            text.match_indices(&needle)
                .filter(|(i, _)| {
                    let before = text[..*i].chars().next_back();
                    let after = text[i + needle.len()..].chars().next();
                    !before.is_some_and(|c| ident(c) || c == '.') && !after.is_some_and(ident)
                })
                .count()
        })
        .sum()
}

fn cloudformation(
    finding: &Finding,
    file: &SourceFile,
    origin: &TrailStep,
    acl: bool,
) -> Result<String, String> {
    let cannot = || "which the fix cannot change".to_string();
    let root = parse_tree(file).ok_or_else(cannot)?;
    let resource = root
        .get("Resources")
        .and_then(|r| r.get(&finding.resource))
        .ok_or_else(cannot)?;
    let allowed = names(&finding.rule.id, false);
    let (_, node) = entry_at(resource, finding.range.span)
        .filter(|(k, _)| allowed.contains(k))
        .ok_or_else(cannot)?;
    let param = ref_name(node).ok_or_else(cannot)?;
    let declared = root
        .get("Parameters")
        .and_then(|p| p.get(param))
        .ok_or_else(cannot)?;
    let default = declared
        .get("Default")
        .filter(|d| {
            // Compared as scalars: a quoted YAML scalar's span may run on
            // over a comment after it.
            let token = |span| super::token_span(&file.text, span);
            token(d.span) == token(origin.range.span) && d.tag.is_none()
        })
        .ok_or_else(cannot)?;
    let value = match (&default.kind, acl) {
        (NodeKind::Bool(false), false) => "true",
        (NodeKind::String(s), false) if s == "false" => "true",
        (NodeKind::String(s), true) if PUBLIC_ACLS_CFN.contains(&s.as_str()) => "Private",
        _ => return Err(cannot()),
    };
    let allowed_values = declared.get("AllowedValues").map(|v| {
        v.as_seq().is_some_and(|items| {
            items.iter().any(|i| match &i.kind {
                NodeKind::String(s) => s == value,
                NodeKind::Bool(b) => b.to_string() == value,
                _ => false,
            })
        })
    });
    if declared.get("Type").and_then(Node::as_str) != Some("String")
        || declared.get("AllowedPattern").is_some()
        || allowed_values == Some(false)
    {
        return Err(format!(
            "but parameter `{param}` has a type, allowed values or a pattern the fix does not check"
        ));
    }
    if refs(&root, param) != 1 {
        return Err("which is also used elsewhere".into());
    }
    if finding.rule.id == s3::PAB_RULE {
        s3::cfn_bucket_safe(&root, &finding.resource).map_err(|why| format!("but {why}"))?;
    }
    Ok(quoted_like(&file.text, default.span, value))
}

/// The mapping entry anywhere under `node` whose value is at `at`.
fn entry_at(node: &Node, at: Span) -> Option<(&str, &Node)> {
    let mut stack = vec![node];
    while let Some(node) = stack.pop() {
        match &node.kind {
            NodeKind::Map(entries) => {
                for e in entries {
                    if e.value.span == at {
                        return Some((&e.key, &e.value));
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

/// How many times the template refers to parameter `name`: `Ref` (tag or
/// key) and `${name}` in `Fn::Sub` strings.
fn refs(root: &Node, name: &str) -> usize {
    let sub = format!("${{{name}}}");
    let mut count = 0;
    let mut stack = vec![(root, false)];
    while let Some((node, in_sub)) = stack.pop() {
        let is_sub = in_sub || node.tag.as_deref() == Some("Sub");
        if ref_name(node) == Some(name) {
            count += 1;
        }
        match &node.kind {
            NodeKind::String(s) if is_sub => count += s.matches(&sub).count(),
            NodeKind::Map(entries) => {
                for e in entries {
                    if !(e.key == "Ref" && entries.len() == 1) {
                        stack.push((&e.value, e.key == "Fn::Sub"));
                    }
                }
            }
            NodeKind::Seq(items) => stack.extend(items.iter().map(|i| (i, is_sub))),
            _ => {}
        }
    }
    count
}

#[cfg(test)]
mod tests {
    use super::super::testing::{file, scan_files};
    use super::super::{fix as fix_one, fix_in, not_fixed_note};
    use crate::finding::{Finding, ScanResult, TrailRole, TrailStep};
    use crate::source::{Range, Span};

    /// `result`'s only finding of `rule`, with a trail whose origin is the
    /// first `needle` in the file named `origin`.
    fn traced(
        result: &ScanResult,
        rule: &str,
        origin: &str,
        needle: &str,
        message: &str,
    ) -> Finding {
        let mut found = result.findings.iter().filter(|f| f.rule.id == rule);
        let mut f = found.next().unwrap().clone();
        assert!(found.next().is_none());
        let file = file(result, origin);
        let start = file.text.find(needle).unwrap();
        f.trail = vec![
            TrailStep {
                role: TrailRole::Origin,
                range: Range::new(file.id, Span::new(start, start + needle.len())),
                message: message.into(),
            },
            TrailStep {
                role: TrailRole::Use,
                range: f.range,
                message: "used here".into(),
            },
        ];
        f
    }

    const VOLUME: &str = "resource \"aws_ebs_volume\" \"a\" {
  availability_zone = \"eu-west-1a\"
  size              = 1
  encrypted         = var.enc
}
";

    #[test]
    fn a_variable_default_used_once_is_changed_where_it_is_written() {
        let vars = "variable \"enc\" {\n  type    = bool\n  default = false\n}\n";
        let (_dir, result) = scan_files(&[("main.tf", VOLUME), ("variables.tf", vars)]);
        let f = traced(
            &result,
            "AWS-EBS-001",
            "variables.tf",
            "false",
            "the default of variable `enc`",
        );
        let fix = fix_in(&f, &result.sources).unwrap();
        let at = vars.find("false").unwrap();
        assert_eq!(fix.title, "Set the default of variable `enc` to true");
        assert_eq!(fix.file, file(&result, "variables.tf").id);
        assert_eq!(fix.edits.len(), 1);
        assert_eq!(fix.edits[0].span, Span::new(at, at + 5));
        assert_eq!(fix.edits[0].text, "true");
        assert_eq!(not_fixed_note(&f, &result.sources), None);
        // The language server sees one file: it cannot count the uses.
        assert_eq!(fix_one(&f, file(&result, "main.tf")), None);

        // A second use: left, with a note.
        let two = format!("{VOLUME}\n{}", VOLUME.replace("\"a\"", "\"b\""));
        let (_dir, result) = scan_files(&[("main.tf", &two), ("variables.tf", vars)]);
        let f = traced_first(&result, "variables.tf");
        assert_eq!(fix_in(&f, &result.sources), None);
        let main = file(&result, "main.tf");
        let origin = file(&result, "variables.tf");
        assert_eq!(
            not_fixed_note(&f, &result.sources).unwrap(),
            format!(
                "{}:4:23: AWS-EBS-001: not fixed: the value comes from the default of variable `enc` at {}:3, which is also used elsewhere",
                main.path.display(),
                origin.path.display()
            )
        );
    }

    /// The first AWS-EBS-001 finding, traced to the `false` in `origin`.
    fn traced_first(result: &ScanResult, origin: &str) -> Finding {
        let mut f = result
            .findings
            .iter()
            .find(|f| f.rule.id == "AWS-EBS-001")
            .unwrap()
            .clone();
        let file = file(result, origin);
        let start = file.text.find("false").unwrap();
        f.trail = vec![TrailStep {
            role: TrailRole::Origin,
            range: Range::new(file.id, Span::new(start, start + 5)),
            message: "the default of variable `enc`".into(),
        }];
        f
    }

    #[test]
    fn tfvars_values_validations_and_values_passed_along() {
        let vars = "variable \"enc\" {\n  type = bool\n}\n";
        let tfvars = "enc = false\n";
        let (_dir, result) = scan_files(&[
            ("main.tf", VOLUME),
            ("variables.tf", vars),
            ("terraform.tfvars", tfvars),
        ]);
        let f = traced(
            &result,
            "AWS-EBS-001",
            "terraform.tfvars",
            "false",
            "the value of `enc` in terraform.tfvars",
        );
        let fix = fix_in(&f, &result.sources).unwrap();
        assert_eq!(fix.file, file(&result, "terraform.tfvars").id);
        assert_eq!(fix.edits[0].span, Span::new(6, 11));
        assert_eq!(fix.edits[0].text, "true");

        // Passed through a local first: the fix cannot tell who else uses it.
        let mut via = f.clone();
        via.trail.insert(
            1,
            TrailStep {
                role: TrailRole::Via,
                range: f.range,
                message: "local `enc`".into(),
            },
        );
        assert_eq!(fix_in(&via, &result.sources), None);
        assert!(not_fixed_note(&via, &result.sources)
            .unwrap()
            .ends_with("terraform.tfvars:1, which passes through local `enc` first"));

        // A validation the new value would have to pass.
        let checked = "variable \"enc\" {\n  type = bool\n  validation {\n    condition     = !var.enc\n    error_message = \"no\"\n  }\n}\n";
        let (_dir, result) = scan_files(&[
            ("main.tf", VOLUME),
            ("variables.tf", checked),
            ("terraform.tfvars", tfvars),
        ]);
        let f = traced(
            &result,
            "AWS-EBS-001",
            "terraform.tfvars",
            "false",
            "the value of `enc` in terraform.tfvars",
        );
        assert_eq!(fix_in(&f, &result.sources), None);
        assert!(not_fixed_note(&f, &result.sources)
            .unwrap()
            .ends_with("but variable `enc` has a validation or a type the fix does not check"));
    }

    #[test]
    fn a_public_acl_default_becomes_private() {
        let main = "resource \"aws_s3_bucket\" \"b\" {\n  bucket = \"b\"\n}\n\n\
                    resource \"aws_s3_bucket_acl\" \"b\" {\n  bucket = aws_s3_bucket.b.id\n  acl    = var.acl\n}\n\n\
                    variable \"acl\" {\n  default = \"public-read\"\n}\n";
        let (_dir, result) = scan_files(&[("main.tf", main)]);
        let f = traced(
            &result,
            "AWS-S3-001",
            "main.tf",
            "\"public-read\"",
            "the default of variable `acl`",
        );
        let fix = fix_in(&f, &result.sources).unwrap();
        assert_eq!(fix.edits[0].text, "\"private\"");
        assert_eq!(
            crate::fix::apply(main, &fix.edits),
            main.replace("\"public-read\"", "\"private\"")
        );
    }

    #[test]
    fn a_parameter_default_used_once_is_changed_in_the_template() {
        let yaml = "\
Parameters:
  Enc:
    Type: String
    Default: \"false\" # for now
    AllowedValues: [\"true\", \"false\"]
Resources:
  Vol:
    Type: AWS::EC2::Volume
    Properties:
      AvailabilityZone: eu-west-1a
      Size: 1
      Encrypted: !Ref Enc
";
        let (_dir, result) = scan_files(&[("t.yaml", yaml)]);
        let f = traced(
            &result,
            "AWS-EBS-001",
            "t.yaml",
            "\"false\"",
            "the default of parameter `Enc`",
        );
        // A template is whole: the language server offers it too.
        let fix = fix_one(&f, file(&result, "t.yaml")).unwrap();
        assert_eq!(
            crate::fix::apply(yaml, &fix.edits),
            yaml.replace("Default: \"false\"", "Default: \"true\"")
        );
        assert_eq!(fix_in(&f, &result.sources), Some(fix));

        // Also used in an output: left, with a note.
        let used = format!("{yaml}Outputs:\n  E:\n    Value: !Sub \"encrypted: ${{Enc}}\"\n");
        let (_dir, result) = scan_files(&[("t.yaml", &used)]);
        let f = traced(
            &result,
            "AWS-EBS-001",
            "t.yaml",
            "\"false\"",
            "the default of parameter `Enc`",
        );
        assert_eq!(fix_in(&f, &result.sources), None);
        assert!(not_fixed_note(&f, &result.sources)
            .unwrap()
            .ends_with("t.yaml:4, which is also used elsewhere"));
        // A value the allowed values do not include.
        let narrow = yaml.replace("[\"true\", \"false\"]", "[\"false\"]");
        let (_dir, result) = scan_files(&[("t.yaml", &narrow)]);
        let f = traced(
            &result,
            "AWS-EBS-001",
            "t.yaml",
            "\"false\"",
            "the default of parameter `Enc`",
        );
        assert_eq!(fix_in(&f, &result.sources), None);
    }
}
