//! EFS: `AWS::EFS::FileSystem`.

use super::{Cx, Handler};
use crate::model::adapt::{bool_field, Variant};
use crate::model::efs::FileSystem;

pub(super) const KINDS: &[(&str, Handler)] = &[("AWS::EFS::FileSystem", file_system)];

fn file_system(cx: &mut Cx, v: &Variant) {
    cx.m.efs.file_systems.push(FileSystem {
        meta: v.meta.clone(),
        encrypted: bool_field(&v.body, "Encrypted", false, v.res.range),
    });
}
