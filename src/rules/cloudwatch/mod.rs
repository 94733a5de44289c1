pub(crate) mod log_group_no_retention;
pub(crate) mod log_group_not_encrypted;
