//! CloudFront: `AWS::CloudFront::Distribution`.

use super::{Cx, Handler};
use crate::eval::value::{Kind, Value};
use crate::model::adapt::{string_val, strings, Variant};
use crate::model::cloudfront::{CacheBehavior, CustomOrigin, Distribution, Origin};
use crate::model::Val;
use crate::source::Range;

pub(super) const KINDS: &[(&str, Handler)] = &[("AWS::CloudFront::Distribution", distribution)];

fn distribution(cx: &mut Cx, v: &Variant) {
    let at = v.res.range;
    let (behaviors, origins) = match v.body.get("DistributionConfig") {
        Some(c) if matches!(c.kind, Kind::Map(_)) => {
            let default = match c.get("DefaultCacheBehavior") {
                Some(d) if matches!(d.kind, Kind::Map(_)) => {
                    Val::Known(vec![behavior(d, false)], d.range)
                }
                Some(d) => Val::Unknown(d.range),
                None => Val::Known(Vec::new(), c.range),
            };
            let ordered = entries(c.get("CacheBehaviors"), c.range, |e| behavior(e, true));
            let behaviors = match (default, ordered) {
                (Val::Known(mut all, r), Val::Known(more, _)) => {
                    all.extend(more);
                    Val::Known(all, r)
                }
                (Val::Unknown(r), _) | (_, Val::Unknown(r)) => Val::Unknown(r),
                (other, _) => other,
            };
            (behaviors, entries(c.get("Origins"), c.range, origin))
        }
        Some(c) => (Val::Unknown(c.range), Val::Unknown(c.range)),
        None => (Val::Unknown(at), Val::Unknown(at)),
    };
    cx.m.cloudfront.distributions.push(Distribution {
        meta: v.meta.clone(),
        behaviors,
        origins,
    });
}

/// Every entry of a list read by `read`; unknown when the list or an entry
/// is not what it should be.
fn entries<T>(list: Option<&Value>, at: Range, read: impl Fn(&Value) -> T) -> Val<Vec<T>> {
    let Some(list) = list else {
        return Val::Known(Vec::new(), at);
    };
    if !matches!(list.kind, Kind::List(_)) {
        return Val::Unknown(list.range);
    }
    let mut out = Vec::new();
    for item in list.items() {
        if !matches!(item.kind, Kind::Map(_)) {
            return Val::Unknown(item.range);
        }
        out.push(read(item));
    }
    Val::Known(out, list.range)
}

fn field(entry: &Value, key: &str) -> Val<String> {
    entry
        .get(key)
        .map(string_val)
        .unwrap_or(Val::Unknown(entry.range))
}

fn behavior(entry: &Value, ordered: bool) -> CacheBehavior {
    CacheBehavior {
        range: entry.range,
        path_pattern: ordered.then(|| field(entry, "PathPattern")),
        viewer_protocol_policy: field(entry, "ViewerProtocolPolicy")
            .map(|p| p.to_ascii_lowercase()),
        target_origin_id: field(entry, "TargetOriginId"),
    }
}

fn origin(entry: &Value) -> Origin {
    let custom = entry.get("CustomOriginConfig").map(|c| CustomOrigin {
        protocol_policy: if matches!(c.kind, Kind::Map(_)) {
            field(c, "OriginProtocolPolicy").map(|p| p.to_ascii_lowercase())
        } else {
            Val::Unknown(c.range)
        },
        ssl_protocols: match c.get("OriginSSLProtocols") {
            Some(l) if matches!(l.kind, Kind::List(_)) => Val::Known(strings(Some(l)), l.range),
            Some(l) => Val::Unknown(l.range),
            None => Val::Unknown(c.range),
        },
    });
    Origin {
        range: entry.range,
        id: field(entry, "Id"),
        custom,
    }
}
