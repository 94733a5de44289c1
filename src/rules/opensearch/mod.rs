pub(crate) mod at_rest_unencrypted;
pub(crate) mod https_not_enforced;
pub(crate) mod node_to_node_plaintext;
pub(crate) mod tls_policy_outdated;
