//! EFS file systems.

use super::{Meta, Val};

#[derive(Debug, Default)]
pub struct Efs {
    pub file_systems: Vec<FileSystem>,
}

merge_lists!(Efs { file_systems });

#[derive(Clone, Debug)]
pub struct FileSystem {
    pub meta: Meta,
    /// `encrypted` / `Encrypted`; AWS default `false`.
    pub encrypted: Val<bool>,
}
