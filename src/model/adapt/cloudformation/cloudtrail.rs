//! CloudTrail: `AWS::CloudTrail::Trail`.

use super::{Cx, Handler};
use crate::model::adapt::{bool_field, presence, Variant};
use crate::model::cloudtrail::Trail;

pub(super) const KINDS: &[(&str, Handler)] = &[("AWS::CloudTrail::Trail", trail)];

fn trail(cx: &mut Cx, v: &Variant) {
    cx.m.cloudtrail.trails.push(Trail {
        meta: v.meta.clone(),
        log_file_validation: bool_field(&v.body, "EnableLogFileValidation", false, v.res.range),
        multi_region: bool_field(&v.body, "IsMultiRegionTrail", false, v.res.range),
        kms_key: presence(&v.body, "KMSKeyId", v.res.range),
        cloudwatch_logs_group: presence(&v.body, "CloudWatchLogsLogGroupArn", v.res.range),
        cloudwatch_logs_role: presence(&v.body, "CloudWatchLogsRoleArn", v.res.range),
    });
}
