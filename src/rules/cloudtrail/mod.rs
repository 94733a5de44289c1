pub(crate) mod log_validation_disabled;
