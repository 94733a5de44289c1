//! The command line as users and CI run it: exit codes, formats, errors.

mod common;

use clap::ValueEnum;
use common::{palisade, repo, write};
use palisade::report::Format;
use std::process::Command;

#[test]
fn demo_has_findings_and_exits_1() {
    let out = palisade(&["scan", "testdata/demo", "--format", "json"], repo());
    assert_eq!(out.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let ids: Vec<(&str, u64, u64)> = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["rule_id"].as_str().unwrap(),
                f["location"]["start"]["line"].as_u64().unwrap(),
                f["location"]["start"]["column"].as_u64().unwrap(),
            )
        })
        .collect();
    assert!(ids.contains(&("AWS-IAM-001", 54, 18)), "{ids:?}");
    assert!(ids.contains(&("AWS-RDS-001", 28, 44)), "{ids:?}");
    assert!(ids.contains(&("AWS-EBS-001", 45, 23)), "{ids:?}");
}

#[test]
fn clean_directory_exits_0() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "main.tf",
        "resource \"aws_ebs_volume\" \"v\" {\n  availability_zone = \"a\"\n  encrypted = true\n}\n",
    );
    let out = palisade(&["scan", "."], dir.path());
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("No findings in 1 file"));
}

#[test]
fn severity_threshold_controls_exit_code() {
    let dir = tempfile::tempdir().unwrap();
    // A web port open to the world is a low-severity finding.
    write(
        dir.path(),
        "main.tf",
        "resource \"aws_security_group_rule\" \"https\" {\n  type = \"ingress\"\n  from_port = 443\n  to_port = 443\n  protocol = \"tcp\"\n  cidr_blocks = [\"0.0.0.0/0\"]\n  security_group_id = \"sg-1\"\n}\n",
    );
    assert_eq!(palisade(&["scan", "."], dir.path()).status.code(), Some(1));
    assert_eq!(
        palisade(&["scan", ".", "--severity", "medium"], dir.path())
            .status
            .code(),
        Some(0)
    );
}

#[test]
fn a_broken_file_is_reported_with_its_position_and_the_rest_still_scanned() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "broken/main.tf",
        "resource \"aws_s3_bucket\" \"b\" {\n  bucket = \"x\"\n",
    );
    write(
        dir.path(),
        "ok/main.tf",
        "resource \"aws_efs_file_system\" \"fs\" {\n  encrypted = false\n}\n",
    );
    write(
        dir.path(),
        "bad.yaml",
        "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  B: [unclosed\n",
    );
    let out = palisade(&["scan", ".", "--format", "json"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let errors = json["errors"].as_array().unwrap();
    let paths: Vec<&str> = errors.iter().map(|e| e["path"].as_str().unwrap()).collect();
    assert_eq!(paths, ["bad.yaml", "broken/main.tf"]);
    assert_eq!(errors[1]["location"]["start"]["line"], 3);
    let findings = json["findings"].as_array().unwrap();
    assert_eq!(findings.len(), 1);
    assert_eq!(findings[0]["rule_id"], "AWS-EFS-001");
    assert_eq!(findings[0]["location"]["path"], "ok/main.tf");
    assert_eq!(findings[0]["location"]["start"]["line"], 2);
    assert_eq!(findings[0]["location"]["start"]["column"], 15);
}

#[test]
fn missing_path_and_bad_usage_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(
        palisade(&["scan", "no-such-dir"], dir.path()).status.code(),
        Some(2)
    );
    assert_eq!(
        palisade(&["scan", "--format", "nope"], dir.path())
            .status
            .code(),
        Some(2)
    );
    assert_eq!(
        palisade(&["explain", "no-such-rule"], dir.path())
            .status
            .code(),
        Some(2)
    );
}

#[test]
fn output_is_identical_on_one_and_many_threads() {
    for format in Format::value_variants().iter().map(|f| f.as_str()) {
        let one = palisade(
            &["scan", "testdata", "--format", format, "--threads", "1"],
            repo(),
        );
        let many = palisade(
            &["scan", "testdata", "--format", format, "--threads", "4"],
            repo(),
        );
        assert!(!one.stdout.is_empty());
        assert_eq!(
            one.stdout, many.stdout,
            "{format} output differs by thread count"
        );
    }
}

#[test]
fn output_file_receives_the_report() {
    let dir = tempfile::tempdir().unwrap();
    let out_file = dir.path().join("report.sarif");
    let out = palisade(
        &[
            "scan",
            "testdata/demo",
            "--format",
            "sarif",
            "--output",
            out_file.to_str().unwrap(),
        ],
        repo(),
    );
    assert_eq!(out.status.code(), Some(1));
    let sarif: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&out_file).unwrap()).unwrap();
    assert_eq!(sarif["version"], "2.1.0");
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    assert!(results.iter().any(|r| r["ruleId"] == "AWS-S3-001"
        && r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            == "testdata/demo/terraform/main.tf"
        && r["locations"][0]["physicalLocation"]["region"]["startLine"] == 39
        && r["locations"][0]["physicalLocation"]["region"]["startColumn"] == 12));
}

#[test]
fn rules_lists_every_rule_with_equivalents() {
    let out = palisade(&["rules", "--format", "json"], repo());
    assert_eq!(out.status.code(), Some(0));
    let rules: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let rules = rules.as_array().unwrap();
    assert_eq!(
        rules.len(),
        palisade::rules::all().len() + palisade::rules::meta_rules().len()
    );
    assert_eq!(rules.last().unwrap()["id"], "PAL-003");
    let acl = rules
        .iter()
        .find(|r| r["name"] == "s3-bucket-public-acl")
        .unwrap();
    assert_eq!(acl["id"], "AWS-S3-001");
    assert!(acl["equivalents"]["checkov"]
        .as_array()
        .unwrap()
        .iter()
        .any(|c| c == "CKV_AWS_20"));
    // The table shows each rule's equivalents under it, then the
    // pseudo-rules.
    let table = palisade(&["rules"], repo());
    assert_eq!(table.status.code(), Some(0));
    let table = String::from_utf8(table.stdout).unwrap();
    let lines: Vec<&str> = table.lines().collect();
    let at = lines
        .iter()
        .position(|l| l.starts_with("AWS-EFS-001  efs-unencrypted "))
        .unwrap();
    assert_eq!(
        lines[at + 1..at + 7],
        [
            "             checkov: CKV_AWS_42",
            "             trivy: AVD-AWS-0037",
            "             kics: 48207659-729f-4b5c-9402-f884257d794f, 2ff8e83c-90e1-4d68-a300-6d652112e622",
            "             tfsec: aws-efs-enable-at-rest-encryption",
            "             cfn_nag: F32",
            "             cfn_guard: EFS_ENCRYPTED_CHECK",
        ]
    );
    assert!(
        table.ends_with(
            "\nPAL-001      unused-suppression                  low       Suppression matches no finding\n\
             PAL-002      invalid-suppression                 low       Suppression is invalid and is not applied\n\
             PAL-003      expired-suppression                 low       Suppression has expired\n"
        ),
        "{table}"
    );
    let text = palisade(&["explain", "aws-s3-001"], repo());
    assert_eq!(text.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&text.stdout).contains("## How to fix"));
}

#[test]
fn explain_suggests_the_nearest_rule() {
    let out = palisade(&["explain", "ebs-volume-unencripted"], repo());
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "error: unknown rule 'ebs-volume-unencripted'\n  \
         did you mean AWS-EBS-001 (ebs-volume-unencrypted)?\n\
         run 'palisade rules' to list the available rules\n"
    );
}

#[test]
fn non_templates_are_skipped_silently() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "k8s.yaml",
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\n",
    );
    write(dir.path(), "package.json", "{\"name\": \"x\"}\n");
    write(dir.path(), "broken-helm.yaml", "{{ .Values.x }}: [\n");
    write(
        dir.path(),
        "notes.txt",
        "resource \"aws_s3_bucket\" \"b\" {}\n",
    );
    write(dir.path(), "stack.cfn", "Resources: {}\n");
    let out = palisade(&["scan", ".", "--format", "json"], dir.path());
    assert_eq!(out.status.code(), Some(0));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["summary"]["files"], 0);
    assert_eq!(json["errors"], serde_json::json!([]));
}

#[test]
fn a_named_file_that_is_not_terraform_or_cloudformation_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "notes.txt", "hello\n");
    write(dir.path(), "stack.cfn", "Resources: {}\n");
    write(dir.path(), "k8s.yaml", "apiVersion: v1\nkind: Pod\n");
    write(dir.path(), "package.json", "{\"name\": \"x\"}\n");
    write(
        dir.path(),
        "main.tf",
        "resource \"aws_ebs_volume\" \"v\" {\n  availability_zone = \"a\"\n  encrypted = true\n}\n",
    );
    let out = palisade(&["scan", "notes.txt"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "error: notes.txt: not a Terraform or CloudFormation file (Palisade reads .tf, .tf.json, \
         terragrunt.hcl, and CloudFormation templates in .yaml, .yml, .json or .template files)\n\n\
         No findings in 0 files, 0 resources\n1 file could not be scanned\n"
    );
    let out = palisade(
        &[
            "scan",
            "main.tf",
            "stack.cfn",
            "k8s.yaml",
            "package.json",
            "--format",
            "json",
        ],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(2));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let errors: Vec<(&str, &str)> = json["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["path"].as_str().unwrap(), e["kind"].as_str().unwrap()))
        .collect();
    assert_eq!(
        errors,
        [
            ("k8s.yaml", "unsupported"),
            ("package.json", "unsupported"),
            ("stack.cfn", "unsupported"),
        ]
    );
    assert_eq!(
        json["errors"][0]["message"],
        "not a CloudFormation template: it has no `AWSTemplateFormatVersion`, \
         nor `Resources` with `AWS::` types"
    );
    assert_eq!(json["summary"]["files"], 1);
    // --skip-other-files (the pre-commit hooks) skips them; a directory
    // always does.
    for args in [
        &[
            "scan",
            "--skip-other-files",
            "main.tf",
            "stack.cfn",
            "k8s.yaml",
        ][..],
        &["scan", "."][..],
    ] {
        let out = palisade(args, dir.path());
        assert_eq!(out.status.code(), Some(0), "{args:?}: {out:?}");
        assert_eq!(
            String::from_utf8_lossy(&out.stdout),
            "No findings in 1 file, 1 resource\n",
            "{args:?}"
        );
    }
}

#[test]
fn missing_var_and_parameter_files_fail_before_the_scan() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "main.tf", "variable \"x\" {}\n");
    std::fs::create_dir(dir.path().join("vars")).unwrap();
    for (args, message) in [
        (
            &["scan", ".", "--var-file", "prod.tfvars"][..],
            "error: cannot read --var-file prod.tfvars: No such file or directory (os error 2)\n",
        ),
        (
            &["scan", ".", "--var-file", "vars"][..],
            "error: cannot read --var-file vars: it is a directory\n",
        ),
        (
            &["scan", ".", "--parameters", "params.json"][..],
            "error: cannot read --parameters params.json: No such file or directory (os error 2)\n",
        ),
        (
            &["scan", ".", "--baseline", "base.json"][..],
            "error: cannot read baseline base.json: No such file or directory (os error 2)\n",
        ),
    ] {
        let out = palisade(args, dir.path());
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert_eq!(String::from_utf8_lossy(&out.stderr), message, "{args:?}");
        assert!(out.stdout.is_empty(), "nothing scanned: {out:?}");
    }
}

#[test]
fn gitignored_files_are_skipped_unless_no_ignore() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), ".gitignore", "ignored/\n");
    write(
        dir.path(),
        "ignored/main.tf",
        "resource \"aws_efs_file_system\" \"fs\" {}\n",
    );
    assert_eq!(palisade(&["scan", "."], dir.path()).status.code(), Some(0));
    assert_eq!(
        palisade(&["scan", ".", "--no-ignore"], dir.path())
            .status
            .code(),
        Some(1)
    );
}

#[cfg(unix)]
#[test]
fn symlinks_out_of_the_root_are_not_followed() {
    let outside = tempfile::tempdir().unwrap();
    write(
        outside.path(),
        "secret.tf",
        "resource \"aws_efs_file_system\" \"leak\" {}\n",
    );
    let dir = tempfile::tempdir().unwrap();
    std::os::unix::fs::symlink(outside.path().join("secret.tf"), dir.path().join("link.tf"))
        .unwrap();
    std::os::unix::fs::symlink(dir.path(), dir.path().join("loop")).unwrap();
    let out = palisade(&["scan", ".", "--format", "json"], dir.path());
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert!(!String::from_utf8_lossy(&out.stdout).contains("leak"));
}

#[test]
fn an_explicit_terraform_file_is_evaluated_with_its_module() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "variables.tf",
        "variable \"enc\" {\n  default = false\n}\n",
    );
    write(
        dir.path(),
        "main.tf",
        "resource \"aws_ebs_volume\" \"v\" {\n  availability_zone = \"a\"\n  encrypted = var.enc\n}\n",
    );
    write(
        dir.path(),
        "other.tf",
        "resource \"aws_efs_file_system\" \"fs\" {}\n",
    );
    let out = palisade(&["scan", "main.tf", "--format", "json"], dir.path());
    assert_eq!(out.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let findings = json["findings"].as_array().unwrap();
    // The variable default comes from variables.tf; other.tf is not reported.
    assert_eq!(findings.len(), 1, "{findings:?}");
    assert_eq!(findings[0]["rule_id"], "AWS-EBS-001");
    assert_eq!(findings[0]["location"]["start"]["line"], 3);
}

#[test]
fn iam_findings_name_the_principals_a_policy_is_attached_to() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "tf/main.tf",
        r#"resource "aws_iam_role" "ci" {
  name               = "ci"
  assume_role_policy = "{}"
}

data "aws_iam_policy_document" "admin" {
  statement {
    actions   = ["s3:*"]
    resources = ["*"]
  }
}

resource "aws_iam_policy" "admin" {
  policy = data.aws_iam_policy_document.admin.json
}

resource "aws_iam_role_policy_attachment" "ci" {
  role       = aws_iam_role.ci.name
  policy_arn = aws_iam_policy.admin.arn
}
"#,
    );
    write(
        dir.path(),
        "cfn/template.yaml",
        "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  Role:\n    Type: AWS::IAM::Role\n    Properties:\n      AssumeRolePolicyDocument: {}\n  Admin:\n    Type: AWS::IAM::Policy\n    Properties:\n      PolicyName: admin\n      Roles: [!Ref Role]\n      PolicyDocument:\n        Statement:\n          - Effect: Allow\n            Action: '*'\n            Resource: '*'\n",
    );
    let out = palisade(&["scan", ".", "--format", "json"], dir.path());
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let messages: Vec<&str> = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule_id"] == "AWS-IAM-001")
        .map(|f| f["message"].as_str().unwrap())
        .collect();
    assert_eq!(
        messages,
        [
            "`Admin` (attached to `Role`) allows full administrator access (`*` on `*`)",
            "data.aws_iam_policy_document.admin (attached to aws_iam_policy.admin, aws_iam_role.ci) allows every `s3` action (`s3:*`)",
        ]
    );
}

#[test]
fn suppression_flags() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "main.tf",
        "# palisade:ignore:ebs-volume-unencrypted\n\
         resource \"aws_ebs_volume\" \"a\" {\n  availability_zone = \"x\"\n}\n\
         \n\
         #tfsec:ignore:aws-ec2-enable-volume-encryption\n\
         resource \"aws_ebs_volume\" \"b\" {\n  availability_zone = \"x\"\n}\n",
    );
    let found = |args: &[&str]| {
        let mut all = vec!["scan", ".", "--format", "json"];
        all.extend_from_slice(args);
        let out = palisade(&all, dir.path());
        let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let ids: Vec<String> = json["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| {
                format!(
                    "{}@{}",
                    f["rule_id"].as_str().unwrap(),
                    f["location"]["start"]["line"]
                )
            })
            .collect();
        (out.status.code(), ids)
    };
    // By default the reason-less comment is not applied (and reported); the
    // tfsec comment is honoured.
    assert_eq!(
        found(&[]),
        (Some(1), vec!["PAL-002@1".into(), "AWS-EBS-001@2".into()])
    );
    assert_eq!(found(&["--require-reason=false"]), (Some(0), vec![]));
    assert_eq!(found(&["--require-reason", "false"]), (Some(0), vec![]));
    assert_eq!(found(&["--require-reason", "no"]), (Some(0), vec![]));
    // A path after the bare flag is not taken for true.
    let out = palisade(&["scan", "--require-reason", "."], dir.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).starts_with(
            "error: invalid value '.' for '--require-reason [<BOOL>]': expected true or false"
        ),
        "{out:?}"
    );
    assert_eq!(
        found(&["--require-reason", "true"]),
        (Some(1), vec!["PAL-002@1".into(), "AWS-EBS-001@2".into()])
    );
    assert_eq!(
        found(&["--require-reason=false", "--no-foreign-suppressions"]),
        (Some(1), vec!["AWS-EBS-001@7".into()])
    );
    assert_eq!(
        found(&["--require-reason", "--no-suppressions"]),
        (
            Some(1),
            vec!["AWS-EBS-001@2".into(), "AWS-EBS-001@7".into()]
        )
    );
}

#[test]
fn bash_completion_completes_scan_options_and_values() {
    let out = palisade(&["completions", "bash"], repo());
    assert_eq!(out.status.code(), Some(0));
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("palisade.bash"), &out.stdout).unwrap();
    // What bash's programmable completion does on <TAB>: COMP_WORDS,
    // COMP_CWORD, then the function with (command, current word, previous).
    let script = r#"
        source ./palisade.bash
        COMP_WORDS=(palisade sc); COMP_CWORD=1
        _palisade palisade sc palisade; echo "${COMPREPLY[*]}"
        COMP_WORDS=(palisade scan --fo); COMP_CWORD=2
        _palisade palisade --fo scan; echo "${COMPREPLY[*]}"
        COMP_WORDS=(palisade scan --format ""); COMP_CWORD=3
        _palisade palisade "" --format; echo "${COMPREPLY[*]}"
        COMP_WORDS=(palisade scan --severity h); COMP_CWORD=3
        _palisade palisade h --severity; echo "${COMPREPLY[*]}"
    "#;
    let out = Command::new("bash")
        .args(["--norc", "--noprofile", "-c", script])
        .current_dir(dir.path())
        .output()
        .expect("run bash");
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "scan\n--format\ntext compact json sarif junit github checkstyle markdown\nhigh\n",
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn man_page_goes_to_stdout() {
    let out = palisade(&["man"], repo());
    assert_eq!(out.status.code(), Some(0));
    let man = String::from_utf8(out.stdout).unwrap();
    assert_eq!(
        man.lines().next(),
        Some(
            format!(
                ".TH palisade 1  \"palisade {}\" ",
                env!("CARGO_PKG_VERSION")
            )
            .as_str()
        )
    );
    for line in [
        ".SS \"palisade scan\"",
        ".SS \"palisade rules\"",
        ".SS \"palisade explain\"",
        ".SS \"palisade completions\"",
        ".SS \"palisade man\"",
    ] {
        assert!(man.lines().any(|l| l == line), "{line}\n{man}");
    }

    let out = palisade(&["completions", "tcsh"], repo());
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("invalid value 'tcsh' for '<SHELL>'"));
}

#[test]
fn cloudformation_parameters_from_flags_and_files() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "stack.yaml",
        "Parameters:\n  Encrypt:\n    Type: String\n    Default: 'false'\n  Size:\n    Type: Number\nResources:\n  Data:\n    Type: AWS::EC2::Volume\n    Properties:\n      Size: !Ref Size\n      Encrypted: !Ref Encrypt\n",
    );
    write(
        dir.path(),
        "cli.json",
        r#"[{"ParameterKey": "Encrypt", "ParameterValue": "true"}]"#,
    );
    write(
        dir.path(),
        "config.json",
        r#"{"Parameters": {"Encrypt": "true"}, "Tags": {}}"#,
    );
    write(dir.path(), "bad.json", r#"[{"ParameterValue": "true"}]"#);
    let findings = |args: &[&str]| {
        let mut all = vec!["scan", "stack.yaml", "--format", "json"];
        all.extend(args);
        let out = palisade(&all, dir.path());
        let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let found: Vec<String> = json["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| {
                format!(
                    "{}@{}:{}",
                    f["rule_id"].as_str().unwrap(),
                    f["location"]["start"]["line"],
                    f["location"]["start"]["column"]
                )
            })
            .collect();
        (out.status.code(), found)
    };
    // The default is "false": reported at the reference.
    assert_eq!(
        findings(&[]),
        (Some(1), vec!["AWS-EBS-001@12:18".to_string()])
    );
    assert_eq!(
        findings(&["--parameter", "Encrypt=true"]),
        (Some(0), vec![])
    );
    assert_eq!(findings(&["--parameters", "cli.json"]), (Some(0), vec![]));
    assert_eq!(
        findings(&["--parameters", "config.json"]),
        (Some(0), vec![])
    );
    // A flag wins over a file.
    assert_eq!(
        findings(&[
            "--parameters",
            "config.json",
            "--parameter",
            "Encrypt=false"
        ]),
        (Some(1), vec!["AWS-EBS-001@12:18".to_string()])
    );

    let out = palisade(
        &["scan", "stack.yaml", "--parameters", "bad.json"],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "error: bad.json: entry 1: no \"ParameterKey\"\n"
    );
    let out = palisade(
        &["scan", "stack.yaml", "--parameter", "Encrypt"],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn a_cdk_apps_gitignored_cloud_assembly_is_scanned() {
    let dir = tempfile::tempdir().unwrap();
    let template = std::fs::read_to_string(
        repo().join("testdata/rules/s3-public-access-block/cdk.out/StorageStack.template.json"),
    )
    .unwrap();
    write(dir.path(), ".gitignore", "cdk.out\nbuild/\n");
    write(
        dir.path(),
        "app/cdk.json",
        "{\"app\": \"npx ts-node bin/app.ts\"}",
    );
    write(
        dir.path(),
        "app/cdk.out/StorageStack.template.json",
        &template,
    );
    write(
        dir.path(),
        "app/cdk.out/assembly-Prod/ProdStorage.template.json",
        &template,
    );
    // Only templates are read from the assembly, not other gitignored files.
    write(
        dir.path(),
        "app/cdk.out/asset.1234/config.yaml",
        "Resources:\n  V:\n    Type: AWS::EC2::Volume\n",
    );
    // A configured output directory.
    write(
        dir.path(),
        "other/cdk.json",
        "{\"output\": \"build/synth\"}",
    );
    write(
        dir.path(),
        "other/build/synth/Other.template.json",
        &template,
    );
    let files = |args: &[&str]| {
        let mut all = vec!["scan", ".", "--format", "json"];
        all.extend(args);
        let out = palisade(&all, dir.path());
        let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let mut paths: Vec<String> = json["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["rule_id"] == "AWS-S3-002")
            .map(|f| {
                assert_eq!(
                    f["message"],
                    "`StorageStack/Uploads/Resource` (UploadsBucket5E5E9B64) has no public access block"
                );
                f["location"]["path"].as_str().unwrap().to_string()
            })
            .collect();
        paths.sort();
        paths
    };
    assert_eq!(
        files(&[]),
        [
            "app/cdk.out/StorageStack.template.json",
            "app/cdk.out/assembly-Prod/ProdStorage.template.json",
            "other/build/synth/Other.template.json"
        ]
    );
    write(dir.path(), ".palisade.yml", "exclude:\n  - app/cdk.out\n");
    assert_eq!(files(&[]), ["other/build/synth/Other.template.json"]);
}

#[test]
fn text_header_counts_columns_in_characters_like_json() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "t.yaml",
        "Resources:\n  V:\n    Type: AWS::EC2::Volume\n    Properties: {AvailabilityZone: \"é😀\", Encrypted: false}\n",
    );
    let text = palisade(&["scan", ".", "--no-config"], dir.path());
    let text = String::from_utf8(text.stdout).unwrap();
    assert!(text.contains("╭─[t.yaml:4:53]"), "{text}");
    let json = palisade(&["scan", ".", "--format", "json"], dir.path());
    let json: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(json["findings"][0]["location"]["start"]["column"], 53);
}

#[test]
fn rules_are_selected_on_the_command_line_over_the_configuration() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "main.tf",
        "resource \"aws_efs_file_system\" \"fs\" {\n  encrypted = false\n}\n\n\
         resource \"aws_ebs_volume\" \"v\" {\n  availability_zone = \"a\"\n}\n\n\
         resource \"aws_s3_bucket_acl\" \"a\" {\n  bucket = \"b\"\n  acl    = \"public-read\"\n}\n",
    );
    write(
        dir.path(),
        ".palisade.yml",
        "rules:\n  disable: [AWS-EBS-001]\n",
    );
    let found = |args: &[&str]| {
        let mut all = vec!["scan", ".", "--format", "compact", "-q"];
        all.extend_from_slice(args);
        let out = palisade(&all, dir.path());
        let lines: Vec<String> = String::from_utf8_lossy(&out.stdout)
            .lines()
            .map(|l| l.split(' ').take(3).collect::<Vec<_>>().join(" "))
            .collect();
        (out.status.code(), lines)
    };
    let efs = "main.tf:2:15: HIGH AWS-EFS-001";
    let ebs = "main.tf:5:1: HIGH AWS-EBS-001";
    let acl = "main.tf:11:12: HIGH AWS-S3-001";
    assert_eq!(found(&[]), (Some(1), vec![efs.into(), acl.into()]));
    // Ids, names, prefixes and services, in any case.
    assert_eq!(found(&["--rule", "aws-s3"]), (Some(1), vec![acl.into()]));
    assert_eq!(found(&["--rule", "S3"]), (Some(1), vec![acl.into()]));
    assert_eq!(
        found(&[
            "--rule",
            "efs-unencrypted",
            "--rule",
            "s3-bucket-public-acl"
        ]),
        (Some(1), vec![efs.into(), acl.into()])
    );
    // --rule wins over the configuration's disable; --skip-rule over --rule.
    assert_eq!(
        found(&["--rule", "AWS-EBS-001"]),
        (Some(1), vec![ebs.into()])
    );
    assert_eq!(
        found(&[
            "--rule",
            "aws",
            "--skip-rule",
            "AWS-EBS-001",
            "--skip-rule",
            "efs"
        ]),
        (Some(1), vec![acl.into()])
    );
    assert_eq!(found(&["--skip-rule", "s3"]), (Some(1), vec![efs.into()]));
    assert_eq!(
        found(&["--rule", "s3", "--skip-rule", "AWS-S3"]),
        (Some(0), vec![])
    );
}

#[test]
fn an_unknown_rule_on_the_command_line_suggests_the_nearest() {
    let dir = tempfile::tempdir().unwrap();
    for (args, message) in [
        (
            ["--rule", "ebs-volume-unencripted"],
            "error: invalid value 'ebs-volume-unencripted' for '--rule <RULE>': no rule has this \
             id, name, prefix or service; did you mean AWS-EBS-001 (ebs-volume-unencrypted)?\n",
        ),
        (
            ["--skip-rule", "AWS-S3-01"],
            "error: invalid value 'AWS-S3-01' for '--skip-rule <RULE>': no rule has this id, \
             name, prefix or service; did you mean AWS-S3-001 (s3-bucket-public-acl)?\n",
        ),
        (
            ["--rule", "vcp"],
            "error: invalid value 'vcp' for '--rule <RULE>': no rule has this id, name, prefix \
             or service; did you mean the service vpc?\n",
        ),
        (
            ["--rule", "AWS-S3-00"],
            "error: invalid value 'AWS-S3-00' for '--rule <RULE>': no rule has this id, name, \
             prefix or service (run `palisade rules` to list the rules)\n",
        ),
    ] {
        let out = palisade(&["scan", args[0], args[1], "."], dir.path());
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(out.stdout.is_empty());
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(
            stderr.lines().next().map(|l| format!("{l}\n")),
            Some(message.into()),
            "{stderr}"
        );
    }
}

#[test]
fn rules_by_framework_list_the_controls_each_rule_implements() {
    let out = palisade(&["rules", "--framework", "fsbp"], repo());
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8_lossy(&out.stdout);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], "AWS Foundational Security Best Practices");
    assert!(lines[1].starts_with("CONTROL"), "{text}");
    let row = |control: &str, rule: &str| {
        lines.iter().any(|l| {
            let cells: Vec<&str> = l.split_whitespace().collect();
            cells.first() == Some(&control) && cells.get(1) == Some(&rule)
        })
    };
    assert!(row("S3.8", "AWS-S3-002"), "{text}");
    assert!(row("EC2.21", "AWS-VPC-001"), "{text}");
    // Numeric order: EC2.6 before EC2.13.
    let at = |c: &str| {
        lines
            .iter()
            .position(|l| l.starts_with(&format!("{c} ")))
            .unwrap()
    };
    assert!(at("EC2.6") < at("EC2.13"), "{text}");

    let cis = palisade(&["rules", "--framework", "cis", "--format", "json"], repo());
    let rules: serde_json::Value = serde_json::from_slice(&cis.stdout).unwrap();
    let rules = rules.as_array().unwrap();
    assert!(!rules.is_empty());
    assert!(rules
        .iter()
        .all(|r| !r["compliance"]["cis"].as_array().unwrap().is_empty()));
    let trail = rules.iter().find(|r| r["id"] == "AWS-CT-001").unwrap();
    assert_eq!(trail["compliance"]["cis"][0], "3.2");
    assert_eq!(trail["compliance"]["fsbp"][0], "CloudTrail.4");
}

#[test]
fn scan_by_framework_runs_only_mapped_rules() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "main.tf",
        "resource \"aws_ebs_volume\" \"v\" {\n  availability_zone = \"eu-west-1a\"\n  size = 8\n}\n\n\
         resource \"aws_efs_file_system\" \"f\" {}\n",
    );
    let ids = |args: &[&str]| -> Vec<String> {
        let out = palisade(args, dir.path());
        let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        json["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["rule_id"].as_str().unwrap().to_string())
            .collect()
    };
    // EBS volume encryption maps to FSBP EC2.3 only; EFS encryption to both.
    assert_eq!(
        ids(&["scan", "--format", "json", "."]),
        ["AWS-EBS-001", "AWS-EFS-001"]
    );
    assert_eq!(
        ids(&["scan", "--format", "json", "--framework", "fsbp", "."]),
        ["AWS-EBS-001", "AWS-EFS-001"]
    );
    assert_eq!(
        ids(&["scan", "--format", "json", "--framework", "cis", "."]),
        ["AWS-EFS-001"]
    );
}

#[test]
fn every_compliance_id_is_well_formed() {
    for r in palisade::rules::all() {
        for id in &r.compliance.fsbp {
            let (svc, num) = id.split_once('.').unwrap_or(("", ""));
            assert!(
                !svc.is_empty()
                    && svc.chars().all(|c| c.is_ascii_alphanumeric())
                    && num.parse::<u32>().is_ok(),
                "{}: FSBP id {id:?}",
                r.id
            );
        }
        for id in &r.compliance.cis {
            assert!(
                id.split('.').all(|p| p.parse::<u32>().is_ok()),
                "{}: CIS id {id:?}",
                r.id
            );
        }
    }
}

#[test]
fn warnings_are_shown_and_fail_only_a_strict_scan() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "main.tf",
        "variable \"size\" {\n  type    = number\n  default = 10\n}\n",
    );
    write(dir.path(), "terraform.tfvars", "sise = 20\n");
    let args = ["scan", ".", "--format", "compact", "--no-config"];
    let out = palisade(&args, dir.path());
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "terraform.tfvars:1:8: WARNING no variable `sise` is declared in this module: \
         Terraform ignores this value (check the name)\n\
         No findings in 2 files; 1 warning about the input.\n"
    );
    let strict = palisade(&[&args[..], &["--strict"]].concat(), dir.path());
    assert_eq!(strict.status.code(), Some(2), "{strict:?}");
}

#[test]
fn a_value_terraform_rejects_is_an_error_not_silence() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "main.tf",
        "variable \"encrypt\" {\n  type = bool\n}\n\nresource \"aws_ebs_volume\" \"v\" {\n  availability_zone = \"us-east-1a\"\n  size = 10\n  encrypted = var.encrypt\n}\n",
    );
    let out = palisade(
        &[
            "scan",
            ".",
            "--format",
            "compact",
            "--no-config",
            "--var",
            "encrypt=yes",
        ],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "main.tf:1:1: ERROR the value \"yes\" given on the command line (or in TF_VAR_encrypt) \
         is not a valid value for variable `encrypt` of type `bool`: Terraform rejects it\n\
         No findings in 1 file; 1 file could not be scanned.\n"
    );
}

#[test]
fn a_var_no_root_declares_is_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "main.tf",
        "variable \"size\" {\n  type    = number\n  default = 10\n}\n",
    );
    write(dir.path(), "extra.tfvars", "size = 5\ncolour = \"red\"\n");
    let out = palisade(
        &[
            "scan",
            ".",
            "--format",
            "compact",
            "--no-config",
            "--var",
            "sise=20",
            "--var-file",
            "extra.tfvars",
        ],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "--var sise: WARNING no scanned root module declares a variable `sise`: \
         Terraform rejects this value (check the name)\n\
         extra.tfvars:2:10: WARNING no scanned root module declares a variable `colour`: \
         Terraform rejects this value (check the name)\n\
         No findings in 2 files; 2 warnings about the input.\n"
    );
}

#[test]
fn fix_applies_safe_edits_once_and_keeps_everything_else() {
    let dir = tempfile::tempdir().unwrap();
    // `encrypt` is used once: its default is fixed where it is written.
    // `shared` is used twice: changing it might change what another use
    // means, so both findings are left, with a note.
    let tf = "variable \"encrypt\" {\n  default = false\n}\n\n\
              resource \"aws_ebs_volume\" \"literal\" {\n  availability_zone = \"us-east-1a\"\n  size      = 10 # keep this comment\n  encrypted = false\n}\n\n\
              resource \"aws_efs_file_system\" \"missing\" {\n  creation_token = \"x\"\n}\n\n\
              resource \"aws_ebs_volume\" \"from_variable\" {\n  availability_zone = \"us-east-1a\"\n  size      = 10\n  encrypted = var.encrypt\n}\n\n\
              variable \"shared\" {\n  default = false\n}\n\n\
              resource \"aws_ebs_volume\" \"shared_a\" {\n  availability_zone = \"us-east-1a\"\n  encrypted         = var.shared\n}\n\n\
              resource \"aws_ebs_volume\" \"shared_b\" {\n  availability_zone = \"us-east-1b\"\n  encrypted         = var.shared\n}\n";
    write(dir.path(), "main.tf", tf);
    let yaml = "Resources:\n  Volume:\n    Type: AWS::EC2::Volume\n    Properties:\n      AvailabilityZone: us-east-1a\n      Size: 10\n      Encrypted: false\n";
    write(dir.path(), "template.yaml", yaml);
    let notes = "note: main.tf:28:23: AWS-EBS-001: not fixed: the value comes from the default of variable `shared` at main.tf:23, which is also used elsewhere\n\
                 note: main.tf:33:23: AWS-EBS-001: not fixed: the value comes from the default of variable `shared` at main.tf:23, which is also used elsewhere\n";

    let diff = palisade(&["fix", ".", "--diff", "--no-config"], dir.path());
    assert_eq!(diff.status.code(), Some(1), "{diff:?}");
    assert_eq!(
        String::from_utf8_lossy(&diff.stdout),
        "--- a/main.tf\n+++ b/main.tf\n@@ -1,15 +1,16 @@\n variable \"encrypt\" {\n-  default = false\n+  default = true\n }\n \n resource \"aws_ebs_volume\" \"literal\" {\n   availability_zone = \"us-east-1a\"\n   size      = 10 # keep this comment\n-  encrypted = false\n+  encrypted = true\n }\n \n resource \"aws_efs_file_system\" \"missing\" {\n   creation_token = \"x\"\n+  encrypted      = true\n }\n \n resource \"aws_ebs_volume\" \"from_variable\" {\n\
         --- a/template.yaml\n+++ b/template.yaml\n@@ -4,4 +4,4 @@\n     Properties:\n       AvailabilityZone: us-east-1a\n       Size: 10\n-      Encrypted: false\n+      Encrypted: true\n"
    );
    // `--diff` writes nothing.
    assert_eq!(
        std::fs::read_to_string(dir.path().join("main.tf")).unwrap(),
        tf
    );

    let fixed = palisade(
        &["fix", ".", "--no-config", "--format", "compact"],
        dir.path(),
    );
    // The findings whose value is used elsewhere too are left, and reported.
    assert_eq!(fixed.status.code(), Some(1), "{fixed:?}");
    assert_eq!(
        String::from_utf8_lossy(&fixed.stdout),
        "main.tf:28:23: HIGH AWS-EBS-001 EBS volume aws_ebs_volume.shared_a sets encryption to false, the default of variable `shared`\n\
         main.tf:33:23: HIGH AWS-EBS-001 EBS volume aws_ebs_volume.shared_b sets encryption to false, the default of variable `shared`\n\
         Found 2 findings (2 high) in 2 files.\n"
    );
    assert_eq!(
        String::from_utf8_lossy(&fixed.stderr),
        format!("{notes}Fixed 4 findings in 2 files.\n")
    );
    let after = std::fs::read_to_string(dir.path().join("main.tf")).unwrap();
    assert_eq!(
        after,
        tf.replacen("default = false", "default = true", 1)
            .replace(
                "encrypted = false\n}\n\nresource \"aws_efs",
                "encrypted = true\n}\n\nresource \"aws_efs"
            )
            .replace(
                "creation_token = \"x\"\n",
                "creation_token = \"x\"\n  encrypted      = true\n"
            )
    );
    // A second run changes nothing.
    let again = palisade(&["fix", ".", "--diff", "--no-config"], dir.path());
    assert_eq!(again.status.code(), Some(0), "{again:?}");
    assert!(again.stdout.is_empty());
    let scan = palisade(
        &[
            "scan",
            ".",
            "--fix",
            "--no-config",
            "--format",
            "compact",
            "-q",
        ],
        dir.path(),
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("main.tf")).unwrap(),
        after
    );
    assert_eq!(scan.status.code(), Some(1));
}

/// A value a caller writes in a `module` block and every module on the way
/// passes on once is fixed in the caller's argument; a module variable used
/// twice stops the fix, with a note naming it.
#[test]
fn fix_edits_a_callers_module_argument() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "volume/main.tf",
        "variable \"encrypted\" {\n  type = bool\n}\n\nresource \"aws_ebs_volume\" \"this\" {\n  availability_zone = \"eu-west-1a\"\n  encrypted         = var.encrypted\n}\n",
    );
    write(
        dir.path(),
        "wrapper/main.tf",
        "variable \"encrypted\" {\n  type = bool\n}\n\nmodule \"inner\" {\n  source    = \"../volume\"\n  encrypted = var.encrypted\n}\n",
    );
    write(
        dir.path(),
        "shared/main.tf",
        "variable \"encrypted\" {\n  type = bool\n}\n\nmodule \"one\" {\n  source    = \"../volume\"\n  encrypted = var.encrypted\n}\n\nmodule \"two\" {\n  source    = \"../volume\"\n  encrypted = var.encrypted\n}\n",
    );
    let root = "module \"direct\" {\n  source    = \"./volume\"\n  encrypted = false\n}\n\n\
                module \"wrapped\" {\n  source    = \"./wrapper\"\n  encrypted = false\n}\n\n\
                module \"shared\" {\n  source    = \"./shared\"\n  encrypted = false\n}\n";
    write(dir.path(), "main.tf", root);
    let fixed = palisade(
        &["fix", ".", "--no-config", "--format", "compact"],
        dir.path(),
    );
    let after = std::fs::read_to_string(dir.path().join("main.tf")).unwrap();
    assert_eq!(
        after,
        root.replacen("encrypted = false", "encrypted = true", 2),
        "{fixed:?}"
    );
    let stderr = String::from_utf8_lossy(&fixed.stderr);
    assert!(
        stderr.contains("not fixed: the value comes from the value passed as argument `encrypted` of module.shared at main.tf:13, which is also used elsewhere (variable `encrypted`)"),
        "{stderr}"
    );
    assert!(
        stderr.ends_with("Fixed 2 findings in 1 file.\n"),
        "{stderr}"
    );
}

/// A changed variable default reports the finding where the value is used:
/// the change is in the value's trail, not in the resource.
#[test]
fn changed_since_follows_value_trails() {
    if common::tools::on_path("git").is_none() {
        common::tools::skip("changed_since_follows_value_trails", "git not found");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let git = |args: &[&str]| {
        let out = Command::new("git")
            .args(["-c", "user.name=t", "-c", "user.email=t@example.com"])
            .args(args)
            .current_dir(dir.path())
            .output()
            .unwrap();
        assert!(out.status.success(), "{out:?}");
    };
    let vars = |v: &str| format!("variable \"enc\" {{\n  default = {v}\n}}\n");
    write(dir.path(), "variables.tf", &vars("true"));
    write(
        dir.path(),
        "main.tf",
        "resource \"aws_ebs_volume\" \"v\" {\n  availability_zone = \"us-east-1a\"\n  encrypted         = var.enc\n}\n\nresource \"aws_ebs_volume\" \"w\" {\n  availability_zone = \"us-east-1a\"\n  encrypted         = false\n}\n",
    );
    git(&["init", "-q"]);
    git(&["add", "."]);
    git(&["commit", "-q", "-m", "first"]);
    write(dir.path(), "variables.tf", &vars("false"));
    let out = palisade(
        &[
            "scan",
            ".",
            "--changed-since",
            "HEAD",
            "--format",
            "compact",
            "--no-config",
        ],
        dir.path(),
    );
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "main.tf:3:23: HIGH AWS-EBS-001 EBS volume aws_ebs_volume.v sets encryption to false, the default of variable `enc`\n\
         Found 1 finding (1 high) in 2 files; 1 outside the changed lines not shown.\n",
        "{out:?}"
    );
}

#[test]
fn changed_since_reports_only_findings_in_changed_lines() {
    if common::tools::on_path("git").is_none() {
        common::tools::skip(
            "changed_since_reports_only_findings_in_changed_lines",
            "git not found",
        );
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let git = |args: &[&str]| {
        let out = Command::new("git")
            .args(["-c", "user.name=t", "-c", "user.email=t@example.com"])
            .args(args)
            .current_dir(dir.path())
            .output()
            .unwrap();
        assert!(out.status.success(), "{out:?}");
    };
    let volume = |name: &str, extra: &str| {
        format!("resource \"aws_ebs_volume\" \"{name}\" {{\n  availability_zone = \"us-east-1a\"\n  size = 10\n{extra}}}\n")
    };
    let old = format!(
        "{}\n{}",
        volume("old", "  encrypted = false\n"),
        volume("edited", "  encrypted = true\n")
    );
    write(dir.path(), "main.tf", &old);
    git(&["init", "-q"]);
    git(&["add", "."]);
    git(&["commit", "-q", "-m", "first"]);
    // `edited` loses its `encrypted` line; a new file is untracked.
    write(
        dir.path(),
        "main.tf",
        &format!(
            "{}\n{}",
            volume("old", "  encrypted = false\n"),
            volume("edited", "")
        ),
    );
    write(dir.path(), "new.tf", &volume("new", ""));
    let out = palisade(
        &[
            "scan",
            ".",
            "--changed-since",
            "HEAD",
            "--format",
            "compact",
            "--no-config",
        ],
        dir.path(),
    );
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "main.tf:7:1: HIGH AWS-EBS-001 EBS volume aws_ebs_volume.edited does not enable encryption\n\
         new.tf:1:1: HIGH AWS-EBS-001 EBS volume aws_ebs_volume.new does not enable encryption\n\
         Found 2 findings (2 high) in 2 files; 1 outside the changed lines not shown.\n",
        "{out:?}"
    );
    assert_eq!(out.status.code(), Some(1));
    let bad = palisade(
        &["scan", ".", "--changed-since", "no-such-rev", "--no-config"],
        dir.path(),
    );
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("`no-such-rev` is not a revision"));
}
