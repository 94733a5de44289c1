//! The typed AWS resource model both formats are adapted into. Rules read only
//! this model. Every field is a [`Val`]: known with the range it was written
//! at, AWS's default for an attribute left out (at the range of the resource
//! or block that would hold it), or unknown.

/// `extend` for one service's model, appending every list of `other` (the
/// models of separate units merge). The pattern names every field, so a
/// field added to the struct but not here fails to compile instead of being
/// dropped silently when units merge.
macro_rules! merge_lists {
    ($ty:ident { $($field:ident),+ $(,)? }) => {
        impl $ty {
            pub(crate) fn extend(&mut self, other: $ty) {
                let $ty { $($field),+ } = other;
                $(self.$field.extend($field);)+
            }
        }
    };
}

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
        let Model {
            iam,
            s3,
            ec2,
            rds,
            efs,
            vpc,
            cloudtrail,
            elb,
            kms,
            ecr,
            guardduty,
            cloudwatch,
            redshift,
            opensearch,
            elasticache,
            dynamodb,
            sqs,
            sns,
            cloudfront,
            eks,
            lambda,
            config,
            resource_count,
        } = other;
        self.iam.extend(iam);
        self.s3.extend(s3);
        self.ec2.extend(ec2);
        self.rds.extend(rds);
        self.efs.extend(efs);
        self.vpc.extend(vpc);
        self.cloudtrail.extend(cloudtrail);
        self.elb.extend(elb);
        self.kms.extend(kms);
        self.ecr.extend(ecr);
        self.guardduty.extend(guardduty);
        self.cloudwatch.extend(cloudwatch);
        self.redshift.extend(redshift);
        self.opensearch.extend(opensearch);
        self.elasticache.extend(elasticache);
        self.dynamodb.extend(dynamodb);
        self.sqs.extend(sqs);
        self.sns.extend(sns);
        self.cloudfront.extend(cloudfront);
        self.eks.extend(eks);
        self.lambda.extend(lambda);
        self.config.extend(config);
        self.resource_count += resource_count;
    }
}
