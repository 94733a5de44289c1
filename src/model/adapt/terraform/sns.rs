//! SNS: `aws_sns_topic`.

use super::{Cx, Handler};
use crate::model::adapt::{presence, Variant};
use crate::model::sns::Topic;

pub(super) const KINDS: &[(&str, Handler)] = &[("aws_sns_topic", topic)];

fn topic(cx: &mut Cx, v: &Variant) {
    cx.m.sns.topics.push(Topic {
        meta: v.meta.clone(),
        kms_key: presence(&v.body, "kms_master_key_id", v.res.range),
    });
}
