pub(crate) mod recorder_disabled;
