pub(crate) mod oidc_trust_without_subject;
pub(crate) mod pass_role_any;
pub(crate) mod role_trust_public;
pub(crate) mod user_has_policies;
pub(crate) mod wildcard_action;
