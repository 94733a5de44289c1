//! OpenSearch: `aws_opensearch_domain`, `aws_elasticsearch_domain`.

use super::{Cx, Handler};
use crate::eval::value::Kind;
use crate::model::adapt::{bool_field, nested_bool, string_or, Variant};
use crate::model::opensearch::Domain;
use crate::model::Val;

pub(super) const KINDS: &[(&str, Handler)] = &[
    ("aws_opensearch_domain", domain),
    ("aws_elasticsearch_domain", domain),
];

fn domain(cx: &mut Cx, v: &Variant) {
    let b = &v.body;
    let r = v.res.range;
    let enforce_https = match b.blocks("domain_endpoint_options").first() {
        None => Val::Default(false, r),
        Some(o) if matches!(o.kind, Kind::Map(_)) && o.get("enforce_https").is_some() => {
            bool_field(o, "enforce_https", false, o.range)
        }
        Some(o) => Val::Unknown(o.range),
    };
    let tls_policy = match b.blocks("domain_endpoint_options").first() {
        Some(o) if o.get("tls_security_policy").is_some() => {
            string_or(o, "tls_security_policy", "", o.range)
        }
        _ => Val::Unknown(r),
    };
    cx.m.opensearch.domains.push(Domain {
        meta: v.meta.clone(),
        at_rest: nested_bool(b, "encrypt_at_rest", "enabled", false, r),
        node_to_node: nested_bool(b, "node_to_node_encryption", "enabled", false, r),
        enforce_https,
        tls_policy,
    });
}
