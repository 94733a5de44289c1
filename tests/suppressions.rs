//! Suppressions end to end: each directory of `testdata/suppress/` is scanned
//! on its own (with "today" fixed at 2026-06-15) and its reported findings,
//! suppressed findings and suppression diagnostics are compared exactly.

use std::path::PathBuf;

use palisade::finding::ScanResult;
use palisade::scan::{scan, ScanOptions};
use palisade::source::Range;
use palisade::suppress::SuppressOptions;

const TODAY: (i32, u32, u32) = (2026, 6, 15);

fn run(dir: &str, suppress: SuppressOptions) -> ScanResult {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("testdata/suppress");
    std::env::set_current_dir(&root).unwrap();
    scan(&ScanOptions {
        paths: vec![PathBuf::from(dir)],
        suppress,
        ..Default::default()
    })
}

fn options() -> SuppressOptions {
    SuppressOptions {
        today: Some(TODAY),
        ..Default::default()
    }
}

fn at(result: &ScanResult, range: Range) -> String {
    let file = result.sources.get(range.file);
    let lc = file.line_col(range.span.start);
    format!("{}:{}:{}", file.path.display(), lc.line, lc.col)
}

/// `RULE path:line:col` for every reported finding (suppression diagnostics
/// included), in report order.
fn reported(result: &ScanResult) -> Vec<String> {
    result
        .findings
        .iter()
        .map(|f| format!("{} {}", f.rule.id, at(result, f.range)))
        .collect()
}

/// `RULE path:line:col <- kind@line:col` for every suppressed finding.
fn suppressed(result: &ScanResult) -> Vec<String> {
    result
        .suppressed
        .iter()
        .map(|s| {
            let by = at(result, s.suppression.range);
            let by = by.rsplitn(3, ':').collect::<Vec<_>>();
            format!(
                "{} {} <- {}@{}:{}",
                s.finding.rule.id,
                at(result, s.finding.range),
                s.suppression.kind,
                by[1],
                by[0]
            )
        })
        .collect()
}

fn messages(result: &ScanResult) -> Vec<String> {
    result
        .findings
        .iter()
        .filter(|f| f.rule.id.starts_with("PAL-"))
        .map(|f| format!("{} {}", f.rule.id, f.message))
        .collect()
}

#[test]
fn placement_in_terraform() {
    let r = run("tf-placement", options());
    assert_eq!(
        reported(&r),
        [
            // The port-80 ingress has no comment of its own.
            "AWS-VPC-002 tf-placement/main.tf:27:20",
            "AWS-S3-004 tf-placement/main.tf:31:1",
            "AWS-S3-005 tf-placement/main.tf:31:1",
            "AWS-S3-006 tf-placement/main.tf:31:1",
            // Only the ACL is suppressed at the end of its attribute line.
            "AWS-S3-002 tf-placement/main.tf:36:1",
            "AWS-S3-004 tf-placement/main.tf:36:1",
            "AWS-S3-005 tf-placement/main.tf:36:1",
            "AWS-S3-006 tf-placement/main.tf:36:1",
        ]
    );
    assert_eq!(
        suppressed(&r),
        [
            // On the line before the resource: the whole resource.
            "AWS-EBS-001 tf-placement/main.tf:2:1 <- palisade@1:1",
            // Before a nested block: that block only.
            "AWS-VPC-002 tf-placement/main.tf:14:20 <- palisade@9:3",
            // Before an attribute (`//` comment).
            "AWS-VPC-002 tf-placement/main.tf:21:20 <- palisade@20:5",
            // At the end of a block's first line: the block, two rules.
            "AWS-S3-002 tf-placement/main.tf:31:1 <- palisade@31:42",
            "AWS-S3-001 tf-placement/main.tf:33:12 <- palisade@31:42",
            // At the end of an attribute line; the rule name is case-insensitive.
            "AWS-S3-001 tf-placement/main.tf:38:12 <- palisade@38:26",
            // At the end of a list element's line.
            "AWS-VPC-002 tf-placement/main.tf:49:7 <- palisade@49:20",
            // A block comment, with another comment line before the resource.
            "AWS-VPC-003 tf-placement/main.tf:56:1 <- palisade@54:1",
        ]
    );
    assert!(messages(&r).is_empty());
    let reasons: Vec<_> = r
        .suppressed
        .iter()
        .map(|s| s.suppression.reason.as_deref().unwrap_or(""))
        .collect();
    assert_eq!(reasons[0], "scratch disk, wiped nightly");
    assert_eq!(reasons[3], "static website");
}

#[test]
fn other_scanners_comments() {
    let r = run("tf-foreign", options());
    assert_eq!(
        reported(&r),
        [
            // CKV_AWS_20 is the ACL check only; the public access block stays.
            "AWS-S3-004 tf-foreign/main.tf:8:1",
            "AWS-S3-005 tf-foreign/main.tf:8:1",
            "AWS-S3-006 tf-foreign/main.tf:8:1",
            "AWS-S3-002 tf-foreign/main.tf:13:1",
            "AWS-S3-004 tf-foreign/main.tf:13:1",
            "AWS-S3-005 tf-foreign/main.tf:13:1",
            "AWS-S3-006 tf-foreign/main.tf:13:1",
            "PAL-003 tf-foreign/main.tf:36:1",
            "AWS-VPC-002 tf-foreign/main.tf:43:20",
            // A tfsec id of an unrelated check suppresses nothing here, and
            // other scanners' comments are never reported as unused.
            "AWS-VPC-003 tf-foreign/main.tf:48:1",
        ]
    );
    assert_eq!(
        suppressed(&r),
        [
            "AWS-EBS-001 tf-foreign/main.tf:2:1 <- tfsec@1:1",
            "AWS-S3-002 tf-foreign/main.tf:8:1 <- trivy@7:1",
            "AWS-S3-001 tf-foreign/main.tf:10:12 <- trivy@7:1",
            "AWS-S3-001 tf-foreign/main.tf:16:12 <- checkov@14:3",
            "AWS-EBS-001 tf-foreign/main.tf:20:1 <- kics@19:1",
            "AWS-VPC-002 tf-foreign/main.tf:32:20 <- kics@27:3",
        ]
    );
    assert_eq!(
        messages(&r),
        ["PAL-003 tfsec suppression of aws-vpc-no-public-ingress-sgr expired on 2026-01-01: it is no longer applied"]
    );
}

#[test]
fn other_scanners_comments_can_be_ignored() {
    let r = run(
        "tf-foreign",
        SuppressOptions {
            foreign: false,
            ..options()
        },
    );
    assert!(r.suppressed.is_empty());
    assert_eq!(
        reported(&r),
        [
            "AWS-EBS-001 tf-foreign/main.tf:2:1",
            "AWS-S3-002 tf-foreign/main.tf:8:1",
            "AWS-S3-004 tf-foreign/main.tf:8:1",
            "AWS-S3-005 tf-foreign/main.tf:8:1",
            "AWS-S3-006 tf-foreign/main.tf:8:1",
            "AWS-S3-001 tf-foreign/main.tf:10:12",
            "AWS-S3-002 tf-foreign/main.tf:13:1",
            "AWS-S3-004 tf-foreign/main.tf:13:1",
            "AWS-S3-005 tf-foreign/main.tf:13:1",
            "AWS-S3-006 tf-foreign/main.tf:13:1",
            "AWS-S3-001 tf-foreign/main.tf:16:12",
            "AWS-EBS-001 tf-foreign/main.tf:20:1",
            "AWS-VPC-002 tf-foreign/main.tf:32:20",
            "AWS-VPC-002 tf-foreign/main.tf:43:20",
            "AWS-VPC-003 tf-foreign/main.tf:48:1",
        ]
    );
}

#[test]
fn expiry() {
    let r = run("tf-expiry", options());
    assert_eq!(
        reported(&r),
        [
            "PAL-003 tf-expiry/main.tf:1:1",
            "AWS-EBS-001 tf-expiry/main.tf:2:1",
            "PAL-002 tf-expiry/main.tf:19:1",
            "AWS-EBS-001 tf-expiry/main.tf:20:1",
        ]
    );
    // Not yet expired, and expiring today (the date is the last day).
    assert_eq!(
        suppressed(&r),
        [
            "AWS-EBS-001 tf-expiry/main.tf:8:1 <- palisade@7:1",
            "AWS-EBS-001 tf-expiry/main.tf:14:1 <- palisade@13:1",
        ]
    );
    assert_eq!(
        messages(&r),
        [
            "PAL-003 suppression of AWS-EBS-001 expired on 2026-01-31: it is no longer applied",
            "PAL-002 invalid expiry date `2026-02-30` (expected YYYY-MM-DD): the suppression is not applied",
        ]
    );
    assert_eq!(r.suppressed[0].suppression.expires, Some((2027, 1, 31)));
}

#[test]
fn reasons_are_required_by_default() {
    let r = run("tf-reasons", options());
    assert!(r.suppressed.is_empty());
    assert_eq!(
        reported(&r),
        [
            "PAL-002 tf-reasons/main.tf:1:1",
            "AWS-EBS-001 tf-reasons/main.tf:2:1",
            "PAL-002 tf-reasons/main.tf:7:1",
            "AWS-EBS-001 tf-reasons/main.tf:8:1",
        ]
    );
    assert_eq!(
        messages(&r)[0],
        "PAL-002 suppression of AWS-EBS-001 has no reason: it is not applied; write why after the rules"
    );

    let r = run(
        "tf-reasons",
        SuppressOptions {
            require_reason: false,
            ..options()
        },
    );
    assert!(reported(&r).is_empty(), "{:?}", reported(&r));
    assert_eq!(
        suppressed(&r),
        [
            "AWS-EBS-001 tf-reasons/main.tf:2:1 <- palisade@1:1",
            "AWS-EBS-001 tf-reasons/main.tf:8:1 <- palisade@7:1",
        ]
    );
}

#[test]
fn unused_and_invalid_suppressions() {
    let r = run("tf-unused", options());
    assert_eq!(
        reported(&r),
        [
            "PAL-001 tf-unused/main.tf:4:28",
            "PAL-002 tf-unused/main.tf:7:3",
            "PAL-001 tf-unused/main.tf:12:1",
            "AWS-EBS-001 tf-unused/main.tf:14:1",
            "PAL-001 tf-unused/main.tf:19:1",
            "PAL-002 tf-unused/main.tf:25:1",
        ]
    );
    // The known rule of a comment that also names an unknown one still applies.
    assert_eq!(
        suppressed(&r),
        [
            "AWS-VPC-003 tf-unused/main.tf:8:1 <- palisade@7:3",
            "AWS-EBS-001 tf-unused/main.tf:20:1 <- palisade@19:1",
        ]
    );
    assert_eq!(
        messages(&r),
        [
            "PAL-001 suppression of AWS-EBS-001 (ebs-volume-unencrypted) matches no finding: remove it",
            "PAL-002 unknown rule `no-such-rule` in suppression",
            "PAL-001 suppression of AWS-EBS-001 applies to nothing: put it directly before a block, attribute or key, with no blank line between",
            "PAL-001 suppression of AWS-S3-001 (s3-bucket-public-acl) matches no finding: remove it",
            "PAL-002 `unused-suppression` is about suppressions and cannot be suppressed",
        ]
    );
}

#[test]
fn cloudformation_comments() {
    let r = run("cfn-comments", options());
    assert_eq!(
        reported(&r),
        [
            "AWS-VPC-002 cfn-comments/template.yaml:26:19",
            "AWS-EBS-001 cfn-comments/template.yaml:32:3",
            "PAL-001 cfn-comments/template.yaml:36:7",
        ]
    );
    assert_eq!(
        suppressed(&r),
        [
            "AWS-EBS-001 cfn-comments/template.yaml:4:3 <- palisade@3:3",
            "AWS-VPC-002 cfn-comments/template.yaml:18:19 <- palisade@14:9",
            "AWS-VPC-002 cfn-comments/template.yaml:22:19 <- palisade@22:29",
            "AWS-EBS-001 cfn-comments/template.yaml:27:3 <- trivy@27:9",
        ]
    );
}

#[test]
fn cloudformation_metadata() {
    let r = run("cfn-metadata", options());
    assert_eq!(
        reported(&r),
        [
            "AWS-EBS-001 cfn-metadata/template.json:27:5",
            "PAL-002 cfn-metadata/template.json:29:44",
            "AWS-S3-004 cfn-metadata/template.yaml:14:3",
            "AWS-S3-005 cfn-metadata/template.yaml:14:3",
            "AWS-S3-006 cfn-metadata/template.yaml:14:3",
            "AWS-EBS-001 cfn-metadata/template.yaml:27:3",
            "PAL-003 cfn-metadata/template.yaml:32:13",
            "PAL-001 cfn-metadata/template.yaml:35:13",
            "PAL-002 cfn-metadata/template.yaml:37:13",
        ]
    );
    assert_eq!(
        suppressed(&r),
        [
            "AWS-EBS-001 cfn-metadata/template.json:4:5 <- palisade@9:13",
            "AWS-VPC-002 cfn-metadata/template.json:23:75 <- cfn_nag@18:43",
            "AWS-EBS-001 cfn-metadata/template.yaml:3:3 <- palisade@8:13",
            "AWS-S3-002 cfn-metadata/template.yaml:14:3 <- checkov@23:13",
            "AWS-S3-001 cfn-metadata/template.yaml:26:22 <- cfn_nag@19:13",
        ]
    );
    assert_eq!(
        messages(&r),
        [
            "PAL-002 unknown rule `nope` in suppression",
            "PAL-003 suppression of AWS-EBS-001 expired on 2026-01-01: it is no longer applied",
            "PAL-001 suppression of AWS-EFS-001 (efs-unencrypted) matches no finding: remove it",
            "PAL-002 suppression of AWS-EBS-001 has no reason: it is not applied; add a `reason`",
        ]
    );
}

#[test]
fn suppressions_can_be_turned_off() {
    let r = run(
        "cfn-metadata",
        SuppressOptions {
            enabled: false,
            ..options()
        },
    );
    assert!(r.suppressed.is_empty());
    assert!(messages(&r).is_empty());
    assert_eq!(
        reported(&r),
        [
            "AWS-EBS-001 cfn-metadata/template.json:4:5",
            "AWS-VPC-002 cfn-metadata/template.json:23:75",
            "AWS-EBS-001 cfn-metadata/template.json:27:5",
            "AWS-EBS-001 cfn-metadata/template.yaml:3:3",
            "AWS-S3-002 cfn-metadata/template.yaml:14:3",
            "AWS-S3-004 cfn-metadata/template.yaml:14:3",
            "AWS-S3-005 cfn-metadata/template.yaml:14:3",
            "AWS-S3-006 cfn-metadata/template.yaml:14:3",
            "AWS-S3-001 cfn-metadata/template.yaml:26:22",
            "AWS-EBS-001 cfn-metadata/template.yaml:27:3",
        ]
    );
}

#[test]
fn placeholder_reasons_are_no_reasons() {
    let r = run("placeholder-reasons", options());
    assert_eq!(
        reported(&r),
        [
            "PAL-002 placeholder-reasons/main.tf:1:1",
            "AWS-EBS-001 placeholder-reasons/main.tf:2:1",
            "PAL-002 placeholder-reasons/main.tf:7:1",
            "AWS-EBS-001 placeholder-reasons/main.tf:8:1",
            "AWS-EBS-001 placeholder-reasons/template.yaml:3:3",
            "PAL-002 placeholder-reasons/template.yaml:8:13",
        ]
    );
    // A reason that mentions a to-do after saying why is a reason.
    assert_eq!(
        suppressed(&r),
        ["AWS-EBS-001 placeholder-reasons/main.tf:14:1 <- palisade@13:1"]
    );
    assert_eq!(
        messages(&r),
        [
            "PAL-002 suppression of AWS-EBS-001 has a placeholder for a reason (`TODO: say why this is acceptable`): it is not applied; write why after the rules",
            "PAL-002 suppression of AWS-EBS-001 has a placeholder for a reason (`fixme`): it is not applied; write why after the rules",
            "PAL-002 suppression of AWS-EBS-001 has a placeholder for a reason (`TBD`): it is not applied; write why in its `reason`",
        ]
    );

    // Without the requirement, a placeholder is a reason like any other.
    let r = run(
        "placeholder-reasons",
        SuppressOptions {
            require_reason: false,
            ..options()
        },
    );
    assert!(reported(&r).is_empty(), "{:?}", reported(&r));
    assert_eq!(r.suppressed.len(), 4);
}

#[test]
fn cfn_guard_and_cfn_lint_metadata() {
    let r = run("cfn-peers", options());
    // The guard suppression names the public access block check, not the
    // ACL one; the volume's guard and cfn-lint ids are for other checks
    // (cfn-lint has no check equivalent to a Palisade rule).
    assert_eq!(
        reported(&r),
        [
            "AWS-S3-004 cfn-peers/template.yaml:8:3",
            "AWS-S3-005 cfn-peers/template.yaml:8:3",
            "AWS-S3-006 cfn-peers/template.yaml:8:3",
            "AWS-S3-001 cfn-peers/template.yaml:15:22",
            "AWS-EBS-001 cfn-peers/template.yaml:16:3",
        ]
    );
    assert_eq!(
        suppressed(&r),
        [
            "AWS-S3-002 cfn-peers/template.yaml:8:3 <- cfn_guard@13:13",
            "AWS-EBS-001 cfn-peers/template.yaml:29:3 <- cfn_guard@33:27",
        ]
    );
    assert!(messages(&r).is_empty(), "{:?}", messages(&r));

    let r = run(
        "cfn-peers",
        SuppressOptions {
            foreign: false,
            ..options()
        },
    );
    assert!(r.suppressed.is_empty());
    assert_eq!(
        reported(&r),
        [
            "AWS-S3-002 cfn-peers/template.yaml:8:3",
            "AWS-S3-004 cfn-peers/template.yaml:8:3",
            "AWS-S3-005 cfn-peers/template.yaml:8:3",
            "AWS-S3-006 cfn-peers/template.yaml:8:3",
            "AWS-S3-001 cfn-peers/template.yaml:15:22",
            "AWS-EBS-001 cfn-peers/template.yaml:16:3",
            "AWS-EBS-001 cfn-peers/template.yaml:29:3",
        ]
    );
}

#[test]
fn unknown_rules_suggest_the_nearest() {
    let r = run("tf-typo", options());
    assert!(r.suppressed.is_empty());
    assert_eq!(
        reported(&r),
        [
            "PAL-002 tf-typo/main.tf:1:1",
            "AWS-EBS-001 tf-typo/main.tf:2:1",
            "PAL-002 tf-typo/main.tf:7:1",
            "AWS-EBS-001 tf-typo/main.tf:8:1",
        ]
    );
    assert_eq!(
        messages(&r),
        [
            "PAL-002 unknown rule `ebs-volume-unencripted` in suppression; did you mean AWS-EBS-001 (ebs-volume-unencrypted)?",
            "PAL-002 unknown rule `AWS-S3-00` in suppression",
        ]
    );
}

#[test]
fn a_module_block_suppression_covers_that_call_only() {
    let r = run("tf-module-block", options());
    assert_eq!(
        reported(&r),
        ["AWS-EBS-001 tf-module-block/modules/volume/main.tf:1:1"]
    );
    // The reported finding is the unsuppressed call's, and no suppression
    // is reported unused.
    assert_eq!(
        r.findings[0].message,
        "EBS volume module.data.aws_ebs_volume.this does not enable encryption"
    );
    assert!(messages(&r).is_empty(), "{:?}", messages(&r));
    assert_eq!(
        suppressed(&r),
        [
            "AWS-EBS-001 tf-module-block/modules/volume/main.tf:1:1 <- trivy@12:17",
            "AWS-EBS-001 tf-module-block/modules/volume/main.tf:1:1 <- palisade@3:1",
        ]
    );
}

#[test]
fn a_suppression_where_a_value_is_written_covers_its_uses() {
    let r = run("tf-value-origin", options());
    assert_eq!(reported(&r), ["AWS-EBS-001 tf-value-origin/main.tf:22:23"]);
    assert!(messages(&r).is_empty(), "{:?}", messages(&r));
    assert_eq!(
        suppressed(&r),
        [
            "AWS-EBS-001 tf-value-origin/main.tf:12:23 <- palisade@6:3",
            "AWS-EBS-001 tf-value-origin/main.tf:17:23 <- palisade@6:3",
        ]
    );
}
