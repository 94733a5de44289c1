pub(crate) mod allows_plain_http;
pub(crate) mod origin_sslv3;
pub(crate) mod origin_unencrypted;
