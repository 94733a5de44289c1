pub(crate) mod key_policy_public;
pub(crate) mod rotation_disabled;
