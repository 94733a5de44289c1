//! AWS-ECR-001 ecr-image-scan-on-push-disabled.

use crate::model::Model;
use crate::rules::Emitter;

pub(crate) fn check(model: &Model, e: &mut Emitter) {
    // A registry scanning configuration decides, for every repository it
    // filters in, whether and how images are scanned (enhanced scanning
    // ignores the repositories' own setting): the repositories' setting
    // alone no longer says whether their images are scanned.
    for r in model
        .ecr
        .repositories
        .iter()
        .filter(|r| !r.registry_scanning)
    {
        if let Some((false, range)) = r.scan_on_push.get() {
            let how = if r.scan_on_push.is_default() {
                "does not scan images on push"
            } else {
                "sets scan on push to false"
            };
            e.report(
                &r.meta,
                range,
                format!("ECR repository {} {how}", r.meta.name()),
            );
        }
    }
}
