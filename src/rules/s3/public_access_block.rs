//! AWS-S3-002 s3-public-access-block: buckets without a public access block,
//! and blocks with any of the four protections turned off.

use crate::finding::Severity;
use crate::model::s3::PabState;
use crate::model::Model;
use crate::rules::Emitter;

pub(crate) fn check(model: &Model, e: &mut Emitter) {
    for bucket in &model.s3.buckets {
        if bucket.public_access_block == PabState::Missing {
            e.report_with(
                &bucket.meta,
                bucket.meta.range,
                Severity::Medium,
                format!("{} has no public access block", bucket.meta.name()),
            );
        }
    }
    for pab in &model.s3.public_access_blocks {
        for (name, flag) in pab.flags() {
            if let Some((false, range)) = flag.get() {
                let how = if flag.is_default() {
                    "is not set (defaults to false)"
                } else {
                    "is false"
                };
                e.report(
                    &pab.meta,
                    range,
                    format!("{}: `{name}` {how}", pab.meta.name()),
                );
            }
        }
    }
}
