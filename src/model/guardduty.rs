//! GuardDuty detectors.

use super::{Meta, Val};

#[derive(Debug, Default)]
pub struct GuardDuty {
    pub detectors: Vec<Detector>,
}

merge_lists!(GuardDuty { detectors });

/// A detector, GuardDuty in one account and Region:
/// `aws_guardduty_detector`, `AWS::GuardDuty::Detector`.
#[derive(Clone, Debug)]
pub struct Detector {
    pub meta: Meta,
    /// `enable` / `Enable`: whether the detector monitors. Terraform's
    /// default is `true`; CloudFormation requires the property (a template
    /// without it is not deployable, so it is read as unknown).
    pub enabled: Val<bool>,
}
