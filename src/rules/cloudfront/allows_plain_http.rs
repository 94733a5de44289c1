//! AWS-CF-001 cloudfront-allows-plain-http: cache behaviors that
//! serve viewers over plain HTTP.

use crate::model::Model;
use crate::rules::Emitter;

pub(crate) fn check(model: &Model, e: &mut Emitter) {
    for d in &model.cloudfront.distributions {
        let Some(behaviors) = d.behaviors.known() else {
            continue;
        };
        for b in behaviors {
            let Some((policy, range)) = b.viewer_protocol_policy.get() else {
                continue;
            };
            if policy != "allow-all" {
                continue;
            }
            let which = match &b.path_pattern {
                None => "default cache behavior".to_string(),
                Some(p) => match p.known() {
                    Some(p) => format!("cache behavior for {p}"),
                    None => "cache behavior".to_string(),
                },
            };
            e.report(
                &d.meta,
                range,
                format!(
                    "distribution {}: the {which} sets its viewer protocol policy to allow-all, so viewers can use plain HTTP",
                    d.meta.name()
                ),
            );
        }
    }
}
