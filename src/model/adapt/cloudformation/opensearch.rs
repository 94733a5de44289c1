//! OpenSearch: `AWS::OpenSearchService::Domain`, `AWS::Elasticsearch::Domain`.

use super::{Cx, Handler};
use crate::model::adapt::{nested_bool, string_or, Variant};
use crate::model::opensearch::Domain;
use crate::model::Val;

pub(super) const KINDS: &[(&str, Handler)] = &[
    ("AWS::OpenSearchService::Domain", domain),
    ("AWS::Elasticsearch::Domain", domain),
];

fn domain(cx: &mut Cx, v: &Variant) {
    let b = &v.body;
    let r = v.res.range;
    cx.m.opensearch.domains.push(Domain {
        meta: v.meta.clone(),
        at_rest: nested_bool(b, "EncryptionAtRestOptions", "Enabled", false, r),
        node_to_node: nested_bool(b, "NodeToNodeEncryptionOptions", "Enabled", false, r),
        enforce_https: nested_bool(b, "DomainEndpointOptions", "EnforceHTTPS", false, r),
        tls_policy: match b.blocks("DomainEndpointOptions").first() {
            Some(o) if o.get("TLSSecurityPolicy").is_some() => {
                string_or(o, "TLSSecurityPolicy", "", o.range)
            }
            _ => Val::Unknown(r),
        },
    });
}
