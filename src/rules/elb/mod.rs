pub(crate) mod classic_listener_unencrypted;
pub(crate) mod drop_invalid_headers_disabled;
pub(crate) mod http_listener_not_redirected;
pub(crate) mod listener_outdated_tls_policy;
