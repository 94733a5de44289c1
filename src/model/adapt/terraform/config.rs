//! AWS Config: `aws_config_configuration_recorder_status`.

use super::{Cx, Handler};
use crate::model::adapt::{bool_field, Variant};
use crate::model::config::RecorderStatus;
use crate::model::Val;

pub(super) const KINDS: &[(&str, Handler)] =
    &[("aws_config_configuration_recorder_status", recorder_status)];

fn recorder_status(cx: &mut Cx, v: &Variant) {
    let enabled = match bool_field(&v.body, "is_enabled", false, v.res.range) {
        // Required: without it Terraform rejects the resource.
        Val::Default(_, at) => Val::Unknown(at),
        known => known,
    };
    cx.m.config.recorder_statuses.push(RecorderStatus {
        meta: v.meta.clone(),
        enabled,
    });
}
