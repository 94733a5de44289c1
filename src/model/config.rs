//! AWS Config: whether a configuration recorder records.

use super::{Meta, Val};

#[derive(Debug, Default)]
pub struct Config {
    pub recorder_statuses: Vec<RecorderStatus>,
}

merge_lists!(Config { recorder_statuses });

/// `aws_config_configuration_recorder_status`: starts or stops a recorder.
/// CloudFormation has no such resource: an `AWS::Config::ConfigurationRecorder`
/// starts recording when it is created.
#[derive(Clone, Debug)]
pub struct RecorderStatus {
    pub meta: Meta,
    /// `is_enabled`, required by the provider (left out, the configuration
    /// does not apply, so it is read as unknown).
    pub enabled: Val<bool>,
}
