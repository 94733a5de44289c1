//! Rules: each one reads only the typed model and emits findings.
//!
//! A rule is a module under `src/rules/<service>/` with a `check` function and
//! a documentation file under `rules/<service>/<name>.md`, embedded in the
//! binary. The doc's front matter is the rule's metadata (id, name, title,
//! severity, equivalents), so the two cannot drift. The metadata types live
//! in [`crate::rule_meta`], below the rules, so that findings and the layers
//! under them need not import this registry; they are re-exported here.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::OnceLock;

use rayon::prelude::*;

use crate::finding::{Finding, Severity};
use crate::model::{Meta, Model};
use crate::rule_meta::parse_doc;
pub use crate::rule_meta::{Equivalents, RuleMeta, DOCS_BASE};
use crate::source::Range;

/// Collects one rule's findings.
pub struct Emitter<'a> {
    meta: &'static RuleMeta,
    out: &'a mut Vec<Finding>,
}

impl Emitter<'_> {
    /// Reports a finding at `range` for the resource described by `meta`, at
    /// the rule's default severity.
    pub fn report(&mut self, meta: &Meta, range: Range, message: impl Into<String>) {
        self.report_with(meta, range, self.meta.severity, message)
    }

    /// Same as [`Emitter::report`] with a severity chosen by the rule.
    pub fn report_with(
        &mut self,
        meta: &Meta,
        range: Range,
        severity: Severity,
        message: impl Into<String>,
    ) {
        self.out.push(Finding {
            rule: self.meta,
            severity,
            message: message.into(),
            range,
            resource: meta.address.clone(),
            notes: meta.when.iter().cloned().collect(),
            variants: meta.variants,
            related: meta.related.to_vec(),
            trail: Vec::new(),
        });
    }
}

pub(crate) type CheckFn = fn(&Model, &mut Emitter);

struct RuleDef {
    doc: &'static str,
    check: CheckFn,
}

mod cloudfront;
mod cloudtrail;
mod cloudwatch;
mod config;
mod dynamodb;
mod ebs;
mod ec2;
mod ecr;
mod efs;
mod eks;
mod elasticache;
mod elb;
mod guardduty;
mod iam;
mod kms;
mod lambda;
mod opensearch;
mod rds;
mod redshift;
mod s3;
mod sns;
mod sqs;
mod vpc;

mod suggest;
pub use suggest::{similar, suggest, suggest_rule};

macro_rules! rule {
    ($service:ident :: $rule:ident, $doc:literal) => {
        RuleDef {
            doc: include_str!(concat!("../../rules/", $doc)),
            check: $service::$rule::check,
        }
    };
}

/// The registry: one line per rule.
const RULES: &[RuleDef] = &[
    rule!(iam::wildcard_action, "iam/iam-policy-wildcard-action.md"),
    rule!(iam::role_trust_public, "iam/iam-role-trust-public.md"),
    rule!(
        iam::oidc_trust_without_subject,
        "iam/iam-oidc-trust-without-subject.md"
    ),
    rule!(iam::user_has_policies, "iam/iam-user-has-policies.md"),
    rule!(s3::public_acl, "s3/s3-bucket-public-acl.md"),
    rule!(s3::public_access_block, "s3/s3-public-access-block.md"),
    rule!(s3::policy_public, "s3/s3-bucket-policy-public.md"),
    rule!(ebs::volume_unencrypted, "ebs/ebs-volume-unencrypted.md"),
    rule!(
        ebs::encryption_by_default_disabled,
        "ebs/ebs-encryption-by-default-disabled.md"
    ),
    rule!(
        ec2::block_device_unencrypted,
        "ec2/ec2-block-device-unencrypted.md"
    ),
    rule!(ec2::imdsv2_not_required, "ec2/ec2-imdsv2-not-required.md"),
    rule!(ec2::instance_public_ip, "ec2/ec2-instance-public-ip.md"),
    rule!(
        vpc::subnet_public_ip_on_launch,
        "vpc/vpc-subnet-public-ip-on-launch.md"
    ),
    rule!(
        vpc::default_security_group_open,
        "vpc/vpc-default-security-group-open.md"
    ),
    rule!(
        elb::drop_invalid_headers_disabled,
        "elb/alb-drop-invalid-headers-disabled.md"
    ),
    rule!(rds::storage_unencrypted, "rds/rds-storage-unencrypted.md"),
    rule!(rds::publicly_accessible, "rds/rds-publicly-accessible.md"),
    rule!(
        rds::deletion_protection_disabled,
        "rds/rds-deletion-protection-disabled.md"
    ),
    rule!(efs::unencrypted, "efs/efs-unencrypted.md"),
    rule!(vpc::nacl_public_ingress, "vpc/nacl-public-ingress.md"),
    rule!(vpc::sg_public_ingress, "vpc/sg-public-ingress.md"),
    rule!(vpc::flow_logs_disabled, "vpc/vpc-flow-logs-disabled.md"),
    rule!(
        cloudtrail::log_validation_disabled,
        "cloudtrail/cloudtrail-log-validation-disabled.md"
    ),
    rule!(s3::tls_not_enforced, "s3/s3-bucket-tls-not-enforced.md"),
    rule!(kms::rotation_disabled, "kms/kms-key-rotation-disabled.md"),
    rule!(
        ecr::image_scan_on_push_disabled,
        "ecr/ecr-image-scan-on-push-disabled.md"
    ),
    rule!(
        cloudtrail::not_multi_region,
        "cloudtrail/cloudtrail-not-multi-region.md"
    ),
    rule!(
        cloudtrail::not_encrypted,
        "cloudtrail/cloudtrail-not-encrypted.md"
    ),
    rule!(
        cloudtrail::no_cloudwatch_logs,
        "cloudtrail/cloudtrail-no-cloudwatch-logs.md"
    ),
    rule!(
        guardduty::detector_disabled,
        "guardduty/guardduty-detector-disabled.md"
    ),
    rule!(
        cloudwatch::log_group_no_retention,
        "cloudwatch/cloudwatch-log-group-no-retention.md"
    ),
    rule!(
        cloudwatch::log_group_not_encrypted,
        "cloudwatch/cloudwatch-log-group-not-encrypted.md"
    ),
    rule!(sns::topic_unencrypted, "sns/sns-topic-unencrypted.md"),
    rule!(sqs::queue_unencrypted, "sqs/sqs-queue-unencrypted.md"),
    rule!(
        dynamodb::pitr_disabled,
        "dynamodb/dynamodb-pitr-disabled.md"
    ),
    rule!(
        dynamodb::dax_unencrypted,
        "dynamodb/dax-cluster-unencrypted.md"
    ),
    rule!(
        elasticache::at_rest_unencrypted,
        "elasticache/elasticache-at-rest-unencrypted.md"
    ),
    rule!(
        elasticache::in_transit_unencrypted,
        "elasticache/elasticache-in-transit-unencrypted.md"
    ),
    rule!(
        opensearch::at_rest_unencrypted,
        "opensearch/opensearch-at-rest-unencrypted.md"
    ),
    rule!(
        opensearch::node_to_node_plaintext,
        "opensearch/opensearch-node-to-node-plaintext.md"
    ),
    rule!(
        opensearch::https_not_enforced,
        "opensearch/opensearch-https-not-enforced.md"
    ),
    rule!(
        redshift::cluster_unencrypted,
        "redshift/redshift-cluster-unencrypted.md"
    ),
    rule!(
        redshift::publicly_accessible,
        "redshift/redshift-publicly-accessible.md"
    ),
    rule!(
        opensearch::tls_policy_outdated,
        "opensearch/opensearch-tls-policy-outdated.md"
    ),
    rule!(
        elb::http_listener_not_redirected,
        "elb/alb-http-listener-not-redirected.md"
    ),
    rule!(
        elb::listener_outdated_tls_policy,
        "elb/elb-listener-outdated-tls-policy.md"
    ),
    rule!(
        elb::classic_listener_unencrypted,
        "elb/elb-classic-listener-unencrypted.md"
    ),
    rule!(
        cloudfront::allows_plain_http,
        "cloudfront/cloudfront-allows-plain-http.md"
    ),
    rule!(
        cloudfront::origin_unencrypted,
        "cloudfront/cloudfront-origin-unencrypted.md"
    ),
    rule!(
        cloudfront::origin_sslv3,
        "cloudfront/cloudfront-origin-sslv3.md"
    ),
    rule!(
        eks::endpoint_open_to_world,
        "eks/eks-endpoint-open-to-world.md"
    ),
    rule!(
        eks::audit_logging_disabled,
        "eks/eks-audit-logging-disabled.md"
    ),
    rule!(
        lambda::public_access,
        "lambda/lambda-function-public-access.md"
    ),
    rule!(
        s3::access_logging_disabled,
        "s3/s3-bucket-access-logging-disabled.md"
    ),
    rule!(
        s3::versioning_disabled,
        "s3/s3-bucket-versioning-disabled.md"
    ),
    rule!(rds::backups_disabled, "rds/rds-backups-disabled.md"),
    rule!(rds::iam_auth_disabled, "rds/rds-iam-auth-disabled.md"),
    rule!(kms::key_policy_public, "kms/kms-key-policy-public.md"),
    rule!(iam::pass_role_any, "iam/iam-policy-pass-role-any.md"),
    rule!(
        config::recorder_disabled,
        "config/config-recorder-disabled.md"
    ),
];

/// Every rule's metadata, in registry order.
pub fn all() -> &'static [RuleMeta] {
    static METAS: OnceLock<Vec<RuleMeta>> = OnceLock::new();
    METAS.get_or_init(|| {
        RULES
            .iter()
            .map(|r| parse_doc(r.doc).unwrap_or_else(|e| panic!("invalid rule doc: {e}")))
            .collect()
    })
}

/// Built-in pseudo-rules about Palisade's own input (suppressions that are
/// unused, invalid or expired). They are not run over the model, so they are
/// not in [`all`]; their findings are made by `crate::suppress`.
const META_RULES: &[&str] = &[
    include_str!("../../rules/palisade/unused-suppression.md"),
    include_str!("../../rules/palisade/invalid-suppression.md"),
    include_str!("../../rules/palisade/expired-suppression.md"),
];

/// The pseudo-rules' metadata (`PAL-001`...), for findings about suppressions.
pub fn meta_rules() -> &'static [RuleMeta] {
    static METAS: OnceLock<Vec<RuleMeta>> = OnceLock::new();
    METAS.get_or_init(|| {
        META_RULES
            .iter()
            .map(|d| parse_doc(d).unwrap_or_else(|e| panic!("invalid rule doc: {e}")))
            .collect()
    })
}

/// Finds a rule, or a pseudo-rule, by id or name; then a loaded custom
/// policy (`crate::policy`).
pub fn find(key: &str) -> Option<&'static RuleMeta> {
    all()
        .iter()
        .chain(meta_rules())
        .find(|m| m.is(key))
        .or_else(|| crate::policy::registry::find(key))
}

/// The rules and pseudo-rules `key` selects, ignoring case: the one whose id
/// or name it is; otherwise every one whose id starts with it as whole
/// `-`-separated parts (`AWS-S3`, `AWS`, `PAL`; the leading `AWS-` may be
/// left out: `S3`, `CT`) or whose service it is (`s3`, `cloudtrail`). None
/// when nothing matches.
pub fn select(key: &str) -> Vec<&'static RuleMeta> {
    let key = key.trim();
    if key.is_empty() {
        return Vec::new();
    }
    if let Some(rule) = find(key) {
        return vec![rule];
    }
    let prefix = format!("{}-", key.to_ascii_uppercase());
    all()
        .iter()
        .chain(meta_rules())
        .filter(|r| {
            let id = r.id.to_ascii_uppercase();
            id.starts_with(&prefix)
                || id
                    .strip_prefix("AWS-")
                    .is_some_and(|i| i.starts_with(&prefix))
                || r.service.eq_ignore_ascii_case(key)
        })
        .collect()
}

/// Which rules run, and at which severity their findings are reported.
/// Applies to the pseudo-rules too (their findings are made by
/// `crate::suppress`, and filtered and adjusted by the scan).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RuleSelection {
    /// When set, only these rules run (ids).
    pub only: Option<BTreeSet<String>>,
    /// These rules never run (ids); wins over `only`.
    pub disabled: BTreeSet<String>,
    /// The severity of every finding of a rule (by id), replacing the rule's
    /// own choice.
    pub severity: BTreeMap<String, Severity>,
}

impl RuleSelection {
    /// Whether the rule with this id runs.
    pub fn is_enabled(&self, id: &str) -> bool {
        self.only.as_ref().is_none_or(|only| only.contains(id)) && !self.disabled.contains(id)
    }

    /// Runs only the rules mapped to `framework` (and still only those the
    /// selection already allowed).
    pub fn restrict_to_framework(&mut self, framework: crate::rule_meta::Framework) {
        let mapped: BTreeSet<String> = all()
            .iter()
            .filter(|r| !r.compliance.ids(framework).is_empty())
            .filter(|r| self.is_enabled(&r.id))
            .map(|r| r.id.clone())
            .collect();
        self.only = Some(mapped);
    }

    /// Applies a command line's `--rule` and `--skip-rule` ids over this
    /// selection (a configuration file's): a non-empty `only` replaces the
    /// file's, and runs those rules even where the file disables them;
    /// `skip` is disabled on top, and wins over `only`.
    pub fn override_with(&mut self, only: &BTreeSet<String>, skip: &BTreeSet<String>) {
        if !only.is_empty() {
            self.disabled.retain(|id| !only.contains(id));
            self.only = Some(only.clone());
        }
        self.disabled.extend(skip.iter().cloned());
    }

    /// Applies the severity override of the finding's rule, if any.
    pub fn adjust(&self, finding: &mut Finding) {
        if let Some(&s) = self.severity.get(&finding.rule.id) {
            finding.severity = s;
        }
    }
}

/// Runs the selected rules over the model in parallel, with their severity
/// overrides applied; the result is sorted by the caller, so thread
/// scheduling never shows in the output. A rule that is not selected does
/// not run at all.
pub fn run(model: &Model, selection: &RuleSelection) -> Vec<Finding> {
    let metas = all();
    RULES
        .par_iter()
        .zip(metas.par_iter())
        .filter(|(_, meta)| selection.is_enabled(&meta.id))
        .flat_map_iter(|(def, meta)| {
            let mut out = Vec::new();
            let mut emitter = Emitter {
                meta,
                out: &mut out,
            };
            (def.check)(model, &mut emitter);
            for f in &mut out {
                selection.adjust(f);
            }
            out
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(key: &str) -> Vec<&'static str> {
        select(key).iter().map(|r| r.id.as_str()).collect()
    }

    #[test]
    fn selection_by_id_name_prefix_or_service() {
        assert_eq!(ids("aws-s3-002"), ["AWS-S3-002"]);
        assert_eq!(ids("S3-Bucket-Public-Acl"), ["AWS-S3-001"]);
        let s3: Vec<&str> = all()
            .iter()
            .filter(|r| r.id.starts_with("AWS-S3-"))
            .map(|r| r.id.as_str())
            .collect();
        assert!(s3.len() >= 4, "{s3:?}");
        assert_eq!(ids("AWS-S3"), s3);
        assert_eq!(ids("s3"), s3);
        let ct: Vec<&str> = all()
            .iter()
            .filter(|r| r.id.starts_with("AWS-CT-"))
            .map(|r| r.id.as_str())
            .collect();
        assert!(ct.contains(&"AWS-CT-001"), "{ct:?}");
        assert_eq!(ids("ct"), ct);
        assert_eq!(ids("cloudtrail"), ct);
        assert_eq!(ids("pal"), ["PAL-001", "PAL-002", "PAL-003"]);
        assert_eq!(ids("aws").len(), all().len());
        // Whole parts only.
        assert!(ids("AWS-S").is_empty());
        assert!(ids("AWS-S3-00").is_empty());
        assert!(ids(" ").is_empty());
    }

    #[test]
    fn command_line_selection_wins_over_the_file() {
        let set = |ids: &[&str]| ids.iter().map(|s| s.to_string()).collect::<BTreeSet<_>>();
        let file = RuleSelection {
            only: Some(set(&["AWS-S3-001", "AWS-S3-002"])),
            disabled: set(&["AWS-EBS-001"]),
            ..Default::default()
        };
        let mut sel = file.clone();
        sel.override_with(&set(&[]), &set(&["AWS-S3-002"]));
        assert!(sel.is_enabled("AWS-S3-001"));
        assert!(!sel.is_enabled("AWS-S3-002"));
        assert!(!sel.is_enabled("AWS-EBS-001"));
        let mut sel = file;
        sel.override_with(&set(&["AWS-EBS-001", "AWS-S3-002"]), &set(&["AWS-S3-002"]));
        assert!(
            sel.is_enabled("AWS-EBS-001"),
            "--rule beats the file's disable"
        );
        assert!(
            !sel.is_enabled("AWS-S3-001"),
            "--rule replaces the file's only"
        );
        assert!(!sel.is_enabled("AWS-S3-002"), "--skip-rule beats --rule");
    }
}
