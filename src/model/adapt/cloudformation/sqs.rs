//! SQS: `AWS::SQS::Queue`.

use super::{Cx, Handler};
use crate::model::adapt::{bool_field, presence, Variant};
use crate::model::sqs::Queue;

pub(super) const KINDS: &[(&str, Handler)] = &[("AWS::SQS::Queue", queue)];

fn queue(cx: &mut Cx, v: &Variant) {
    cx.m.sqs.queues.push(Queue {
        meta: v.meta.clone(),
        kms_key: presence(&v.body, "KmsMasterKeyId", v.res.range),
        managed_sse: bool_field(&v.body, "SqsManagedSseEnabled", true, v.res.range),
    });
}
