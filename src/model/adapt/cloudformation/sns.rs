//! SNS: `AWS::SNS::Topic`.

use super::{Cx, Handler};
use crate::model::adapt::{presence, Variant};
use crate::model::sns::Topic;

pub(super) const KINDS: &[(&str, Handler)] = &[("AWS::SNS::Topic", topic)];

fn topic(cx: &mut Cx, v: &Variant) {
    cx.m.sns.topics.push(Topic {
        meta: v.meta.clone(),
        kms_key: presence(&v.body, "KmsMasterKeyId", v.res.range),
    });
}
