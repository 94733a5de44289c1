pub(crate) mod log_group_no_retention;
