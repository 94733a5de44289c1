pub(crate) mod role_trust_public;
pub(crate) mod wildcard_action;
