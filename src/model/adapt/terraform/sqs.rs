//! SQS: `aws_sqs_queue`.

use super::{Cx, Handler};
use crate::model::adapt::{bool_field, presence, Variant};
use crate::model::sqs::Queue;

pub(super) const KINDS: &[(&str, Handler)] = &[("aws_sqs_queue", queue)];

fn queue(cx: &mut Cx, v: &Variant) {
    cx.m.sqs.queues.push(Queue {
        meta: v.meta.clone(),
        kms_key: presence(&v.body, "kms_master_key_id", v.res.range),
        managed_sse: bool_field(&v.body, "sqs_managed_sse_enabled", true, v.res.range),
    });
}
