pub(crate) mod log_validation_disabled;
pub(crate) mod no_cloudwatch_logs;
pub(crate) mod not_encrypted;
pub(crate) mod not_multi_region;
