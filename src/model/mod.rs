//! The typed AWS resource model both formats are adapted into. Rules read only
//! this model. Every field is a [`Val`]: known with the range it was written
//! at, AWS's default for an attribute left out (at the range of the resource
//! or block that would hold it), or unknown.

pub mod adapt;
pub mod cloudfront;
pub mod cloudtrail;
pub mod cloudwatch;
pub mod config;
pub mod dynamodb;
pub mod ec2;
pub mod ecr;
pub mod efs;
pub mod eks;
pub mod elasticache;
pub mod elb;
pub mod guardduty;
pub mod iam;
pub mod kms;
pub mod lambda;
pub mod opensearch;
pub mod rds;
pub mod redshift;
pub mod s3;
pub mod sns;
pub mod sqs;
pub mod vpc;

use std::sync::Arc;

use crate::source::Range;

/// Identity and position of a modelled resource.
#[derive(Clone, Debug)]
pub struct Meta {
    /// `aws_s3_bucket.logs` for Terraform, the logical id for CloudFormation.
    pub address: String,
    /// The resource type as written (`aws_s3_bucket`, `AWS::S3::Bucket`).
    pub kind: String,
    /// The resource: the Terraform block, or the CloudFormation logical id.
    pub range: Range,
    /// When only some condition branches lead to this configuration.
    pub when: Option<String>,
    /// How many configurations the resource expands into (1 without choices).
    pub variants: usize,
    /// For a resource inside a Terraform module: the calling `module` blocks,
    /// innermost first, each with a note ("instantiated by module.x").
    pub related: Arc<[(Range, String)]>,
    /// A name people know the resource by, when the source gives one: the
    /// CDK construct path of a synthesised template's resource.
    pub label: Option<String>,
}

impl Meta {
    /// The resource as messages name it: the address, preceded by the label
    /// when there is one (`MyStack/Bucket/Resource (Bucket83908E77)`). A
    /// CloudFormation logical id is quoted (`` `Trail` ``) so that a message
    /// reads "trail `Trail`"; Terraform addresses are distinct as they are.
    pub fn name(&self) -> String {
        let cfn = self.kind.contains("::");
        match (&self.label, cfn) {
            (Some(l), true) => format!("`{l}` ({})", self.address),
            (Some(l), false) => format!("{l} ({})", self.address),
            (None, true) => format!("`{}`", self.address),
            (None, false) => self.address.clone(),
        }
    }
}

/// A field of the model: written in the source (with where), left out so
/// that AWS's default applies (with where it would be written: the resource
/// or the enclosing block), or unknown.
#[derive(Clone, Debug, PartialEq)]
pub enum Val<T> {
    /// Written, or computed from what was written.
    Known(T, Range),
    /// Not written: AWS applies this default.
    Default(T, Range),
    Unknown(Range),
}

impl<T> Val<T> {
    /// The value, written or defaulted; `None` when unknown.
    pub fn known(&self) -> Option<&T> {
        self.get().map(|(v, _)| v)
    }

    /// The value with its range, written or defaulted; `None` when unknown.
    pub fn get(&self) -> Option<(&T, Range)> {
        match self {
            Val::Known(v, r) | Val::Default(v, r) => Some((v, *r)),
            Val::Unknown(_) => None,
        }
    }

    /// Whether the value is AWS's default for an attribute left out.
    pub fn is_default(&self) -> bool {
        matches!(self, Val::Default(..))
    }

    pub fn range(&self) -> Range {
        match self {
            Val::Known(_, r) | Val::Default(_, r) | Val::Unknown(r) => *r,
        }
    }

    /// True when the value is known and satisfies `f`; unknown is never true.
    pub fn is_known_and(&self, f: impl FnOnce(&T) -> bool) -> bool {
        self.known().is_some_and(f)
    }

    /// The same state and range with the value mapped.
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Val<U> {
        match self {
            Val::Known(v, r) => Val::Known(f(v), r),
            Val::Default(v, r) => Val::Default(f(v), r),
            Val::Unknown(r) => Val::Unknown(r),
        }
    }
}

/// Everything a scan found, by service.
#[derive(Debug, Default)]
pub struct Model {
    pub iam: iam::Iam,
    pub s3: s3::S3,
    pub ec2: ec2::Ec2,
    pub rds: rds::Rds,
    pub efs: efs::Efs,
    pub vpc: vpc::Vpc,
    pub cloudtrail: cloudtrail::CloudTrail,
    pub elb: elb::Elb,
    pub kms: kms::Kms,
    pub ecr: ecr::Ecr,
    pub guardduty: guardduty::GuardDuty,
    pub cloudwatch: cloudwatch::CloudWatch,
    pub redshift: redshift::Redshift,
    pub opensearch: opensearch::OpenSearch,
    pub elasticache: elasticache::ElastiCache,
    pub dynamodb: dynamodb::DynamoDb,
    pub sqs: sqs::Sqs,
    pub sns: sns::Sns,
    pub cloudfront: cloudfront::CloudFront,
    pub eks: eks::Eks,
    pub lambda: lambda::Lambda,
    pub config: config::Config,
    /// How many resources were read (all types, modelled or not).
    pub resource_count: usize,
}

impl Model {
    /// Appends another model's resources (models of separate units merge).
    pub fn extend(&mut self, other: Model) {
        self.iam.policies.extend(other.iam.policies);
        self.iam.roles.extend(other.iam.roles);
        self.iam.user_policies.extend(other.iam.user_policies);
        self.s3.buckets.extend(other.s3.buckets);
        self.s3.acls.extend(other.s3.acls);
        self.s3
            .public_access_blocks
            .extend(other.s3.public_access_blocks);
        self.s3.policies.extend(other.s3.policies);
        self.ec2.volumes.extend(other.ec2.volumes);
        self.ec2.block_devices.extend(other.ec2.block_devices);
        self.ec2.metadata_options.extend(other.ec2.metadata_options);
        self.ec2.public_ips.extend(other.ec2.public_ips);
        self.ec2
            .encryption_by_default
            .extend(other.ec2.encryption_by_default);
        self.rds.instances.extend(other.rds.instances);
        self.rds.clusters.extend(other.rds.clusters);
        self.efs.file_systems.extend(other.efs.file_systems);
        self.vpc.vpcs.extend(other.vpc.vpcs);
        self.vpc
            .security_group_rules
            .extend(other.vpc.security_group_rules);
        self.vpc.nacl_rules.extend(other.vpc.nacl_rules);
        self.vpc.subnets.extend(other.vpc.subnets);
        self.vpc.default_sg_rules.extend(other.vpc.default_sg_rules);
        self.cloudtrail.trails.extend(other.cloudtrail.trails);
        self.elb.load_balancers.extend(other.elb.load_balancers);
        self.ecr.repositories.extend(other.ecr.repositories);
        self.ecr
            .registry_scanning
            .extend(other.ecr.registry_scanning);
        self.kms.keys.extend(other.kms.keys);
        self.guardduty.detectors.extend(other.guardduty.detectors);
        self.cloudwatch
            .log_groups
            .extend(other.cloudwatch.log_groups);
        self.redshift.clusters.extend(other.redshift.clusters);
        self.opensearch.domains.extend(other.opensearch.domains);
        self.elasticache
            .replication_groups
            .extend(other.elasticache.replication_groups);
        self.dynamodb.tables.extend(other.dynamodb.tables);
        self.dynamodb
            .dax_clusters
            .extend(other.dynamodb.dax_clusters);
        self.sqs.queues.extend(other.sqs.queues);
        self.sns.topics.extend(other.sns.topics);
        self.elb.listeners.extend(other.elb.listeners);
        self.elb
            .classic_listeners
            .extend(other.elb.classic_listeners);
        self.cloudfront
            .distributions
            .extend(other.cloudfront.distributions);
        self.eks.clusters.extend(other.eks.clusters);
        self.lambda.permissions.extend(other.lambda.permissions);
        self.lambda.function_urls.extend(other.lambda.function_urls);
        self.kms.policies.extend(other.kms.policies);
        self.config
            .recorder_statuses
            .extend(other.config.recorder_statuses);
        self.resource_count += other.resource_count;
    }
}
