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
        "metadata:\n  id: X_1\ndefinition:\n  cond_type: attribute\n  resource_types: [aws_s3_bucket]\n  attribute: acl\n  operator: restrictable_except\n  value: x\n",
    )
    .unwrap();
    let errors = Policies::load(std::slice::from_ref(&bad)).unwrap_err();
    assert_eq!(errors.len(), 1);
    assert_eq!((errors[0].line, errors[0].col), (7, 13));
    assert!(errors[0].message.contains("restrictable_except"));
    // A JSONPath outside the supported subset points at the attribute.
    std::fs::write(
        &bad,
        "metadata:\n  id: X_1\ndefinition:\n  cond_type: attribute\n  resource_types: [aws_s3_bucket]\n  attribute: \"a[?(@.b =~ 'x')]\"\n  operator: jsonpath_equals\n  value: x\n",
    )
    .unwrap();
    let errors = Policies::load(std::slice::from_ref(&bad)).unwrap_err();
    assert_eq!((errors[0].line, errors[0].col), (6, 14));
    assert!(errors[0].message.contains("JSONPath"), "{}", errors[0]);
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

/// Scans `files` (name, text) with one Checkov policy `definition` (YAML,
/// indented under `definition:`) and returns the resources that fail it.
fn failing(definition: &str, files: &[(&str, &str)]) -> BTreeSet<String> {
    let dir = tempfile::tempdir().unwrap();
    let policy = dir.path().join("policy.yaml");
    std::fs::write(
        &policy,
        format!("metadata:\n  id: OPS_1\n  name: ops\ndefinition:\n{definition}"),
    )
    .unwrap();
    let src = dir.path().join("src");
    std::fs::create_dir(&src).unwrap();
    for (name, text) in files {
        std::fs::write(src.join(name), text).unwrap();
    }
    let policies = Policies::load(&[policy]).unwrap();
    let result = scan(&ScanOptions {
        paths: vec![src],
        policies: Some(Arc::new(policies)),
        rules: RuleSelection {
            only: Some(BTreeSet::from(["OPS_1".to_string()])),
            ..Default::default()
        },
        ..Default::default()
    });
    assert!(result.errors.is_empty(), "{:?}", result.errors);
    result.findings.iter().map(|f| f.resource.clone()).collect()
}

fn set(items: &[&str]) -> BTreeSet<String> {
    items.iter().map(|s| s.to_string()).collect()
}

fn attr(types: &str, attribute: &str, operator: &str, value: &str) -> String {
    format!(
        "  cond_type: attribute\n  resource_types: [{types}]\n  attribute: \"{attribute}\"\n  operator: {operator}\n  value: {value}\n"
    )
}

/// Checkov's `range_includes_solver` resources.
const RANGES: &str = r#"
resource "test" "pass1" { range = "*" }
resource "test" "pass2" { range = 3000 }
resource "test" "pass3" { range = "3000" }
resource "test" "pass4" { range = "3000-4000" }
resource "test" "pass5" { range = "2000-3000" }
resource "test" "pass6" { range = "2000-4000" }
resource "test" "pass7" { range = ["2100", "2000-4000", "3400"] }
resource "test" "fail1" { range = 2000 }
resource "test" "fail2" { range = "2000" }
resource "test" "fail3" { range = "1000-2000" }
resource "test" "fail4" { range = "4000-5000" }
resource "test" "fail5" {}
resource "test" "fail6" { range = "abc" }
resource "test" "fail7" { range = "abc-123" }
resource "test" "fail8" { range = "1000-5000-6000" }
resource "test" "fail9" { range = ["1000", "2000-2900"] }
resource "test" "unknown" { range = var.range }
variable "range" {}
"#;

#[test]
fn range_includes_like_checkov() {
    let all: Vec<String> = (1..=7)
        .map(|i| format!("test.pass{i}"))
        .chain((1..=9).map(|i| format!("test.fail{i}")))
        .collect();
    let fails: BTreeSet<String> = (1..=9).map(|i| format!("test.fail{i}")).collect();
    let passes: BTreeSet<String> = (1..=7).map(|i| format!("test.pass{i}")).collect();
    let complement = |s: &BTreeSet<String>| -> BTreeSet<String> {
        all.iter().filter(|a| !s.contains(*a)).cloned().collect()
    };
    for value in ["3000", "\"3000\"", "[200, 3000, 400, \"500\"]"] {
        for prefix in ["", "jsonpath_"] {
            let op = format!("{prefix}range_includes");
            let got = failing(&attr("test", "range", &op, value), &[("main.tf", RANGES)]);
            assert_eq!(got, fails, "{op} {value}");
            let op = format!("{prefix}range_not_includes");
            let got = failing(&attr("test", "range", &op, value), &[("main.tf", RANGES)]);
            assert_eq!(got, passes, "{op} {value}");
        }
    }
    // A wanted range: `fail4` (4000-5000) overlaps 3000-4000.
    let mut want = fails.clone();
    want.remove("test.fail4");
    for prefix in ["", "jsonpath_"] {
        let op = format!("{prefix}range_includes");
        let def = attr("test", "range", &op, "[200, 3000-4000, \"400-500\"]");
        assert_eq!(failing(&def, &[("main.tf", RANGES)]), want, "{op}");
        let op = format!("{prefix}range_not_includes");
        let def = attr("test", "range", &op, "[200, 3000-4000, \"400-500\"]");
        assert_eq!(failing(&def, &[("main.tf", RANGES)]), complement(&want));
    }
}

/// Checkov's `cidr_range_subset_solver` resources, with IPv6 ones.
const CIDRS: &str = r#"
resource "test" "pass1" { cidr_value = "10.11.10.12/32" }
resource "test" "pass3" { cidr_value = "10.0.0.0/16" }
resource "test" "pass4" { cidr_value = "10.255.255.0/24" }
resource "test" "fail1" { cidr_value = "192.169.1.0/32" }
resource "test" "fail2" { cidr_value = "172.16.0.0/12" }
resource "test" "fail3" { cidr_value = "10.0.0.0/6" }
resource "test" "list" { cidr_value = ["10.0.0.0/16", "10.1.0.0/16"] }
resource "test" "mixed" { cidr_value = ["10.0.0.0/16", "0.0.0.0/0"] }
resource "test" "not_a_block" { cidr_value = "foo" }
resource "test" "unknown" { cidr_value = var.cidr }
resource "test" "ipv6_pass1" { ipv6_cidr_value = "fc00::/8" }
resource "test" "ipv6_pass2" { ipv6_cidr_value = ["fe80::1", "fd00::/16"] }
resource "test" "ipv6_fail1" { ipv6_cidr_value = "2001:db8::/32" }
resource "test" "ipv6_fail2" { ipv6_cidr_value = "::/0" }
variable "cidr" {}
"#;

#[test]
fn cidr_range_subset_like_checkov() {
    let fails = set(&[
        "test.fail1",
        "test.fail2",
        "test.fail3",
        "test.mixed",
        "test.ipv6_pass1",
        "test.ipv6_pass2",
        "test.ipv6_fail1",
        "test.ipv6_fail2",
    ]);
    for prefix in ["", "jsonpath_"] {
        let op = format!("{prefix}cidr_range_subset");
        let def = attr("test", "cidr_value", &op, "[\"10.0.0.0/8\"]");
        assert_eq!(failing(&def, &[("main.tf", CIDRS)]), fails, "{op}");
        let op = format!("{prefix}cidr_range_not_subset");
        let def = attr("test", "cidr_value", &op, "\"10.0.0.0/8\"");
        assert_eq!(
            failing(&def, &[("main.tf", CIDRS)]),
            set(&["test.pass1", "test.pass3", "test.pass4", "test.list"]),
            "{op}"
        );
        let op = format!("{prefix}cidr_range_subset");
        let def = attr(
            "test",
            "ipv6_cidr_value",
            &op,
            "[\"fc00::/7\", \"fe80::1\"]",
        );
        assert_eq!(
            failing(&def, &[("main.tf", CIDRS)]),
            set(&[
                "test.pass1",
                "test.pass3",
                "test.pass4",
                "test.fail1",
                "test.fail2",
                "test.fail3",
                "test.list",
                "test.mixed",
                "test.not_a_block",
                "test.unknown",
                "test.ipv6_fail1",
                "test.ipv6_fail2",
            ]),
            "{op}"
        );
    }
}

/// Checkov's `security_group_multiple_rules3` resources (abridged).
const SG_RULES: &str = r#"
resource "aws_security_group" "sg1" {
  egress {
    cidr_blocks = ["0.0.0.0/0", "25.0.9.19/92"]
    from_port   = "0"
    to_port     = "0"
  }
  ingress {
    from_port   = "22"
    to_port     = "22"
    cidr_blocks = ["0.0.0.0/0"]
  }
  ingress {
    from_port   = "443"
    to_port     = "443"
    cidr_blocks = ["0.0.0.0/0", "8.0.4.19/92"]
  }
}
resource "aws_security_group" "sg2" {
  egress {
    cidr_blocks = ["0.0.0.0/0", "8.0.4.19/92"]
    from_port   = "0"
    to_port     = "0"
  }
  ingress {
    from_port = "5432"
    to_port   = "1234"
  }
  ingress {
    from_port = "5432"
    to_port   = "5432"
  }
}
resource "aws_security_group" "sg3" {
  ingress {
    from_port   = 22
    to_port     = 22
    cidr_blocks = ["10.0.0.0/8"]
  }
}
resource "aws_security_group" "unknown" {
  ingress {
    from_port   = 22
    to_port     = var.port
    cidr_blocks = ["0.0.0.0/0"]
  }
}
variable "port" {}
"#;

/// Checkov's `azure_secure_rule` resources (abridged).
const AZURE_RULES: &str = r#"
resource "azurerm_resource_group" "example" {
  name = "example-resources"
}
resource "azurerm_network_security_group" "sg_fail" {
  name = "sg-fail"
  security_rule = [
    { name = "rule_we_care_about", source_address_prefixes = ["allowed_ip"] },
    { name = "rule_we_do not_care_about", source_address_prefixes = ["some_other_ip"] },
  ]
}
resource "azurerm_network_security_group" "sg_fail2" {
  name = "sg-fail"
  security_rule = [
    { name = "rule_we_care_about", source_address_prefixes = ["disallowed_ip"] },
    { name = "rule_we_do not_care_about2", source_address_prefixes = ["allowed_ip"] },
  ]
}
"#;

/// Like Checkov's `public_security_groups` resources.
const PUBLIC_SGS: &str = r#"
resource "aws_db_security_group" "aws_db_security_group_private" {
  ingress {
    cidr = "10.0.0.0/24"
  }
}
resource "aws_db_security_group" "aws_db_security_group_public" {
  ingress {
    cidr = "0.0.0.0/0"
  }
}
resource "aws_security_group" "aws_security_group_private" {
  ingress {
    from_port   = 443
    to_port     = 443
    cidr_blocks = ["10.0.0.0/24"]
  }
}
"#;

/// Checkov's `jsonpath_exists_solver/example.tf`.
const ARR: &str = r#"
resource "xyz" "pass" {
  arr {
    name  = "a"
    value = "a"
  }
  arr {
    name  = "b"
    value = "x"
  }
}
resource "xyz" "fail" {
  arr {
    name  = "b"
    value = "x"
  }
}
"#;

fn ssh_rules(op: &str, v22: &str, v443: &str) -> String {
    format!(
        "  and:\n    - cond_type: attribute\n      resource_types: [aws_security_group]\n      attribute: \"ingress[?(@.to_port == 22 & @.from_port == 22)].cidr_blocks[*]\"\n      operator: {op}\n{v22}    - cond_type: attribute\n      resource_types: [aws_security_group]\n      attribute: \"ingress[?(@.to_port == 443 & @.from_port == 443)].cidr_blocks[?(@ == '8.0.4.19/92')]\"\n      operator: {op}\n{v443}"
    )
}

#[test]
fn jsonpath_operators_like_checkov() {
    let sg = &[("main.tf", SG_RULES)];
    let v22 = "      value: 0.0.0.0/0\n";
    let v443 = "      value: 8.0.4.19/92\n";
    // sg1 passes; sg2 matches nothing; sg3's port-22 blocks are private;
    // `unknown` cannot be filtered.
    let equals = failing(&ssh_rules("jsonpath_equals", v22, v443), sg);
    assert_eq!(
        equals,
        set(&["aws_security_group.sg2", "aws_security_group.sg3"])
    );
    let not_equals = failing(&ssh_rules("jsonpath_not_equals", v22, v443), sg);
    assert_eq!(not_equals, set(&["aws_security_group.sg1"]));
    let exists = failing(&ssh_rules("jsonpath_exists", "", ""), sg);
    assert_eq!(
        exists,
        set(&["aws_security_group.sg2", "aws_security_group.sg3"])
    );
    let not_exists = failing(&ssh_rules("jsonpath_not_exists", "", ""), sg);
    assert_eq!(
        not_exists,
        set(&["aws_security_group.sg1", "aws_security_group.sg3"])
    );

    let az = &[("main.tf", AZURE_RULES)];
    let care = "security_rule[?(@.name == 'rule_we_care_about')].source_address_prefixes[*]";
    let types = "azurerm_network_security_group";
    let def = attr(types, care, "jsonpath_equals", "allowed_ip");
    assert_eq!(
        failing(&def, az),
        set(&["azurerm_network_security_group.sg_fail2"])
    );
    let def = attr(types, care, "jsonpath_not_equals", "allowed_ip");
    assert_eq!(
        failing(&def, az),
        set(&["azurerm_network_security_group.sg_fail"])
    );
    let other = "security_rule[?(@.name == 'rule_we_do not_care_about')].source_address_prefixes";
    let types = "azurerm_resource_group, azurerm_network_security_group";
    let exists = failing(&attr(types, other, "jsonpath_exists", "null"), az);
    assert_eq!(
        exists,
        set(&[
            "azurerm_network_security_group.sg_fail2",
            "azurerm_resource_group.example"
        ])
    );
    let not_exists = failing(&attr(types, other, "jsonpath_not_exists", "null"), az);
    assert_eq!(not_exists, set(&["azurerm_network_security_group.sg_fail"]));

    let sgs = &[("main.tf", PUBLIC_SGS)];
    let def = attr(
        "aws_db_security_group",
        "ingress.cidr",
        "jsonpath_equals",
        "10.0.0.0/24",
    );
    assert_eq!(
        failing(&def, sgs),
        set(&["aws_db_security_group.aws_db_security_group_public"])
    );
    let def = attr(
        "aws_db_security_group",
        "ingress.cidr",
        "jsonpath_not_equals",
        "10.0.0.0/24",
    );
    assert_eq!(
        failing(&def, sgs),
        set(&["aws_db_security_group.aws_db_security_group_private"])
    );
    let types = "aws_db_security_group, aws_security_group";
    let def = attr(types, "ingress.cidr_blocks", "jsonpath_exists", "null");
    assert_eq!(
        failing(&def, sgs),
        set(&[
            "aws_db_security_group.aws_db_security_group_private",
            "aws_db_security_group.aws_db_security_group_public"
        ])
    );
    let def = attr(types, "ingress.cidr_blocks", "jsonpath_not_exists", "null");
    assert_eq!(
        failing(&def, sgs),
        set(&["aws_security_group.aws_security_group_private"])
    );

    let arr = &[("main.tf", ARR)];
    let def = attr("xyz", "arr[?(@.name == 'a')]", "jsonpath_exists", "null");
    assert_eq!(failing(&def, arr), set(&["xyz.fail"]));
    let def = attr(
        "xyz",
        "arr[?(@.name == 'a')]",
        "jsonpath_not_exists",
        "null",
    );
    assert_eq!(failing(&def, arr), set(&["xyz.pass"]));
    // Recursive descent, and the other operators in their jsonpath_ form.
    let def = attr("xyz", "$..value", "jsonpath_within", "[a, x]");
    assert_eq!(failing(&def, arr), BTreeSet::new());
    let def = attr("xyz", "$..value", "jsonpath_equals", "x");
    assert_eq!(failing(&def, arr), set(&["xyz.pass"]));
    let def = attr("xyz", "arr[*].name", "jsonpath_length_equals", "1");
    assert_eq!(failing(&def, arr), BTreeSet::new());
}

const INSTANCES: &str = r#"
resource "aws_security_group" "good" {
  description = "ok"
}
resource "aws_security_group" "bad" {
  description = "open"
}
resource "aws_instance" "a" {
  vpc_security_group_ids = [aws_security_group.good.id, aws_security_group.bad.id]
  tags = { env = "prod" }
}
resource "aws_instance" "b" {
  vpc_security_group_ids = [aws_security_group.bad.id]
  tags = { env = "prod" }
}
resource "aws_instance" "c" {
  tags = { env = "dev" }
}
resource "aws_instance" "d" {
  tags = { env = var.env }
}
variable "env" {}
"#;

fn instance_sgs(op: &str, filter: &str) -> String {
    format!(
        "  and:\n    - cond_type: attribute\n      resource_types: [aws_security_group]\n      attribute: description\n      operator: equals\n      value: ok\n    - cond_type: connection\n      resource_types: [aws_instance]\n      connected_resource_types: [aws_security_group]\n      operator: {op}\n    - cond_type: filter\n      {filter}\n      operator: within\n"
    )
}

#[test]
fn one_exists_and_attribute_filters() {
    let files = &[("main.tf", INSTANCES)];
    let types = "attribute: resource_type\n      value: [aws_instance]";
    // `a` has one counting connection (to `good`) and one that does not
    // count (`bad` fails the attribute condition): `exists` fails it,
    // `one_exists` passes it.
    assert_eq!(
        failing(&instance_sgs("exists", types), files),
        set(&[
            "aws_instance.a",
            "aws_instance.b",
            "aws_instance.c",
            "aws_instance.d"
        ])
    );
    assert_eq!(
        failing(&instance_sgs("one_exists", types), files),
        set(&["aws_instance.b", "aws_instance.c", "aws_instance.d"])
    );
    // A filter on an attribute keeps the resources whose value is listed;
    // an unknown value is not kept.
    let env = "attribute: tags.env\n      value: [prod]";
    assert_eq!(
        failing(&instance_sgs("one_exists", env), files),
        set(&["aws_instance.b"])
    );
    let bad = "  cond_type: filter\n  attribute: tags.env\n  operator: equals\n  value: [prod]\n";
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("p.yaml");
    std::fs::write(&path, format!("metadata:\n  id: X_1\ndefinition:\n{bad}")).unwrap();
    let errors = Policies::load(std::slice::from_ref(&path)).unwrap_err();
    assert_eq!(errors[0].line, 4, "{}", errors[0]);
}

/// Checkov's `lengths` resources (abridged).
const LENGTHS: &str = r#"
resource "aws_security_group" "sg1" {
  ingress {
    description = "Access to Bastion Host Security Group"
    from_port   = "5432"
    to_port     = "8182"
  }
}
resource "aws_security_group" "sg2" {
  ingress {
    description = "Access to Bastion Host SG"
    from_port   = "5432"
    to_port     = "1234"
  }
}
resource "aws_security_group" "sg3" {}
resource "aws_security_group" "sg4" {
  ingress {
    description = var.description
  }
}
variable "description" {}
"#;

#[test]
fn number_of_words_like_checkov() {
    let files = &[("main.tf", LENGTHS)];
    let sg = |names: &[&str]| -> BTreeSet<String> {
        names
            .iter()
            .map(|n| format!("aws_security_group.{n}"))
            .collect()
    };
    for (op, fails) in [
        ("number_of_words_equals", sg(&["sg2", "sg3"])),
        ("number_of_words_not_equals", sg(&["sg1"])),
        ("number_of_words_greater_than", sg(&["sg1", "sg2", "sg3"])),
        ("number_of_words_greater_than_or_equal", sg(&["sg2", "sg3"])),
        ("number_of_words_less_than", sg(&["sg1", "sg3"])),
        ("number_of_words_less_than_or_equal", sg(&["sg3"])),
        ("jsonpath_number_of_words_equals", sg(&["sg2", "sg3"])),
    ] {
        let def = attr("aws_security_group", "ingress.description", op, "6");
        assert_eq!(failing(&def, files), fails, "{op}");
    }
}

#[test]
fn resource_allow_and_deny_lists() {
    let files = &[("main.tf", INSTANCES)];
    let allow = "  cond_type: resource\n  resource_types: [aws_instance]\n  operator: exists\n";
    assert_eq!(
        failing(allow, files),
        set(&["aws_security_group.bad", "aws_security_group.good"])
    );
    let deny =
        "  cond_type: resource\n  resource_types: [aws_security_group]\n  operator: not_exists\n";
    assert_eq!(
        failing(deny, files),
        set(&["aws_security_group.bad", "aws_security_group.good"])
    );
}

const IAM_POLICIES: &str = r#"
resource "aws_iam_policy" "passes_role" {
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [
      { Effect = "Allow", Action = ["s3:GetObject", "iam:PassRole"], Resource = "*" },
      { Effect = "Deny", Action = "s3:*", Resource = "*" },
    ]
  })
}
resource "aws_iam_policy" "reads" {
  policy = <<EOT
{"Version": "2012-10-17",
 "Statement": {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}}
EOT
}
resource "aws_iam_policy" "denies_only" {
  policy = jsonencode({
    Statement = [{ Effect = "Deny", Action = "iam:PassRole", Resource = "*" }]
  })
}
resource "aws_iam_policy" "unknown" {
  policy = var.policy
}
variable "policy" {}
"#;

#[test]
fn jsonpath_searches_policy_documents() {
    let files = &[("main.tf", IAM_POLICIES)];
    let def = attr(
        "aws_iam_policy",
        "policy.Statement[?(@.Effect == Allow)].Action[*]",
        "jsonpath_not_subset",
        "[iam:PassRole, \"s3:*\"]",
    );
    // `denies_only` matches nothing: not_subset of the missing attribute
    // holds, as in Checkov.
    assert_eq!(failing(&def, files), set(&["aws_iam_policy.passes_role"]));
}
