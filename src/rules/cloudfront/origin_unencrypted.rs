//! AWS-CF-002 cloudfront-origin-unencrypted: custom origins CloudFront
//! reaches over plain HTTP.

use crate::model::cloudfront::{Distribution, Origin};
use crate::model::Model;
use crate::rules::Emitter;

pub(crate) fn check(model: &Model, e: &mut Emitter) {
    for d in &model.cloudfront.distributions {
        let Some(origins) = d.origins.known() else {
            continue;
        };
        for o in origins {
            let Some(custom) = &o.custom else { continue };
            let Some((policy, range)) = custom.protocol_policy.get() else {
                continue;
            };
            let origin = match o.id.known() {
                Some(id) => format!("custom origin {id}"),
                None => "a custom origin".to_string(),
            };
            let why = match policy.as_str() {
                "http-only" => "is reached over plain HTTP (origin protocol policy http-only)".to_string(),
                "match-viewer" => match allow_all_behavior(d, o) {
                    Some(which) => format!(
                        "uses the viewer's protocol (match-viewer) and the {which} accepts plain HTTP from viewers (allow-all)"
                    ),
                    None => continue,
                },
                _ => continue,
            };
            e.report(
                &d.meta,
                range,
                format!("distribution {}: {origin} {why}", d.meta.name()),
            );
        }
    }
}

/// The first cache behavior that sends requests to this origin and lets
/// viewers use HTTP; `None` when there is none, or when an unknown value
/// (the origin's id, a behavior's target or policy) might hide one.
fn allow_all_behavior(d: &Distribution, o: &Origin) -> Option<String> {
    let id = o.id.known()?;
    let behaviors = d.behaviors.known()?;
    let mut found = None;
    for b in behaviors {
        if b.target_origin_id.known()? != id {
            continue;
        }
        if b.viewer_protocol_policy.known()? == "allow-all" && found.is_none() {
            found = Some(match &b.path_pattern {
                None => "default cache behavior".to_string(),
                Some(p) => match p.known() {
                    Some(p) => format!("cache behavior for {p}"),
                    None => "cache behavior".to_string(),
                },
            });
        }
    }
    found
}
