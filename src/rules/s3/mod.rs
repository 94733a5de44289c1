pub(crate) mod access_logging_disabled;
pub(crate) mod policy_public;
pub(crate) mod public_access_block;
pub(crate) mod public_acl;
pub(crate) mod tls_not_enforced;
pub(crate) mod versioning_disabled;
