pub(crate) mod audit_logging_disabled;
pub(crate) mod endpoint_open_to_world;
