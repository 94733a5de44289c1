//! The CI-gate formats on real scans: JUnit, GitHub Actions, Checkstyle and
//! Markdown on the demo; SARIF against the official schema; several reports
//! in one run; exit codes of --severity, --soft-fail and --quiet.

mod common;

use std::path::Path;
use std::process::{Command, Output};
use std::sync::{Arc, Mutex};

use clap::ValueEnum;
use common::{palisade, repo, write};
use palisade::finding::ScanResult;
use palisade::report::{render, Format, RenderOptions};
use palisade::scan::{scan, Progress, ProgressHook, ScanOptions};

fn scan_paths(paths: &[&Path]) -> ScanResult {
    scan(&ScanOptions {
        paths: paths.iter().map(|p| p.to_path_buf()).collect(),
        ..Default::default()
    })
}

/// The demo, scanned from the repository root (paths are relative to it).
fn demo() -> ScanResult {
    scan_paths(&[Path::new("testdata/demo")])
}

fn stdout(out: &Output) -> String {
    String::from_utf8(out.stdout.clone()).unwrap()
}

const TF: &str = "testdata/demo/terraform/main.tf";
const CFN: &str = "testdata/demo/cloudformation/template.yaml";

#[test]
fn github_annotations_for_the_demo() {
    let out = render(Format::Github, &demo(), &RenderOptions::default());
    let expected = [
        format!("::warning file={CFN},line=18,col=32,endLine=18,endColumn=37,title=AWS-CT-001 cloudtrail-log-validation-disabled::trail `Trail` disables log file validation"),
        format!("::notice file={CFN},line=19,col=3,endLine=19,endColumn=11,title=AWS-RDS-005 rds-iam-auth-disabled::DB instance `Database` does not enable IAM database authentication"),
        format!("::error file={CFN},line=28,col=44,endLine=28,endColumn=49,title=AWS-RDS-001 rds-storage-unencrypted::DB instance `Database` sets storage encryption to false"),
        format!("::error file={CFN},line=30,col=3,endLine=30,endColumn=14,title=AWS-EFS-001 efs-unencrypted::EFS file system `SharedFiles` does not enable encryption at rest"),
        format!("::warning file={TF},line=8,col=1,endLine=8,endColumn=26,title=AWS-VPC-003 vpc-flow-logs-disabled::VPC aws_vpc.main has no flow log in this module or template"),
        format!("::notice file={TF},line=21,col=20,endLine=21,endColumn=31,title=AWS-VPC-002 sg-public-ingress::aws_security_group.web allows ingress from 0.0.0.0/0 (tcp port 443)"),
        format!("::error file={TF},line=29,col=20,endLine=29,endColumn=31,title=AWS-VPC-002 sg-public-ingress::aws_security_group.web allows ingress from 0.0.0.0/0 (tcp port 22)"),
        format!("::error file={TF},line=29,col=33,endLine=29,endColumn=39,title=AWS-VPC-002 sg-public-ingress::aws_security_group.web allows ingress from ::/0 (tcp port 22)"),
        format!("::warning file={TF},line=33,col=1,endLine=33,endColumn=34,title=AWS-S3-002 s3-public-access-block::aws_s3_bucket.assets has no public access block"),
        format!("::warning file={TF},line=33,col=1,endLine=33,endColumn=34,title=AWS-S3-004 s3-bucket-tls-not-enforced::S3 bucket aws_s3_bucket.assets has no bucket policy, so requests over plain HTTP are allowed"),
        format!("::notice file={TF},line=33,col=1,endLine=33,endColumn=34,title=AWS-S3-005 s3-bucket-access-logging-disabled::S3 bucket aws_s3_bucket.assets does not enable server access logging"),
        format!("::notice file={TF},line=33,col=1,endLine=33,endColumn=34,title=AWS-S3-006 s3-bucket-versioning-disabled::S3 bucket aws_s3_bucket.assets does not enable versioning"),
        format!("::error file={TF},line=39,col=12,endLine=39,endColumn=25,title=AWS-S3-001 s3-bucket-public-acl::aws_s3_bucket_acl.assets uses the public canned ACL `public-read`"),
        format!("::error file={TF},line=45,col=23,endLine=45,endColumn=39,title=AWS-EBS-001 ebs-volume-unencrypted::EBS volume aws_ebs_volume.data sets encryption to false, the default of variable `encrypt_data`"),
        format!("::error file={TF},line=54,col=18,endLine=54,endColumn=21,title=AWS-IAM-001 iam-policy-wildcard-action::aws_iam_policy.deployer allows full administrator access (`*` on `*`)"),
    ];
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines, expected);
    assert!(out.ends_with('\n'));
}

#[test]
fn github_annotations_for_file_errors_escape_properties() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "a,b:c/main.tf",
        "resource \"aws_s3_bucket\" \"b\" {\n  bucket = \"x\"\n",
    );
    let out = palisade(&["scan", "--format", "github", "."], dir.path());
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stdout(&out),
        "::error file=a%2Cb%3Ac/main.tf,line=3,col=1,endLine=3,endColumn=1,title=palisade parse-error::missing closing \"}\" for block \"resource\" opened on line 1\n"
    );
}

#[test]
fn junit_for_the_demo() {
    let out = render(Format::Junit, &demo(), &RenderOptions::default());
    let doc = roxmltree::Document::parse(&out).expect("well-formed XML");
    let root = doc.root_element();
    let rules = palisade::rules::all();
    // 15 findings of 13 rules, each on one resource (three on the web
    // security group); each other rule passes with one case.
    let failing_rules = 13;
    assert_eq!(root.attribute("failures"), Some("13"));
    assert_eq!(root.attribute("errors"), Some("0"));
    assert_eq!(root.attribute("skipped"), Some("0"));
    assert_eq!(
        root.attribute("tests"),
        Some((13 + rules.len() - failing_rules).to_string().as_str())
    );
    let suites: Vec<_> = root.children().filter(|n| n.is_element()).collect();
    assert_eq!(suites.len(), rules.len());

    let sg = suites
        .iter()
        .find(|s| s.attribute("name") == Some("AWS-VPC-002 sg-public-ingress"))
        .unwrap();
    assert_eq!(sg.attribute("tests"), Some("1"));
    assert_eq!(sg.attribute("failures"), Some("1"));
    let case = sg.first_element_child().unwrap();
    assert_eq!(
        case.attribute("name"),
        Some(format!("aws_security_group.web ({TF})").as_str())
    );
    assert_eq!(case.attribute("classname"), Some("AWS-VPC-002"));
    assert_eq!(case.attribute("file"), Some(TF));
    assert_eq!(case.attribute("line"), Some("21"));
    let failure = case.first_element_child().unwrap();
    assert_eq!(failure.tag_name().name(), "failure");
    assert_eq!(failure.attribute("type"), Some("critical"));
    assert_eq!(
        failure.attribute("message"),
        Some(
            "aws_security_group.web allows ingress from 0.0.0.0/0 (tcp port 443); \
             aws_security_group.web allows ingress from 0.0.0.0/0 (tcp port 22); \
             aws_security_group.web allows ingress from ::/0 (tcp port 22)"
        )
    );
    let body = failure.text().unwrap();
    let lines: Vec<&str> = body.lines().collect();
    assert_eq!(
        lines[..3],
        [
            format!("[low] {TF}:21:20: aws_security_group.web allows ingress from 0.0.0.0/0 (tcp port 443)"),
            format!("[critical] {TF}:29:20: aws_security_group.web allows ingress from 0.0.0.0/0 (tcp port 22)"),
            format!("[critical] {TF}:29:33: aws_security_group.web allows ingress from ::/0 (tcp port 22)"),
        ]
    );
    assert_eq!(
        lines[4],
        "see: https://github.com/palisade-iac/palisade/blob/main/rules/vpc/sg-public-ingress.md"
    );

    let rds = suites
        .iter()
        .find(|s| s.attribute("name") == Some("AWS-RDS-001 rds-storage-unencrypted"))
        .unwrap();
    let failure = rds
        .first_element_child()
        .unwrap()
        .first_element_child()
        .unwrap();
    assert_eq!(failure.attribute("type"), Some("high"));
    assert!(failure.text().unwrap().starts_with(&format!(
        "[high] {CFN}:28:44: DB instance `Database` sets storage encryption to false\n\
         help: "
    )));

    let passing = suites
        .iter()
        .find(|s| s.attribute("name") == Some("AWS-S3-003 s3-bucket-policy-public"))
        .unwrap();
    assert_eq!(passing.attribute("tests"), Some("1"));
    assert_eq!(passing.attribute("failures"), Some("0"));
    let case = passing.first_element_child().unwrap();
    assert_eq!(case.attribute("name"), Some("no findings"));
    assert_eq!(case.children().filter(|n| n.is_element()).count(), 0);
}

#[test]
fn junit_marks_suppressed_resources_skipped() {
    let result = scan_paths(&[Path::new("testdata/suppress/cfn-comments")]);
    let out = render(Format::Junit, &result, &RenderOptions::default());
    let doc = roxmltree::Document::parse(&out).unwrap();
    let skipped: Vec<(String, String)> = doc
        .descendants()
        .filter(|n| n.has_tag_name("skipped"))
        .map(|n| {
            let case = n.parent().unwrap();
            (
                case.attribute("name").unwrap().to_string(),
                n.attribute("message").unwrap().to_string(),
            )
        })
        .collect();
    let file = "testdata/suppress/cfn-comments/template.yaml";
    assert_eq!(
        skipped,
        [
            (
                format!("Scratch ({file})"),
                "suppressed: scratch volume, wiped nightly".to_string()
            ),
            // `# trivy:ignore:AVD-AWS-0026` carries no reason.
            (
                format!("Data ({file})"),
                "suppressed: no reason given".to_string()
            ),
        ]
    );
}

#[test]
fn checkstyle_for_the_demo() {
    let out = render(Format::Checkstyle, &demo(), &RenderOptions::default());
    let doc = roxmltree::Document::parse(&out).expect("well-formed XML");
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "checkstyle");
    assert_eq!(root.attribute("version"), Some("4.3"));
    let files: Vec<_> = root.children().filter(|n| n.is_element()).collect();
    let names: Vec<&str> = files.iter().map(|f| f.attribute("name").unwrap()).collect();
    assert_eq!(names, [CFN, TF]);
    let errors: Vec<(&str, &str, &str, &str)> = files[1]
        .children()
        .filter(|n| n.is_element())
        .map(|e| {
            (
                e.attribute("line").unwrap(),
                e.attribute("column").unwrap(),
                e.attribute("severity").unwrap(),
                e.attribute("source").unwrap(),
            )
        })
        .collect();
    assert_eq!(
        errors,
        [
            ("8", "1", "warning", "palisade.AWS-VPC-003"),
            ("21", "20", "info", "palisade.AWS-VPC-002"),
            ("29", "20", "error", "palisade.AWS-VPC-002"),
            ("29", "33", "error", "palisade.AWS-VPC-002"),
            ("33", "1", "warning", "palisade.AWS-S3-002"),
            ("33", "1", "warning", "palisade.AWS-S3-004"),
            ("33", "1", "info", "palisade.AWS-S3-005"),
            ("33", "1", "info", "palisade.AWS-S3-006"),
            ("39", "12", "error", "palisade.AWS-S3-001"),
            ("45", "23", "error", "palisade.AWS-EBS-001"),
            ("54", "18", "error", "palisade.AWS-IAM-001"),
        ]
    );
    let last = files[1].last_element_child().unwrap();
    assert_eq!(
        last.attribute("message"),
        Some("[critical] aws_iam_policy.deployer allows full administrator access (`*` on `*`)")
    );
    assert_eq!(files[0].children().filter(|n| n.is_element()).count(), 4);
}

#[test]
fn markdown_for_the_demo() {
    let out = render(Format::Markdown, &demo(), &RenderOptions::default());
    let url = "https://github.com/palisade-iac/palisade/blob/main/rules";
    let expected = format!(
        "## Palisade: 15 findings\n\
         \n\
         Scanned 2 files, 9 resources.\n\
         \n\
         | Severity | Findings |\n\
         | --- | ---: |\n\
         | critical | 3 |\n\
         | high | 4 |\n\
         | medium | 4 |\n\
         | low | 4 |\n\
         \n\
         | Rule | Severity | Location | Message |\n\
         | --- | --- | --- | --- |\n\
         | [AWS-CT-001]({url}/cloudtrail/cloudtrail-log-validation-disabled.md) cloudtrail-log-validation-disabled | medium | `{CFN}:18:32` | trail \\`Trail\\` disables log file validation |\n\
         | [AWS-RDS-005]({url}/rds/rds-iam-auth-disabled.md) rds-iam-auth-disabled | low | `{CFN}:19:3` | DB instance \\`Database\\` does not enable IAM database authentication |\n\
         | [AWS-RDS-001]({url}/rds/rds-storage-unencrypted.md) rds-storage-unencrypted | high | `{CFN}:28:44` | DB instance \\`Database\\` sets storage encryption to false |\n\
         | [AWS-EFS-001]({url}/efs/efs-unencrypted.md) efs-unencrypted | high | `{CFN}:30:3` | EFS file system \\`SharedFiles\\` does not enable encryption at rest |\n\
         | [AWS-VPC-003]({url}/vpc/vpc-flow-logs-disabled.md) vpc-flow-logs-disabled | medium | `{TF}:8:1` | VPC aws\\_vpc.main has no flow log in this module or template |\n\
         | [AWS-VPC-002]({url}/vpc/sg-public-ingress.md) sg-public-ingress | low | `{TF}:21:20` | aws\\_security\\_group.web allows ingress from 0.0.0.0/0 (tcp port 443) |\n\
         | [AWS-VPC-002]({url}/vpc/sg-public-ingress.md) sg-public-ingress | critical | `{TF}:29:20` | aws\\_security\\_group.web allows ingress from 0.0.0.0/0 (tcp port 22) |\n\
         | [AWS-VPC-002]({url}/vpc/sg-public-ingress.md) sg-public-ingress | critical | `{TF}:29:33` | aws\\_security\\_group.web allows ingress from ::/0 (tcp port 22) |\n\
         | [AWS-S3-002]({url}/s3/s3-public-access-block.md) s3-public-access-block | medium | `{TF}:33:1` | aws\\_s3\\_bucket.assets has no public access block |\n\
         | [AWS-S3-004]({url}/s3/s3-bucket-tls-not-enforced.md) s3-bucket-tls-not-enforced | medium | `{TF}:33:1` | S3 bucket aws\\_s3\\_bucket.assets has no bucket policy, so requests over plain HTTP are allowed |\n\
         | [AWS-S3-005]({url}/s3/s3-bucket-access-logging-disabled.md) s3-bucket-access-logging-disabled | low | `{TF}:33:1` | S3 bucket aws\\_s3\\_bucket.assets does not enable server access logging |\n\
         | [AWS-S3-006]({url}/s3/s3-bucket-versioning-disabled.md) s3-bucket-versioning-disabled | low | `{TF}:33:1` | S3 bucket aws\\_s3\\_bucket.assets does not enable versioning |\n\
         | [AWS-S3-001]({url}/s3/s3-bucket-public-acl.md) s3-bucket-public-acl | high | `{TF}:39:12` | aws\\_s3\\_bucket\\_acl.assets uses the public canned ACL \\`public-read\\` |\n\
         | [AWS-EBS-001]({url}/ebs/ebs-volume-unencrypted.md) ebs-volume-unencrypted | high | `{TF}:45:23` | EBS volume aws\\_ebs\\_volume.data sets encryption to false, the default of variable \\`encrypt\\_data\\` |\n\
         | [AWS-IAM-001]({url}/iam/iam-policy-wildcard-action.md) iam-policy-wildcard-action | critical | `{TF}:54:18` | aws\\_iam\\_policy.deployer allows full administrator access (\\`\\*\\` on \\`\\*\\`) |\n"
    );
    // Then the findings by compliance control, in numeric order.
    let controls = "\n| AWS Foundational Security Best Practices control | Findings | Rules |\n\
         | --- | ---: | --- |\n\
         | CloudTrail.4 | 1 | AWS-CT-001 |\n\
         | EC2.3 | 1 | AWS-EBS-001 |\n\
         | EC2.6 | 1 | AWS-VPC-003 |\n\
         | EC2.13 | 3 | AWS-VPC-002 |\n";
    assert!(out.starts_with(&format!("{expected}{controls}")), "{out}");
    assert!(
        out.ends_with(
            "\n| CIS AWS Foundations Benchmark v3.0.0 control | Findings | Rules |\n\
         | --- | ---: | --- |\n\
         | 1.16 | 1 | AWS-IAM-001 |\n\
         | 2.1.1 | 1 | AWS-S3-004 |\n\
         | 2.1.4 | 1 | AWS-S3-002 |\n\
         | 2.3.1 | 1 | AWS-RDS-001 |\n\
         | 2.4.1 | 1 | AWS-EFS-001 |\n\
         | 3.2 | 1 | AWS-CT-001 |\n\
         | 3.7 | 1 | AWS-VPC-003 |\n\
         | 5.2 | 3 | AWS-VPC-002 |\n\
         | 5.3 | 3 | AWS-VPC-002 |\n"
        ),
        "{out}"
    );
}

#[test]
fn markdown_for_a_clean_scan() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "main.tf",
        "resource \"aws_ebs_volume\" \"v\" {\n  availability_zone = \"a\"\n  encrypted = true\n}\n",
    );
    let out = palisade(&["scan", "--format", "markdown", "."], dir.path());
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        stdout(&out),
        "## Palisade: no findings\n\nNo findings in 1 file, 1 resource.\n"
    );
}

/// The OASIS SARIF 2.1.0 schema (see testdata/sarif/README.md), formats
/// included.
fn sarif_validator() -> jsonschema::Validator {
    let schema: serde_json::Value = serde_json::from_slice(
        &std::fs::read(repo().join("testdata/sarif/sarif-schema-2.1.0.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(
        schema["id"],
        "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
    );
    jsonschema::options()
        .with_draft(jsonschema::Draft::Draft4)
        .should_validate_formats(true)
        .build(&schema)
        .expect("the schema compiles")
}

fn schema_errors(sarif: &serde_json::Value) -> Vec<String> {
    sarif_validator()
        .iter_errors(sarif)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect()
}

fn assert_valid_sarif(result: &ScanResult) -> serde_json::Value {
    let out = render(Format::Sarif, result, &RenderOptions::default());
    let sarif: serde_json::Value = serde_json::from_str(&out).unwrap();
    let errors = schema_errors(&sarif);
    assert!(errors.is_empty(), "{}", errors.join("\n"));
    sarif
}

#[test]
fn the_schema_check_catches_invalid_sarif() {
    let out = render(Format::Sarif, &demo(), &RenderOptions::default());
    let mut sarif: serde_json::Value = serde_json::from_str(&out).unwrap();
    sarif["runs"][0]["results"][0]["level"] = "severe".into();
    sarif["runs"][0]["results"][1]["locations"][0]["physicalLocation"]["region"]["startLine"] =
        0.into();
    sarif["runs"][0]["tool"]["driver"]["rules"][0]["helpUri"] = "not a uri".into();
    let errors = schema_errors(&sarif);
    assert_eq!(errors.len(), 3, "{errors:#?}");
    assert!(
        errors
            .iter()
            .any(|e| e.ends_with("at /runs/0/results/0/level")),
        "{errors:#?}"
    );
    assert!(
        errors
            .iter()
            .any(|e| e
                .ends_with("at /runs/0/results/1/locations/0/physicalLocation/region/startLine")),
        "{errors:#?}"
    );
    assert!(
        errors
            .iter()
            .any(|e| e.ends_with("at /runs/0/tool/driver/rules/0/helpUri")),
        "{errors:#?}"
    );
}

#[test]
fn sarif_is_valid_for_the_demo() {
    let sarif = assert_valid_sarif(&demo());
    let run = &sarif["runs"][0];
    assert_eq!(run["results"].as_array().unwrap().len(), 15);
    for rule in run["tool"]["driver"]["rules"].as_array().unwrap() {
        let meta = palisade::rules::find(rule["id"].as_str().unwrap()).unwrap();
        assert_eq!(rule["helpUri"], meta.doc_url());
        let expected = match meta.severity {
            palisade::finding::Severity::Critical => ("error", "9.5"),
            palisade::finding::Severity::High => ("error", "8.0"),
            palisade::finding::Severity::Medium => ("warning", "5.5"),
            palisade::finding::Severity::Low => ("note", "3.0"),
        };
        assert_eq!(rule["defaultConfiguration"]["level"], expected.0);
        assert_eq!(rule["properties"]["security-severity"], expected.1);
        assert_eq!(rule["properties"]["tags"][0], "security");
        // The full description is whole sentences, not the title again.
        let full = rule["fullDescription"]["text"].as_str().unwrap();
        assert_eq!(full, meta.description);
        assert!(
            full.ends_with('.') && full.starts_with(char::is_uppercase),
            "{full}"
        );
        assert_ne!(rule["shortDescription"]["text"].as_str(), Some(full));
    }
    // Each result's level follows its own severity (port 443 is low).
    let levels: Vec<&str> = run["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["level"].as_str().unwrap())
        .collect();
    assert_eq!(
        levels,
        [
            "warning", "note", "error", "error", "warning", "note", "error", "error", "warning",
            "warning", "note", "note", "error", "error", "error",
        ]
    );
}

#[test]
fn sarif_is_valid_with_file_errors() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "broken/main.tf",
        "resource \"aws_s3_bucket\" \"b\" {\n  bucket = \"x\"\n",
    );
    write(
        dir.path(),
        "bad.yaml",
        "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  B: [unclosed\n",
    );
    write(
        dir.path(),
        "ok/main.tf",
        "resource \"aws_efs_file_system\" \"fs\" {\n  encrypted = false\n}\n",
    );
    let missing = dir.path().join("missing.tf");
    let result = scan_paths(&[dir.path(), &missing]);
    assert_eq!(result.errors.len(), 3);
    let sarif = assert_valid_sarif(&result);
    let inv = &sarif["runs"][0]["invocations"][0];
    assert_eq!(inv["executionSuccessful"], false);
    assert_eq!(
        inv["toolExecutionNotifications"].as_array().unwrap().len(),
        3
    );
}

#[test]
fn sarif_is_valid_with_suppressed_findings() {
    let result = scan_paths(&[Path::new("testdata/suppress/cfn-comments")]);
    assert!(!result.suppressed.is_empty());
    let sarif = assert_valid_sarif(&result);
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    let suppressed: Vec<(u64, &str, &str)> = results
        .iter()
        .filter_map(|r| {
            let s = r.get("suppressions")?;
            Some((
                r["locations"][0]["physicalLocation"]["region"]["startLine"]
                    .as_u64()
                    .unwrap(),
                r["ruleId"].as_str().unwrap(),
                s[0]["justification"].as_str().unwrap_or("-"),
            ))
        })
        .collect();
    let expected: Vec<(u64, &str, &str)> = result
        .suppressed
        .iter()
        .map(|s| {
            let file = result.sources.get(s.finding.range.file);
            (
                u64::from(file.line_col(s.finding.range.span.start).line),
                s.finding.rule.id.as_str(),
                s.suppression.reason.as_deref().unwrap_or("-"),
            )
        })
        .collect();
    assert_eq!(suppressed, expected);
    assert!(
        suppressed.contains(&(4, "AWS-EBS-001", "scratch volume, wiped nightly")),
        "{suppressed:?}"
    );
    assert!(
        suppressed.contains(&(22, "AWS-VPC-002", "bastion until the VPN lands")),
        "{suppressed:?}"
    );
    for r in results {
        if let Some(s) = r.get("suppressions") {
            assert_eq!(s[0]["kind"], "inSource");
        }
    }
}

#[test]
fn fingerprints_survive_lines_inserted_above() {
    let dir = tempfile::tempdir().unwrap();
    let body = std::fs::read_to_string(repo().join(TF)).unwrap();
    write(dir.path(), "a/main.tf", &body);
    write(
        dir.path(),
        "b/main.tf",
        &format!("# Owned by the platform team.\n\nlocals {{\n  team = \"platform\"\n}}\n\n{body}"),
    );
    // Scanned from inside each directory, so both report `main.tf`.
    let inside = |sub: &str| -> Vec<(String, u64, String)> {
        let out = palisade(&["scan", "--format", "sarif", "."], &dir.path().join(sub));
        let sarif: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        sarif["runs"][0]["results"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| {
                (
                    r["ruleId"].as_str().unwrap().to_string(),
                    r["locations"][0]["physicalLocation"]["region"]["startLine"]
                        .as_u64()
                        .unwrap(),
                    r["partialFingerprints"]["palisade/v1"]
                        .as_str()
                        .unwrap()
                        .to_string(),
                )
            })
            .collect()
    };
    let before = inside("a");
    let after = inside("b");
    assert_eq!(before.len(), 11);
    assert_eq!(after.len(), 11);
    for (b, a) in before.iter().zip(&after) {
        assert_eq!(a.0, b.0);
        assert_eq!(a.1, b.1 + 6, "the finding moved down six lines");
        assert_eq!(a.2, b.2, "{} kept its fingerprint", b.0);
    }
    // The two findings on line 29 differ in their text, so their
    // fingerprints differ too.
    assert_ne!(before[5].2, before[6].2);
}

#[test]
fn several_formats_in_one_run() {
    let dir = tempfile::tempdir().unwrap();
    let sarif_file = dir.path().join("palisade.sarif");
    let junit_file = dir.path().join("junit.xml");
    let out = palisade(
        &[
            "scan",
            "--format",
            "sarif",
            "--output",
            sarif_file.to_str().unwrap(),
            "--format",
            "github",
            "-f",
            "junit",
            "-o",
            junit_file.to_str().unwrap(),
            "testdata/demo",
        ],
        repo(),
    );
    assert_eq!(out.status.code(), Some(1));
    // Standard output gets the GitHub annotations, exactly as alone.
    let alone = palisade(&["scan", "-f", "github", "testdata/demo"], repo());
    assert_eq!(stdout(&out), stdout(&alone));
    assert_eq!(stdout(&out).lines().count(), 15);
    let sarif: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&sarif_file).unwrap()).unwrap();
    assert_eq!(sarif["runs"][0]["results"].as_array().unwrap().len(), 15);
    let junit = std::fs::read_to_string(&junit_file).unwrap();
    let doc = roxmltree::Document::parse(&junit).unwrap();
    assert_eq!(doc.root_element().attribute("failures"), Some("13"));

    // The same as the library renders.
    let direct = render(Format::Sarif, &demo(), &RenderOptions::default());
    assert_eq!(std::fs::read_to_string(&sarif_file).unwrap(), direct);
}

#[test]
fn single_format_output_works_in_either_order() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("out.json");
    let f = file.to_str().unwrap();
    for args in [
        ["scan", "-f", "json", "-o", f, "testdata/demo"],
        ["scan", "-o", f, "-f", "json", "testdata/demo"],
    ] {
        std::fs::remove_file(&file).ok();
        let out = palisade(&args, repo());
        assert_eq!(out.status.code(), Some(1));
        assert!(out.stdout.is_empty());
        let json: serde_json::Value =
            serde_json::from_slice(&std::fs::read(&file).unwrap()).unwrap();
        assert_eq!(json["summary"]["findings"], 15);
    }
}

#[test]
fn two_reports_on_standard_output_is_a_usage_error() {
    let out = palisade(
        &["scan", "-f", "sarif", "-f", "text", "testdata/demo"],
        repo(),
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("only one report can go to standard output, but sarif and text would"),
        "{err}"
    );
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("x");
    let out = palisade(
        &[
            "scan",
            "-o",
            f.to_str().unwrap(),
            "-f",
            "sarif",
            "-f",
            "text",
            "testdata/demo",
        ],
        repo(),
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(!f.exists(), "nothing is written on a usage error");
}

/// A low (port 443) and a critical (port 22) finding.
fn low_and_critical(dir: &Path) {
    write(
        dir,
        "main.tf",
        "resource \"aws_security_group\" \"web\" {\n  ingress {\n    from_port   = 443\n    to_port     = 443\n    protocol    = \"tcp\"\n    cidr_blocks = [\"0.0.0.0/0\"]\n  }\n  ingress {\n    from_port   = 22\n    to_port     = 22\n    protocol    = \"tcp\"\n    cidr_blocks = [\"0.0.0.0/0\"]\n  }\n}\n",
    );
}

#[test]
fn severity_threshold_sets_the_exit_code_in_every_format() {
    let dir = tempfile::tempdir().unwrap();
    low_and_critical(dir.path());
    let dir = dir.path();
    for format in Format::value_variants().iter().map(|f| f.as_str()) {
        let code = |extra: &[&str]| {
            let mut args = vec!["scan", "--format", format, "."];
            args.extend_from_slice(extra);
            palisade(&args, dir).status.code()
        };
        assert_eq!(code(&[]), Some(1), "{format}");
        assert_eq!(code(&["--severity", "critical"]), Some(1), "{format}");
        assert_eq!(code(&["--soft-fail"]), Some(0), "{format}");
        assert_eq!(
            code(&["--severity", "critical", "--soft-fail"]),
            Some(0),
            "{format}"
        );
        assert_eq!(code(&["--quiet"]), Some(1), "{format}");
        assert_eq!(code(&["--quiet", "--soft-fail"]), Some(0), "{format}");
    }
    // Above every finding: clean.
    std::fs::write(
        dir.join("main.tf"),
        "resource \"aws_security_group\" \"web\" {\n  ingress {\n    from_port   = 443\n    to_port     = 443\n    protocol    = \"tcp\"\n    cidr_blocks = [\"0.0.0.0/0\"]\n  }\n}\n",
    )
    .unwrap();
    let out = palisade(
        &["scan", "--severity", "medium", "--format", "github", "."],
        dir,
    );
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(stdout(&out), "");
}

#[test]
fn soft_fail_still_exits_2_on_file_errors() {
    let dir = tempfile::tempdir().unwrap();
    low_and_critical(dir.path());
    write(dir.path(), "broken/main.tf", "resource \"x\" {\n");
    let out = palisade(
        &["scan", "--soft-fail", "--format", "github", "."],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(2));
    let text = stdout(&out);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 3, "{text}");
    assert_eq!(
        lines[2],
        "::error file=broken/main.tf,line=2,col=1,endLine=2,endColumn=1,title=palisade parse-error::missing closing \"}\" for block \"resource\" opened on line 1"
    );
}

#[test]
fn quiet_prints_nothing_for_a_clean_scan() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "main.tf",
        "resource \"aws_ebs_volume\" \"v\" {\n  availability_zone = \"a\"\n  encrypted = true\n}\n",
    );
    let out = palisade(&["scan", "--quiet", "."], dir.path());
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(stdout(&out), "");
    assert_eq!(String::from_utf8_lossy(&out.stderr), "");

    // Without --quiet: the summary (the elapsed time is shown on a terminal
    // only, so piped output stays the same from run to run).
    let out = palisade(&["scan", "."], dir.path());
    assert_eq!(stdout(&out), "No findings in 1 file, 1 resource\n");

    low_and_critical(dir.path());
    let out = palisade(&["scan", "-q", "."], dir.path());
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    assert_eq!(
        text.matches("AWS-VPC-002 sg-public-ingress").count(),
        2,
        "{text}"
    );
    assert!(!text.contains("2 findings"), "{text}");
}

#[test]
fn color_follows_no_color_and_clicolor_force() {
    let dir = tempfile::tempdir().unwrap();
    low_and_critical(dir.path());
    let run = |env: &[(&str, &str)]| {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_palisade"));
        cmd.args(["scan", "."])
            .current_dir(dir.path())
            .env_remove("NO_COLOR")
            .env_remove("CLICOLOR_FORCE");
        for (k, v) in env {
            cmd.env(k, v);
        }
        String::from_utf8(cmd.output().unwrap().stdout).unwrap()
    };
    // Standard output is a pipe here: no color unless forced.
    assert!(!run(&[]).contains('\u{1b}'));
    assert!(run(&[("CLICOLOR_FORCE", "1")]).contains('\u{1b}'));
    assert!(!run(&[("CLICOLOR_FORCE", "0")]).contains('\u{1b}'));
    assert!(!run(&[("CLICOLOR_FORCE", "1"), ("NO_COLOR", "1")]).contains('\u{1b}'));
}

#[test]
fn text_summary_counts_suppressed_findings() {
    let out = palisade(&["scan", "testdata/suppress/cfn-comments"], repo());
    let text = stdout(&out);
    let last = text.lines().last().unwrap();
    let result = scan_paths(&[Path::new("testdata/suppress/cfn-comments")]);
    assert_eq!(result.suppressed.len(), 4);
    assert_eq!(
        last,
        "3 findings (0 critical, 1 high, 0 medium, 2 low) in 1 file, 4 resources; 4 suppressed"
    );
}

#[test]
fn the_scan_reports_its_progress() {
    let events: Arc<Mutex<Vec<Progress>>> = Arc::default();
    let sink = Arc::clone(&events);
    let with_hook = scan(&ScanOptions {
        paths: vec!["testdata/demo".into()],
        progress: Some(ProgressHook(Arc::new(move |e| {
            sink.lock().unwrap().push(e)
        }))),
        ..Default::default()
    });
    let events = events.lock().unwrap();
    assert_eq!(
        *events,
        [
            Progress::Discovered { files: 2 },
            Progress::Parsed,
            Progress::Parsed
        ]
    );
    // The hook does not change the result.
    let plain = demo();
    assert_eq!(
        render(Format::Json, &with_hook, &RenderOptions::default()),
        render(Format::Json, &plain, &RenderOptions::default())
    );
}

#[test]
fn compact_prints_one_line_per_finding_and_error() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "main.tf",
        "resource \"aws_efs_file_system\" \"fs\" {\n  encrypted = false\n}\n\n\
         resource \"aws_ebs_volume\" \"v\" {\n  availability_zone = \"a\"\n}\n",
    );
    write(
        dir.path(),
        "broken/main.tf",
        "resource \"aws_s3_bucket\" \"b\" {\n",
    );
    let out = palisade(&["scan", "--format", "compact", "."], dir.path());
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stdout(&out),
        "main.tf:2:15: HIGH AWS-EFS-001 EFS file system aws_efs_file_system.fs sets encryption to false\n\
         main.tf:5:1: HIGH AWS-EBS-001 EBS volume aws_ebs_volume.v does not enable encryption\n\
         broken/main.tf:2:1: ERROR missing closing \"}\" for block \"resource\" opened on line 1\n\
         Found 2 findings (2 high) in 2 files; 1 file could not be scanned.\n"
    );
    std::fs::remove_dir_all(dir.path().join("broken")).unwrap();
    let out = palisade(
        &["scan", "-f", "compact", "--severity", "critical", "."],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        stdout(&out),
        "No findings in 1 file; 2 below critical not shown.\n"
    );
    let out = palisade(
        &["scan", "-f", "compact", "-q", "--severity", "critical", "."],
        dir.path(),
    );
    assert_eq!((out.status.code(), stdout(&out)), (Some(0), String::new()));
}
