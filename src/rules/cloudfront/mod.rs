pub(crate) mod viewer_protocol_allows_http;
