//! OpenSearch: `AWS::OpenSearchService::Domain`, `AWS::Elasticsearch::Domain`.

use super::{Cx, Handler};
use crate::model::adapt::{nested_bool, Variant};
use crate::model::opensearch::Domain;

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
    });
}
