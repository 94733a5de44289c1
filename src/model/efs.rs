//! EFS file systems.

use super::{Meta, Val};

#[derive(Debug, Default)]
pub struct Efs {
    pub file_systems: Vec<FileSystem>,
}

#[derive(Clone, Debug)]
pub struct FileSystem {
    pub meta: Meta,
    /// `encrypted` / `Encrypted`; AWS default `false`.
    pub encrypted: Val<bool>,
}
