//! Custom policies: the examples and the copied Checkov policies pass their
//! own tests; findings behave like built-in ones (selection, severity,
//! suppressions); loading errors name the file, line and column.

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::sync::Arc;

use palisade::finding::Severity;
use palisade::policy::test_cmd::run_tests;
use palisade::policy::Policies;
use palisade::rules::RuleSelection;
use palisade::scan::{scan, ScanOptions};

#[test]
fn examples_and_checkov_policies_pass_their_tests() {
    let outcomes = run_tests(&[
        PathBuf::from("examples/policies"),
        PathBuf::from("testdata/policies/checkov"),
    ])
    .unwrap();
    let ids: BTreeSet<&str> = outcomes.iter().map(|o| o.id.as_str()).collect();
    assert_eq!(
        ids,
        BTreeSet::from([
            "CKV2_AWS_11",
            "CKV2_AWS_41",
            "CKV_AWS_21",
            "ORG_AWS_1",
            "ORG_AWS_2",
            "ORG_AWS_3"
        ])
    );
    for o in &outcomes {
        assert!(o.tests.is_some(), "{} has no tests", o.id);
        assert!(o.problems.is_empty(), "{}: {:#?}", o.id, o.problems);
    }
}

fn findings(opts: &ScanOptions) -> Vec<(String, String, u32, u32, Severity)> {
    let result = scan(opts);
    assert!(result.errors.is_empty(), "{:?}", result.errors);
    result
        .findings
        .iter()
        .map(|f| {
            let file = result.sources.get(f.range.file);
            let lc = file.line_col(f.range.span.start);
            (
                f.rule.id.clone(),
                file.path
                    .file_name()
                    .unwrap()
                    .to_string_lossy()
                    .into_owned(),
                lc.line,
                lc.col,
                f.severity,
            )
        })
        .collect()
}

fn opts(dir: &str, policy: &str) -> ScanOptions {
    let policies = Policies::load(&[PathBuf::from(policy)]).unwrap();
    ScanOptions {
        paths: vec![PathBuf::from(dir)],
        policies: Some(Arc::new(policies)),
        rules: RuleSelection {
            only: Some(BTreeSet::from(["ORG_AWS_2".to_string()])),
            ..Default::default()
        },
        ..Default::default()
    }
}

#[test]
fn custom_findings_point_at_the_value_and_take_overrides() {
    let mut o = opts(
        "examples/policies/s3_versioning",
        "examples/policies/s3_versioning.yaml",
    );
    let m = Severity::Medium;
    assert_eq!(
        findings(&o),
        vec![
            ("ORG_AWS_2".into(), "main.tf".into(), 11, 15, m),
            ("ORG_AWS_2".into(), "main.tf".into(), 15, 1, m),
            ("ORG_AWS_2".into(), "template.yaml".into(), 12, 17, m),
            ("ORG_AWS_2".into(), "template.yaml".into(), 13, 3, m),
        ]
    );
    o.rules
        .severity
        .insert("ORG_AWS_2".into(), Severity::Critical);
    assert!(findings(&o).iter().all(|f| f.4 == Severity::Critical));
    o.rules.disabled.insert("ORG_AWS_2".into());
    assert!(findings(&o).is_empty());
}

#[test]
fn checkov_skip_comments_suppress_custom_findings() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("main.tf"),
        "resource \"aws_s3_bucket\" \"a\" {\n  #checkov:skip=ORG_AWS_2:archived data\n  bucket = \"a\"\n}\n\n# palisade:ignore:ORG_AWS_2 archived too\nresource \"aws_s3_bucket\" \"b\" {\n  bucket = \"b\"\n}\n",
    )
    .unwrap();
    let o = opts(
        dir.path().to_str().unwrap(),
        "examples/policies/s3_versioning.yaml",
    );
    let result = scan(&o);
    assert!(result.findings.is_empty(), "{:?}", result.findings);
    assert_eq!(result.suppressed.len(), 2);
}

#[test]
fn loading_errors_name_file_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.yaml");
    std::fs::write(
        &bad,
        "metadata:\n  id: X_1\ndefinition:\n  cond_type: attribute\n  resource_types: [aws_s3_bucket]\n  attribute: acl\n  operator: jsonpath_equals\n  value: x\n",
    )
    .unwrap();
    let errors = Policies::load(std::slice::from_ref(&bad)).unwrap_err();
    assert_eq!(errors.len(), 1);
    assert_eq!((errors[0].line, errors[0].col), (7, 13));
    assert!(errors[0].message.contains("jsonpath_equals"));
    let rego = dir.path().join("bad.rego");
    std::fs::write(
        &rego,
        "# METADATA\n# custom:\n#   id: X_2\npackage x\n\ndeny contains msg if {\n  msg := \n}\n",
    )
    .unwrap();
    let errors = Policies::load(std::slice::from_ref(&rego)).unwrap_err();
    assert_eq!(errors[0].path, rego);
    assert!(errors[0].line >= 7, "{}", errors[0]);
    // A YAML file named explicitly must be a policy.
    let other = dir.path().join("other.yaml");
    std::fs::write(&other, "a: 1\n").unwrap();
    assert!(Policies::load(std::slice::from_ref(&other)).is_err());
}

#[test]
fn cli_exit_codes() {
    let code = palisade::cli::run([
        "palisade",
        "scan",
        "examples/policies/owner_tag",
        "--policy",
        "examples/policies/owner_tag.yaml",
        "--no-config",
        "-q",
        "-o",
        "/dev/null",
    ]);
    assert_eq!(code, 1);
    let code = palisade::cli::run([
        "palisade",
        "scan",
        "examples/policies/owner_tag",
        "--policy",
        "examples/policies/missing.yaml",
        "--no-config",
    ]);
    assert_eq!(code, 2);
    let code = palisade::cli::run(["palisade", "policy", "test", "examples/policies"]);
    assert_eq!(code, 0);
}
