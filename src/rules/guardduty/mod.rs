pub(crate) mod detector_disabled;
