//! AWS-EC2-002 ec2-imdsv2-not-required: instances, launch templates and
//! launch configurations whose instance metadata service accepts IMDSv1.

use crate::model::Model;
use crate::rules::Emitter;

pub(crate) fn check(model: &Model, e: &mut Emitter) {
    for o in &model.ec2.metadata_options {
        let Some((tokens, range)) = o.http_tokens.get() else {
            continue;
        };
        if tokens == "required" {
            continue;
        }
        // A disabled endpoint serves neither version; an unknown one may.
        if !o.http_endpoint.is_known_and(|e| e == "enabled") {
            continue;
        }
        let key = if o.meta.kind.starts_with("aws_") {
            "http_tokens"
        } else {
            "HttpTokens"
        };
        let how = if o.http_tokens.is_default() {
            format!("does not require IMDSv2 (`{key}` is left out, so IMDSv1 stays available unless the AMI or the account's defaults require tokens)")
        } else {
            format!("sets `{key}` to `{tokens}`, which leaves IMDSv1 available")
        };
        e.report(&o.meta, range, format!("{} {how}", o.meta.name()));
    }
}
