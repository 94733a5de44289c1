pub(crate) mod drop_invalid_headers_disabled;
