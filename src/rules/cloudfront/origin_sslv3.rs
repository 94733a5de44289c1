//! AWS-CF-003 cloudfront-origin-sslv3: custom origins CloudFront may reach
//! over SSLv3.

use crate::model::Model;
use crate::rules::Emitter;

pub(crate) fn check(model: &Model, e: &mut Emitter) {
    for d in &model.cloudfront.distributions {
        let Some(origins) = d.origins.known() else {
            continue;
        };
        for o in origins {
            let Some(custom) = &o.custom else { continue };
            let Some(protocols) = custom.ssl_protocols.known() else {
                continue;
            };
            let Some(range) = protocols
                .iter()
                .filter_map(|p| p.get())
                .find(|(p, _)| p.eq_ignore_ascii_case("SSLv3"))
                .map(|(_, r)| r)
            else {
                continue;
            };
            let origin = match o.id.known() {
                Some(id) => format!("custom origin {id}"),
                None => "a custom origin".to_string(),
            };
            e.report(
                &d.meta,
                range,
                format!(
                    "distribution {}: {origin} allows SSLv3 for HTTPS connections to the origin",
                    d.meta.name()
                ),
            );
        }
    }
}
