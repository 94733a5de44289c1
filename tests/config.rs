//! `.palisade.yml`: discovery, rule selection, severity overrides, excludes,
//! defaults for flags, suppression settings, errors, and `palisade init`.

mod common;

use std::path::{Path, PathBuf};
use std::process::Output;

use common::{palisade, write};
use palisade::config::{self, Config};

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// A temporary directory, by its canonical path (so paths in messages are
/// predictable).
fn tree() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().canonicalize().unwrap();
    (dir, root)
}

const MAIN_TF: &str = r#"resource "aws_efs_file_system" "fs" {
  encrypted = false
}

resource "aws_ebs_volume" "data" {
  availability_zone = "eu-west-1a"
  size              = 10
}

resource "aws_security_group_rule" "https" {
  type              = "ingress"
  from_port         = 443
  to_port           = 443
  protocol          = "tcp"
  cidr_blocks       = ["0.0.0.0/0"]
  security_group_id = "sg-1"
}
"#;

const OLD_TF: &str = "resource \"aws_efs_file_system\" \"old\" {\n  encrypted = false\n}\n";

/// A repository: `.git`, `infra/main.tf` (EFS, EBS, and a low-severity
/// security group finding) and `infra/legacy/old.tf` (EFS).
fn repo() -> (tempfile::TempDir, PathBuf) {
    let (dir, root) = tree();
    std::fs::create_dir(root.join(".git")).unwrap();
    write(&root, "infra/main.tf", MAIN_TF);
    write(&root, "infra/legacy/old.tf", OLD_TF);
    (dir, root)
}

/// Scans with `--format json`; returns the exit code and each finding as
/// `RULE severity path:line:col`.
fn scan(args: &[&str], cwd: &Path) -> (i32, Vec<String>) {
    let mut all = vec!["scan", "--format", "json"];
    all.extend_from_slice(args);
    let out = palisade(&all, cwd);
    let code = out.status.code().unwrap();
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "{e}: {}{}",
            stderr(&out),
            String::from_utf8_lossy(&out.stdout)
        )
    });
    let findings = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let loc = &f["location"];
            format!(
                "{} {} {}:{}:{}",
                f["rule_id"].as_str().unwrap(),
                f["severity"].as_str().unwrap(),
                loc["path"].as_str().unwrap(),
                loc["start"]["line"],
                loc["start"]["column"]
            )
        })
        .collect();
    (code, findings)
}

const ALL: [&str; 4] = [
    "AWS-EFS-001 high infra/legacy/old.tf:2:15",
    "AWS-EFS-001 high infra/main.tf:2:15",
    "AWS-EBS-001 high infra/main.tf:5:1",
    "AWS-VPC-002 low infra/main.tf:15:24",
];

#[test]
fn without_a_config_every_rule_runs() {
    let (_d, root) = repo();
    assert_eq!(scan(&["."], &root), (1, ALL.map(String::from).to_vec()));
}

#[test]
fn disabling_a_rule_removes_its_findings_only() {
    let (_d, root) = repo();
    write(
        &root,
        ".palisade.yml",
        "rules:\n  disable: [ebs-volume-unencrypted]\n",
    );
    assert_eq!(
        scan(&["."], &root),
        (
            1,
            vec![
                "AWS-EFS-001 high infra/legacy/old.tf:2:15".to_string(),
                "AWS-EFS-001 high infra/main.tf:2:15".to_string(),
                "AWS-VPC-002 low infra/main.tf:15:24".to_string(),
            ]
        )
    );
}

#[test]
fn only_runs_the_listed_rules() {
    let (_d, root) = repo();
    write(&root, ".palisade.yml", "rules:\n  only: [AWS-VPC-002]\n");
    assert_eq!(
        scan(&["."], &root),
        (1, vec!["AWS-VPC-002 low infra/main.tf:15:24".to_string()])
    );
    // `disable` wins over `only`.
    write(
        &root,
        ".palisade.yml",
        "rules:\n  only: [AWS-VPC-002]\n  disable: [AWS-VPC-002]\n",
    );
    assert_eq!(scan(&["."], &root), (0, vec![]));
}

#[test]
fn found_from_a_subdirectory_up_to_the_repository_root() {
    let (_d, root) = repo();
    write(&root, ".palisade.yml", "rules:\n  only: [AWS-EFS-001]\n");
    // Run from infra/legacy, scanning "." : the root's file applies.
    assert_eq!(
        scan(&["."], &root.join("infra/legacy")),
        (1, vec!["AWS-EFS-001 high old.tf:2:15".to_string()])
    );
    // The first scanned path decides, not the working directory; a file's
    // directory is where the search starts.
    assert_eq!(
        scan(&["infra/main.tf"], &root),
        (1, vec!["AWS-EFS-001 high infra/main.tf:2:15".to_string()])
    );
    // A nearer file wins.
    write(
        &root,
        "infra/.palisade.yml",
        "rules:\n  only: [AWS-EBS-001]\n",
    );
    assert_eq!(
        scan(&["infra"], &root),
        (1, vec!["AWS-EBS-001 high infra/main.tf:5:1".to_string()])
    );
    // `.palisade.yaml` is found too.
    std::fs::rename(
        root.join("infra/.palisade.yml"),
        root.join("infra/.palisade.yaml"),
    )
    .unwrap();
    assert_eq!(
        scan(&["infra"], &root),
        (1, vec!["AWS-EBS-001 high infra/main.tf:5:1".to_string()])
    );
}

#[test]
fn discovery_stops_at_the_directory_with_git() {
    let (_d, outer) = tree();
    // Broken on purpose: reading it would fail the scan.
    write(&outer, ".palisade.yml", "nonsense: true\n");
    let root = outer.join("repo");
    std::fs::create_dir_all(root.join(".git")).unwrap();
    write(&root, "infra/main.tf", MAIN_TF);
    write(&root, "infra/legacy/old.tf", OLD_TF);
    assert_eq!(scan(&["."], &root), (1, ALL.map(String::from).to_vec()));
    assert_eq!(
        config::find(&root.join("infra/legacy")),
        None,
        "stops at the repository root"
    );
    // Without the .git directory, the outer file is found (and rejected).
    std::fs::remove_dir(root.join(".git")).unwrap();
    assert_eq!(
        config::find(&root.join("infra/legacy/old.tf")),
        Some(outer.join(".palisade.yml"))
    );
    let out = palisade(&["scan", "."], &root);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out),
        format!(
            "error: {}:1:1: unknown key `nonsense` (expected one of: format, severity, rules, exclude, suppressions, baseline, policies)\n",
            outer.join(".palisade.yml").display()
        )
    );
}

#[test]
fn explicit_config_and_no_config() {
    let (_d, root) = repo();
    write(&root, ".palisade.yml", "rules:\n  only: [AWS-EFS-001]\n");
    write(&root, "ci/strict.yml", "rules:\n  only: [AWS-VPC-002]\n");
    assert_eq!(
        scan(&["--config", "ci/strict.yml", "infra/main.tf"], &root),
        (1, vec!["AWS-VPC-002 low infra/main.tf:15:24".to_string()])
    );
    assert_eq!(
        scan(&["--no-config", "."], &root),
        (1, ALL.map(String::from).to_vec())
    );
    let out = palisade(&["scan", "--config", "ci/missing.yml", "."], &root);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out),
        "error: ci/missing.yml: cannot read configuration: No such file or directory (os error 2)\n"
    );
    let out = palisade(&["scan", "--config", "ci/strict.yml", "--no-config"], &root);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn severity_override_changes_the_exit_code_under_a_threshold() {
    let (_d, root) = repo();
    // Without an override, the low finding passes a medium threshold.
    write(&root, ".palisade.yml", "rules:\n  only: [AWS-VPC-002]\n");
    assert_eq!(scan(&["--severity", "medium", "."], &root), (0, vec![]));
    write(
        &root,
        ".palisade.yml",
        "rules:\n  only: [AWS-VPC-002]\n  severity:\n    sg-public-ingress: high\n",
    );
    assert_eq!(
        scan(&["--severity", "medium", "."], &root),
        (1, vec!["AWS-VPC-002 high infra/main.tf:15:24".to_string()])
    );
    // Lowering: the high EFS findings no longer fail a medium threshold.
    write(
        &root,
        ".palisade.yml",
        "rules:\n  only: [AWS-EFS-001]\n  severity: {AWS-EFS-001: low}\n",
    );
    assert_eq!(scan(&["--severity", "medium", "."], &root), (0, vec![]));
    assert_eq!(
        scan(&["."], &root),
        (
            1,
            vec![
                "AWS-EFS-001 low infra/legacy/old.tf:2:15".to_string(),
                "AWS-EFS-001 low infra/main.tf:2:15".to_string(),
            ]
        )
    );
}

#[test]
fn format_and_severity_defaults_yield_to_flags() {
    let (_d, root) = repo();
    write(&root, ".palisade.yml", "format: json\nseverity: medium\n");
    let out = palisade(&["scan", "infra/main.tf"], &root);
    assert_eq!(out.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let ids: Vec<&str> = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule_id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["AWS-EFS-001", "AWS-EBS-001"]);
    // Flags win.
    let out = palisade(
        &[
            "scan",
            "--format",
            "text",
            "--severity",
            "low",
            "infra/main.tf",
        ],
        &root,
    );
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.ends_with("3 findings (0 critical, 2 high, 0 medium, 1 low) in 1 file, 3 resources\n"),
        "{text}"
    );
}

#[test]
fn excludes_are_relative_to_the_config_file() {
    let (_d, root) = repo();
    write(&root, "infra/legacy/keep/kept.tf", OLD_TF);
    write(
        &root,
        ".palisade.yml",
        "exclude:\n  - infra/legacy/*\n  - '!infra/legacy/keep/'\n  - '*.tf.json'\n",
    );
    write(&root, "infra/extra.tf.json", "{\"resource\": {}}\n");
    let expected = vec![
        "AWS-EFS-001 high infra/legacy/keep/kept.tf:2:15".to_string(),
        "AWS-EFS-001 high infra/main.tf:2:15".to_string(),
        "AWS-EBS-001 high infra/main.tf:5:1".to_string(),
        "AWS-VPC-002 low infra/main.tf:15:24".to_string(),
    ];
    // Excluded directories are skipped whatever the working directory...
    assert_eq!(scan(&["."], &root), (1, expected));
    assert_eq!(
        scan(&["."], &root.join("infra")),
        (
            1,
            vec![
                "AWS-EFS-001 high legacy/keep/kept.tf:2:15".to_string(),
                "AWS-EFS-001 high main.tf:2:15".to_string(),
                "AWS-EBS-001 high main.tf:5:1".to_string(),
                "AWS-VPC-002 low main.tf:15:24".to_string(),
            ]
        )
    );
    // ...and so are files named on the command line.
    let out = palisade(&["scan", "infra/legacy/old.tf"], &root);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "No findings in 0 files, 0 resources\n"
    );
    let out = palisade(&["scan", "--format", "json", "."], &root);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["summary"]["files"], 2, "the .tf.json file is excluded");
}

#[test]
fn suppression_settings() {
    let (_d, root) = tree();
    write(
        &root,
        "main.tf",
        "# palisade:ignore:AWS-EBS-001\nresource \"aws_ebs_volume\" \"data\" {\n  availability_zone = \"eu-west-1a\"\n}\n",
    );
    // A reason is required by default: the suppression is invalid.
    assert_eq!(
        scan(&["."], &root),
        (
            1,
            vec![
                "PAL-002 low main.tf:1:1".to_string(),
                "AWS-EBS-001 high main.tf:2:1".to_string(),
            ]
        )
    );
    write(
        &root,
        ".palisade.yml",
        "suppressions:\n  require-reason: false\n",
    );
    assert_eq!(scan(&["."], &root), (0, vec![]));
    write(&root, ".palisade.yml", "suppressions:\n  enabled: false\n");
    assert_eq!(
        scan(&["."], &root),
        (1, vec!["AWS-EBS-001 high main.tf:2:1".to_string()])
    );

    // Another scanner's suppression, honoured unless `foreign` is off.
    write(
        &root,
        "main.tf",
        "#tfsec:ignore:aws-ebs-enable-volume-encryption\nresource \"aws_ebs_volume\" \"data\" {\n  availability_zone = \"eu-west-1a\"\n}\n",
    );
    write(&root, ".palisade.yml", "suppressions:\n  foreign: true\n");
    assert_eq!(scan(&["."], &root), (0, vec![]));
    write(&root, ".palisade.yml", "suppressions:\n  foreign: false\n");
    assert_eq!(
        scan(&["."], &root),
        (1, vec!["AWS-EBS-001 high main.tf:2:1".to_string()])
    );
}

#[test]
fn a_suppression_of_a_disabled_rule_is_not_unused() {
    let (_d, root) = tree();
    write(
        &root,
        "main.tf",
        "# palisade:ignore:AWS-EBS-001,AWS-EFS-001 accepted until the migration\nresource \"aws_ebs_volume\" \"data\" {\n  availability_zone = \"eu-west-1a\"\n}\n",
    );
    // AWS-EFS-001 matches nothing here.
    assert_eq!(
        scan(&["."], &root),
        (1, vec!["PAL-001 low main.tf:1:1".to_string()])
    );
    write(&root, ".palisade.yml", "rules:\n  disable: [AWS-EBS-001]\n");
    assert_eq!(
        scan(&["."], &root),
        (1, vec!["PAL-001 low main.tf:1:1".to_string()]),
        "AWS-EFS-001 runs and is still unused"
    );
    write(
        &root,
        ".palisade.yml",
        "rules:\n  disable: [AWS-EBS-001, AWS-EFS-001]\n",
    );
    assert_eq!(scan(&["."], &root), (0, vec![]));
    // Pseudo-rules can be disabled and re-rated too.
    write(
        &root,
        ".palisade.yml",
        "rules:\n  severity: {unused-suppression: high}\n",
    );
    assert_eq!(
        scan(&["."], &root),
        (1, vec!["PAL-001 high main.tf:1:1".to_string()])
    );
    write(&root, ".palisade.yml", "rules:\n  disable: [PAL-001]\n");
    assert_eq!(scan(&["."], &root), (0, vec![]));
}

#[test]
fn config_errors_name_the_file_line_and_column() {
    let (_d, root) = repo();
    let cases = [
        (
            "rules:\n  disable: [AWS-EBS-999]\n",
            ".palisade.yml:2:13: unknown rule `AWS-EBS-999` (run `palisade rules` to list the rules)",
        ),
        (
            "rules:\n  severity:\n    s3_bucket_public_acls: low\n",
            ".palisade.yml:3:5: unknown rule `s3_bucket_public_acls`; did you mean AWS-S3-001 (s3-bucket-public-acl)?",
        ),
        (
            "format: json\nsevrity: high\n",
            ".palisade.yml:2:1: unknown key `sevrity` (expected one of: format, severity, rules, exclude, suppressions, baseline, policies)",
        ),
        (
            "rules:\n  severity:\n    AWS-S3-001: urgent\n",
            ".palisade.yml:3:17: unknown severity `urgent` (expected low, medium, high or critical)",
        ),
        (
            "exclude: legacy/\n",
            ".palisade.yml:1:10: `exclude` must be a list of gitignore-style globs, not a string",
        ),
        (
            "suppressions:\n  foreign: 0\n",
            ".palisade.yml:2:12: `suppressions.foreign` must be true or false, not a number",
        ),
        (
            "rules:\n  only: [AWS-S3-001\n",
            ".palisade.yml:2:20: missing closing \"]\" for the \"[\" opened on line 2",
        ),
    ];
    for (text, message) in cases {
        write(&root, ".palisade.yml", text);
        let out = palisade(&["scan", "."], &root);
        assert_eq!(out.status.code(), Some(2), "{text}");
        assert_eq!(stderr(&out), format!("error: {message}\n"), "{text}");
        assert!(out.stdout.is_empty());
    }
    // Every error of the file is reported, in order.
    write(&root, ".palisade.yml", "format: xml\nseverity: 3\n");
    let out = palisade(&["scan", "."], &root);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out),
        "error: .palisade.yml:1:9: unknown format `xml` (expected text, compact, json, sarif, junit, github, checkstyle, markdown)\n\
         error: .palisade.yml:2:11: `severity` must be a string, not a number\n"
    );
}

#[test]
fn init_writes_the_defaults_and_refuses_to_overwrite() {
    let (_d, root) = tree();
    std::fs::create_dir(root.join("proj")).unwrap();
    let out = palisade(&["init", "proj"], &root);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "wrote proj/.palisade.yml\n"
    );
    let written = root.join("proj/.palisade.yml");
    let loaded = config::load(&written, written.clone()).unwrap();
    assert_eq!(loaded.config, Config::default());
    assert_eq!(loaded.dir, root.join("proj"));
    // Every key is shown.
    let text = std::fs::read_to_string(&written).unwrap();
    for key in [
        "\nformat: text\n",
        "\nseverity: low\n",
        "\nrules:\n",
        "\n  only: []\n",
        "\n  disable: []\n",
        "\n  severity: {}\n",
        "\nexclude: []\n",
        "\nsuppressions:\n",
        "\n  enabled: true\n",
        "\n  foreign: true\n",
        "\n  require-reason: true\n",
        "\nbaseline:\n",
    ] {
        assert!(text.contains(key), "{key:?} missing");
    }

    std::fs::write(&written, "format: json\n").unwrap();
    let out = palisade(&["init", "proj"], &root);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out),
        "error: proj/.palisade.yml already exists (use --force to overwrite it)\n"
    );
    assert_eq!(std::fs::read_to_string(&written).unwrap(), "format: json\n");

    let out = palisade(&["init", "--force", "proj"], &root);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(std::fs::read_to_string(&written).unwrap(), config::TEMPLATE);

    // The default directory is the working directory.
    let out = palisade(&["init"], &root.join("proj"));
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out),
        "error: ./.palisade.yml already exists (use --force to overwrite it)\n"
    );
}
