pub(crate) mod origin_sslv3;
pub(crate) mod origin_unencrypted;
pub(crate) mod viewer_protocol_allows_http;
