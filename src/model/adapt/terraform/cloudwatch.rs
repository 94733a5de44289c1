//! CloudWatch Logs: `aws_cloudwatch_log_group`.

use super::{Cx, Handler};
use crate::model::adapt::{int_val, presence, Variant};
use crate::model::cloudwatch::LogGroup;
use crate::model::Val;

pub(super) const KINDS: &[(&str, Handler)] = &[("aws_cloudwatch_log_group", log_group)];

fn log_group(cx: &mut Cx, v: &Variant) {
    let r = v.res.range;
    cx.m.cloudwatch.log_groups.push(LogGroup {
        meta: v.meta.clone(),
        retention_days: match v.body.get("retention_in_days") {
            None => Val::Default(0, r),
            days => int_val(days, r),
        },
        kms_key: presence(&v.body, "kms_key_id", r),
    });
}
