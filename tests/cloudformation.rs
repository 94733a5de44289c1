//! CloudFormation evaluation seen through whole scans: parameter values given
//! in `ScanOptions`, AWS SAM and CDK templates named in messages.

use std::path::PathBuf;

use palisade::eval::cfn_params::ParameterValues;
use palisade::scan::{scan, ScanOptions};

/// `line:col rule-id message` of every finding of a scan of `path`.
fn findings(path: &str, parameters: &[(&str, &str)]) -> Vec<String> {
    let result = scan(&ScanOptions {
        paths: vec![PathBuf::from(path)],
        parameters: parameters
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect::<ParameterValues>(),
        ..Default::default()
    });
    assert!(result.errors.is_empty(), "{:?}", result.errors);
    result
        .findings
        .iter()
        .map(|f| {
            let lc = result
                .sources
                .get(f.range.file)
                .line_col(f.range.span.start);
            let notes = if f.notes.is_empty() {
                String::new()
            } else {
                format!(" [{}]", f.notes.join("; "))
            };
            format!("{}:{} {} {}{notes}", lc.line, lc.col, f.rule.id, f.message)
        })
        .collect()
}

const SAM: &str = "testdata/rules/iam-policy-wildcard-action/sam.yaml";

#[test]
fn sam_inline_policies_are_reported_on_the_function_and_its_role() {
    assert_eq!(
        findings(SAM, &[]),
        [
            "33:23 AWS-IAM-001 `AdminFunction` (attached to `AdminFunctionRole`) allows full administrator access (`*` on `*`)",
            "44:22 AWS-IAM-001 `QueueFunction` (attached to `QueueFunctionRole`) allows every `sqs` action (`sqs:*`)",
            "96:23 AWS-IAM-001 `DevDebugFunction` (attached to `DevDebugFunctionRole`) allows every `lambda` action (`lambda:*`)",
            "108:15 AWS-IAM-001 `Workflow` (attached to `WorkflowRole`) allows every action except those listed under `NotAction`",
        ]
    );
}

#[test]
fn a_parameter_value_decides_which_conditional_resources_exist() {
    assert_eq!(
        findings(SAM, &[("Environment", "prod")]),
        [
            "33:23 AWS-IAM-001 `AdminFunction` (attached to `AdminFunctionRole`) allows full administrator access (`*` on `*`)",
            "44:22 AWS-IAM-001 `QueueFunction` (attached to `QueueFunctionRole`) allows every `sqs` action (`sqs:*`)",
            "84:23 AWS-IAM-001 `ProdDebugFunction` (attached to `ProdDebugFunctionRole`) allows full administrator access (`*` on `*`)",
            "108:15 AWS-IAM-001 `Workflow` (attached to `WorkflowRole`) allows every action except those listed under `NotAction`",
        ]
    );
}

#[test]
fn cdk_construct_paths_name_resources() {
    assert_eq!(
        findings("testdata/rules/s3-public-access-block/cdk.out", &[]),
        [
            "3:3 AWS-S3-002 `StorageStack/Uploads/Resource` (UploadsBucket5E5E9B64) has no public access block",
            "3:3 AWS-S3-004 S3 bucket `StorageStack/Uploads/Resource` (UploadsBucket5E5E9B64) has no bucket policy, so requests over plain HTTP are allowed",
            "3:3 AWS-S3-005 S3 bucket `StorageStack/Uploads/Resource` (UploadsBucket5E5E9B64) does not enable server access logging",
            "3:3 AWS-S3-006 S3 bucket `StorageStack/Uploads/Resource` (UploadsBucket5E5E9B64) does not enable versioning",
            "19:3 AWS-S3-004 S3 bucket `StorageStack/Archive/Resource` (ArchiveBucket0A3D4E2F) has no bucket policy, so requests over plain HTTP are allowed",
            "19:3 AWS-S3-005 S3 bucket `StorageStack/Archive/Resource` (ArchiveBucket0A3D4E2F) does not enable server access logging",
            "19:3 AWS-S3-006 S3 bucket `StorageStack/Archive/Resource` (ArchiveBucket0A3D4E2F) does not enable versioning",
            "41:18 AWS-IAM-001 `StorageStack/Worker/ServiceRole/DefaultPolicy/Resource` (WorkerServiceRoleDefaultPolicyA1B2C3D4) (attached to `StorageStack/Worker/ServiceRole/Resource (WorkerServiceRole5E6F7A8B)`) allows every `s3` action (`s3:*`)",
        ]
    );
}

#[test]
fn undecided_conditions_keep_both_branches_with_a_note() {
    let path = "testdata/rules/ebs-volume-unencrypted/intrinsics/resource_conditions.json";
    assert_eq!(
        findings(path, &[]),
        [
            "22:69 AWS-EBS-001 EBS volume `DevOnlyVolume` sets encryption to false",
            "27:69 AWS-EBS-001 EBS volume `BetaOnlyVolume` sets encryption to false [when condition `IsBeta` is true]",
        ]
    );
    // Given the missing value, the condition is decided.
    assert_eq!(
        findings(path, &[("Stage", "prod"), ("Environment", "prod")]),
        ["17:69 AWS-EBS-001 EBS volume `ProdOnlyVolume` sets encryption to false"]
    );
}

#[test]
fn for_each_makes_one_resource_per_item() {
    let path = "testdata/rules/s3-public-access-block/foreach/template.yaml";
    assert_eq!(
        findings(path, &[]),
        [
            "17:7 AWS-S3-002 `Bucketdatascience` has no public access block",
            "17:7 AWS-S3-002 `Bucketweb` has no public access block",
            "17:7 AWS-S3-004 S3 bucket `Bucketdatascience` has no bucket policy, so requests over plain HTTP are allowed",
            "17:7 AWS-S3-004 S3 bucket `Bucketweb` has no bucket policy, so requests over plain HTTP are allowed",
            "17:7 AWS-S3-005 S3 bucket `Bucketdatascience` does not enable server access logging",
            "17:7 AWS-S3-005 S3 bucket `Bucketweb` does not enable server access logging",
            "17:7 AWS-S3-006 S3 bucket `Bucketdatascience` does not enable versioning",
            "17:7 AWS-S3-006 S3 bucket `Bucketweb` does not enable versioning",
            "25:7 AWS-S3-004 S3 bucket `Archiveaudit` has no bucket policy, so requests over plain HTTP are allowed",
            "25:7 AWS-S3-004 S3 bucket `Archivelogs` has no bucket policy, so requests over plain HTTP are allowed",
            "25:7 AWS-S3-005 S3 bucket `Archiveaudit` does not enable server access logging",
            "25:7 AWS-S3-005 S3 bucket `Archivelogs` does not enable server access logging",
            "25:7 AWS-S3-006 S3 bucket `Archiveaudit` does not enable versioning",
            "25:7 AWS-S3-006 S3 bucket `Archivelogs` does not enable versioning",
            "33:36 AWS-S3-002 `Archiveaudit`: `restrict_public_buckets` is false",
            "33:36 AWS-S3-002 `Archivelogs`: `restrict_public_buckets` is false",
        ]
    );
    // The collection from a parameter value.
    assert_eq!(
        findings(path, &[("Teams", "ops"), ("Accounts", "111,222")]),
        [
            "17:7 AWS-S3-002 `Bucketops` has no public access block",
            "17:7 AWS-S3-004 S3 bucket `Bucketops` has no bucket policy, so requests over plain HTTP are allowed",
            "17:7 AWS-S3-005 S3 bucket `Bucketops` does not enable server access logging",
            "17:7 AWS-S3-006 S3 bucket `Bucketops` does not enable versioning",
            "25:7 AWS-S3-004 S3 bucket `Archiveaudit` has no bucket policy, so requests over plain HTTP are allowed",
            "25:7 AWS-S3-004 S3 bucket `Archivelogs` has no bucket policy, so requests over plain HTTP are allowed",
            "25:7 AWS-S3-005 S3 bucket `Archiveaudit` does not enable server access logging",
            "25:7 AWS-S3-005 S3 bucket `Archivelogs` does not enable server access logging",
            "25:7 AWS-S3-006 S3 bucket `Archiveaudit` does not enable versioning",
            "25:7 AWS-S3-006 S3 bucket `Archivelogs` does not enable versioning",
            "33:36 AWS-S3-002 `Archiveaudit`: `restrict_public_buckets` is false",
            "33:36 AWS-S3-002 `Archivelogs`: `restrict_public_buckets` is false",
            "39:7 AWS-S3-002 `Bucket111` has no public access block",
            "39:7 AWS-S3-002 `Bucket222` has no public access block",
            "39:7 AWS-S3-004 S3 bucket `Bucket111` has no bucket policy, so requests over plain HTTP are allowed",
            "39:7 AWS-S3-004 S3 bucket `Bucket222` has no bucket policy, so requests over plain HTTP are allowed",
            "39:7 AWS-S3-005 S3 bucket `Bucket111` does not enable server access logging",
            "39:7 AWS-S3-005 S3 bucket `Bucket222` does not enable server access logging",
            "39:7 AWS-S3-006 S3 bucket `Bucket111` does not enable versioning",
            "39:7 AWS-S3-006 S3 bucket `Bucket222` does not enable versioning",
        ]
    );
}

#[test]
fn each_template_of_a_multi_document_file_is_scanned_with_a_warning() {
    let result = scan(&ScanOptions {
        paths: vec![PathBuf::from("testdata/cloudformation/multi-document.yaml")],
        ..Default::default()
    });
    let file = result.sources.get(result.findings[0].range.file);
    let at = |r: palisade::source::Range| {
        let lc = file.line_col(r.span.start);
        format!("{}:{}", lc.line, lc.col)
    };
    let findings: Vec<String> = result
        .findings
        .iter()
        .map(|f| format!("{} {} {}", at(f.range), f.rule.id, f.message))
        .collect();
    assert_eq!(
        findings,
        [
            "10:18 AWS-EBS-001 EBS volume `First` sets encryption to false",
            "17:3 AWS-EBS-001 EBS volume `Second` does not enable encryption",
        ]
    );
    let errors: Vec<String> = result
        .errors
        .iter()
        .map(|e| {
            format!(
                "{} {} {}",
                e.level.as_str(),
                at(e.range.unwrap()),
                e.message
            )
        })
        .collect();
    assert_eq!(
        errors,
        ["warning 13:1 this file has 3 YAML documents; CloudFormation reads a template from one \
          document, so each document that is a template (2) is scanned as a template of its own"]
    );
}

/// A value from a parameter default or a mapping is reported where it is
/// used, names its origin (the line to change), and the message says when it
/// is a default; a value given for the parameter points at its declaration.
#[test]
fn values_written_elsewhere_name_their_origin() {
    const PATH: &str = "testdata/cloudformation/value-trails.yaml";
    let trails = |parameters: &[(&str, &str)]| {
        let result = scan(&ScanOptions {
            paths: vec![PathBuf::from(PATH)],
            parameters: parameters
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect::<ParameterValues>(),
            ..Default::default()
        });
        let at = |r: palisade::source::Range| {
            let lc = result.sources.get(r.file).line_col(r.span.start);
            format!("{}:{}", lc.line, lc.col)
        };
        result
            .findings
            .iter()
            .map(|f| {
                let trail: Vec<String> = f
                    .trail
                    .iter()
                    .map(|t| format!("{:?} {} {}", t.role, at(t.range), t.message))
                    .collect();
                format!(
                    "{} {}: {} | {}",
                    at(f.range),
                    f.rule.id,
                    f.message,
                    trail.join(" | ")
                )
            })
            .collect::<Vec<_>>()
    };
    assert_eq!(
        trails(&[]),
        [
            "25:19 AWS-VPC-002: `Sg` allows ingress from 0.0.0.0/0 (tcp port 22), the default of parameter `SSHLocation` | Origin 8:14 the default of parameter `SSHLocation` | Use 25:19 used by `Sg`",
            "31:18 AWS-EBS-001: EBS volume `Vol` sets encryption to false, the default of parameter `Encrypt` | Origin 11:14 the default of parameter `Encrypt` | Use 31:18 used by `Vol`",
            "37:18 AWS-EBS-001: EBS volume `Vol2` sets encryption to false | Origin 15:18 the value of `Encrypted` under `prod` in mapping `EnvMap` | Use 37:18 used by `Vol2`",
        ]
    );
    assert_eq!(
        trails(&[("Encrypt", "false"), ("SSHLocation", "10.0.0.0/8")])[0],
        "31:18 AWS-EBS-001: EBS volume `Vol` sets encryption to false | Origin 10:5 the value given to parameter `Encrypt` | Use 31:18 used by `Vol`",
    );
}
