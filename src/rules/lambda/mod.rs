pub(crate) mod public_access;
