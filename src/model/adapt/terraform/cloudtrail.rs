//! CloudTrail: `aws_cloudtrail`.

use super::{Cx, Handler};
use crate::model::adapt::{bool_field, presence, Variant};
use crate::model::cloudtrail::Trail;

pub(super) const KINDS: &[(&str, Handler)] = &[("aws_cloudtrail", trail)];

fn trail(cx: &mut Cx, v: &Variant) {
    cx.m.cloudtrail.trails.push(Trail {
        meta: v.meta.clone(),
        log_file_validation: bool_field(&v.body, "enable_log_file_validation", false, v.res.range),
        multi_region: bool_field(&v.body, "is_multi_region_trail", false, v.res.range),
        kms_key: presence(&v.body, "kms_key_id", v.res.range),
        cloudwatch_logs_group: presence(&v.body, "cloud_watch_logs_group_arn", v.res.range),
        cloudwatch_logs_role: presence(&v.body, "cloud_watch_logs_role_arn", v.res.range),
    });
}
