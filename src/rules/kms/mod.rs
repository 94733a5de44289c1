pub(crate) mod rotation_disabled;
