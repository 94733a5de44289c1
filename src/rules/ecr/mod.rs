pub(crate) mod image_scan_on_push_disabled;
