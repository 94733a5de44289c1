//! CloudTrail trails.

use super::{Meta, Val};

#[derive(Debug, Default)]
pub struct CloudTrail {
    pub trails: Vec<Trail>,
}

#[derive(Clone, Debug)]
pub struct Trail {
    pub meta: Meta,
    pub log_file_validation: Val<bool>,
}
