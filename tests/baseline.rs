//! Baselines: `palisade baseline write`, then `palisade scan --baseline`
//! reports only what is new, across line shifts and working directories.

mod common;

use common::{palisade, write};
use std::path::PathBuf;
use std::process::Output;

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn tree() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().canonicalize().unwrap();
    std::fs::create_dir(root.join(".git")).unwrap();
    (dir, root)
}

const MAIN_TF: &str = r#"resource "aws_efs_file_system" "fs" {
  encrypted = false
}

resource "aws_ebs_volume" "data" {
  availability_zone = "eu-west-1a"
  size              = 10
}

resource "aws_ebs_volume" "logs" {
  availability_zone = "eu-west-1a"
  size              = 10
}
"#;

const TEMPLATE: &str = "AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Trail:
    Type: AWS::CloudTrail::Trail
    Properties:
      IsLogging: true
      IsMultiRegionTrail: true
      S3BucketName: logs
      KMSKeyId: alias/trail
      CloudWatchLogsLogGroupArn: arn:aws:logs:eu-west-1:111122223333:log-group:trail:*
      CloudWatchLogsRoleArn: arn:aws:iam::111122223333:role/trail-logs
";

/// Each finding of a JSON report as `RULE path:line:col`.
fn findings(out: &Output) -> Vec<String> {
    let json: serde_json::Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}{}", stderr(out), stdout(out)));
    json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let loc = &f["location"];
            format!(
                "{} {}:{}:{}",
                f["rule_id"].as_str().unwrap(),
                loc["path"].as_str().unwrap(),
                loc["start"]["line"],
                loc["start"]["column"]
            )
        })
        .collect()
}

#[test]
fn baselined_findings_survive_line_shifts_and_new_ones_are_reported() {
    let (_d, root) = tree();
    write(&root, "infra/main.tf", MAIN_TF);
    write(&root, "cfn/trail.yaml", TEMPLATE);
    let out = palisade(&["scan", "--format", "json", "."], &root);
    assert_eq!(
        findings(&out),
        [
            "AWS-CT-001 cfn/trail.yaml:3:3",
            "AWS-EFS-001 infra/main.tf:2:15",
            "AWS-EBS-001 infra/main.tf:5:1",
            "AWS-EBS-001 infra/main.tf:10:1",
        ]
    );

    let out = palisade(&["baseline", "write", "palisade-baseline.json", "."], &root);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(stdout(&out), "wrote 4 findings to palisade-baseline.json\n");
    let written = std::fs::read_to_string(root.join("palisade-baseline.json")).unwrap();
    let doc: serde_json::Value = serde_json::from_str(&written).unwrap();
    assert_eq!(doc["version"], 1);
    let entries = doc["findings"].as_array().unwrap();
    let summary: Vec<(&str, &str, &str, &str)> = entries
        .iter()
        .map(|e| {
            (
                e["rule_id"].as_str().unwrap(),
                e["path"].as_str().unwrap(),
                e["resource"].as_str().unwrap(),
                e["message"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            (
                "AWS-CT-001",
                "cfn/trail.yaml",
                "Trail",
                "trail `Trail` does not enable log file validation"
            ),
            (
                "AWS-EBS-001",
                "infra/main.tf",
                "aws_ebs_volume.data",
                "EBS volume aws_ebs_volume.data does not enable encryption"
            ),
            (
                "AWS-EBS-001",
                "infra/main.tf",
                "aws_ebs_volume.logs",
                "EBS volume aws_ebs_volume.logs does not enable encryption"
            ),
            (
                "AWS-EFS-001",
                "infra/main.tf",
                "aws_efs_file_system.fs",
                "EFS file system aws_efs_file_system.fs sets encryption to false"
            ),
        ]
    );
    for e in entries {
        let fp = e["fingerprint"].as_str().unwrap();
        let (hash, occurrence) = fp.split_once(':').unwrap();
        assert_eq!(hash.len(), 16, "{fp}");
        assert!(hash.bytes().all(|b| b.is_ascii_hexdigit()), "{fp}");
        assert_eq!(occurrence, "1", "{fp}");
    }
    let keys: Vec<&str> = entries[0]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        keys,
        ["rule_id", "path", "resource", "fingerprint", "message"]
    );

    // Lines inserted above every finding: nothing new.
    let shifted = format!("# Storage\n\nlocals {{\n  zone = \"eu-west-1a\"\n}}\n\n{MAIN_TF}");
    write(&root, "infra/main.tf", &shifted);
    write(
        &root,
        "cfn/trail.yaml",
        &TEMPLATE.replace("Resources:\n", "Description: audit\nResources:\n"),
    );
    let out = palisade(
        &["scan", "--baseline", "palisade-baseline.json", "."],
        &root,
    );
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    assert_eq!(
        stdout(&out),
        "No findings in 2 files, 4 resources; 4 in the baseline not shown\n"
    );
    // Rewriting the baseline after the shift changes nothing.
    let out = palisade(&["baseline", "write", "again.json"], &root);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        std::fs::read_to_string(root.join("again.json")).unwrap(),
        written
    );

    // A new insecure resource: exactly that finding.
    let added = format!(
        "{shifted}\nresource \"aws_ebs_volume\" \"cache\" {{\n  availability_zone = local.zone\n  encrypted         = false\n}}\n"
    );
    write(&root, "infra/main.tf", &added);
    let out = palisade(
        &[
            "scan",
            "--format",
            "json",
            "--baseline",
            "palisade-baseline.json",
            ".",
        ],
        &root,
    );
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(findings(&out), ["AWS-EBS-001 infra/main.tf:23:23"]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["summary"]["findings"], 1);
    assert_eq!(json["summary"]["baselined"], 4);
    let out = palisade(
        &["scan", "--baseline", "palisade-baseline.json", "."],
        &root,
    );
    assert!(
        stdout(&out).ends_with(
            "1 finding (0 critical, 1 high, 0 medium, 0 low) in 2 files, 5 resources; 4 in the baseline not shown\n"
        ),
        "{}",
        stdout(&out)
    );

    // A second copy of an existing finding is new as well: baselines count.
    let copied = format!(
        "{shifted}\nresource \"aws_ebs_volume\" \"data\" {{\n  availability_zone = \"eu-west-1a\"\n  size              = 10\n}}\n"
    );
    write(&root, "infra/main.tf", &copied);
    let out = palisade(
        &[
            "scan",
            "--format",
            "json",
            "--baseline",
            "palisade-baseline.json",
            ".",
        ],
        &root,
    );
    assert_eq!(findings(&out), ["AWS-EBS-001 infra/main.tf:21:1"]);
}

#[test]
fn a_baseline_works_from_any_directory_and_from_the_config() {
    let (_d, root) = tree();
    write(&root, "infra/main.tf", MAIN_TF);
    // Written from a subdirectory, to a file elsewhere.
    std::fs::create_dir(root.join("ci")).unwrap();
    let out = palisade(
        &["baseline", "write", "../ci/baseline.json", "."],
        &root.join("infra"),
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let doc: serde_json::Value =
        serde_json::from_slice(&std::fs::read(root.join("ci/baseline.json")).unwrap()).unwrap();
    assert_eq!(doc["findings"][0]["path"], "../infra/main.tf");

    // Used from the root, through the configuration (relative to it).
    write(&root, ".palisade.yml", "baseline: ci/baseline.json\n");
    let out = palisade(&["scan", "."], &root);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    assert_eq!(
        stdout(&out),
        "No findings in 1 file, 3 resources; 3 in the baseline not shown\n"
    );
    let out = palisade(&["scan", "main.tf"], &root.join("infra"));
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    // `--no-config` drops it; `--baseline` names another one.
    let out = palisade(&["scan", "--no-config", "--format", "json", "."], &root);
    assert_eq!(out.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        json["summary"].get("baselined"),
        None,
        "no baseline, no key"
    );
    write(&root, "empty.json", "{\"version\": 1, \"findings\": []}\n");
    let out = palisade(&["scan", "--baseline", "empty.json", "."], &root);
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn missing_or_corrupt_baselines_exit_2() {
    let (_d, root) = tree();
    write(&root, "main.tf", MAIN_TF);
    let out = palisade(&["scan", "--baseline", "nope.json", "."], &root);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out),
        "error: cannot read baseline nope.json: No such file or directory (os error 2)\n"
    );
    assert!(out.stdout.is_empty());

    write(&root, "b.json", "{\"version\": 1, \"findings\": [\n");
    let out = palisade(&["scan", "--baseline", "b.json", "."], &root);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out),
        "error: b.json is not a valid Palisade baseline: EOF while parsing a list at line 2 column 0\n"
    );

    write(&root, "b.json", "{\"version\": 1, \"findings\": [{\"rule_id\": \"AWS-EBS-001\", \"path\": \"main.tf\", \"resource\": \"aws_ebs_volume.data\", \"fingerprint\": \"12:x\", \"message\": \"m\"}]}\n");
    let out = palisade(&["scan", "--baseline", "b.json", "."], &root);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out),
        "error: b.json is not a valid Palisade baseline: finding 1: invalid fingerprint `12:x` (expected HASH:OCCURRENCE)\n"
    );

    // From the configuration: the path is resolved against its directory.
    write(&root, ".palisade.yml", "baseline: missing.json\n");
    let out = palisade(&["scan", "."], &root);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out),
        format!(
            "error: cannot read baseline {}: No such file or directory (os error 2)\n",
            root.join("missing.json").display()
        )
    );
}

#[test]
fn writing_a_baseline_honours_the_configuration() {
    let (_d, root) = tree();
    write(&root, "main.tf", MAIN_TF);
    write(&root, ".palisade.yml", "rules:\n  disable: [AWS-EBS-001]\n");
    let out = palisade(&["baseline", "write", "b.json"], &root);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(stdout(&out), "wrote 1 finding to b.json\n");
    // A file that cannot be scanned: the baseline is written, the exit code is 2.
    write(&root, "broken.tf", "resource \"aws_s3_bucket\" \"b\" {\n");
    let out = palisade(&["baseline", "write", "b.json"], &root);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).starts_with("error: broken.tf: "),
        "{}",
        stderr(&out)
    );
    assert_eq!(stdout(&out), "wrote 1 finding to b.json\n");
}
