//! CloudFront: `aws_cloudfront_distribution`.

use super::{Cx, Handler};
use crate::eval::value::{Kind, Value};
use crate::model::adapt::{string_val, strings, Variant};
use crate::model::cloudfront::{CacheBehavior, CustomOrigin, Distribution, Origin};
use crate::model::Val;
use crate::source::Range;

pub(super) const KINDS: &[(&str, Handler)] = &[("aws_cloudfront_distribution", distribution)];

fn distribution(cx: &mut Cx, v: &Variant) {
    let (b, at) = (&v.body, v.res.range);
    let mut behaviors = blocks(b.get("default_cache_behavior"), at, |block| {
        behavior(block, false)
    });
    let ordered = blocks(b.get("ordered_cache_behavior"), at, |block| {
        behavior(block, true)
    });
    behaviors = match (behaviors, ordered) {
        (Val::Known(mut all, r), Val::Known(more, _)) => {
            all.extend(more);
            Val::Known(all, r)
        }
        (Val::Unknown(r), _) | (_, Val::Unknown(r)) => Val::Unknown(r),
        (other, _) => other,
    };
    cx.m.cloudfront.distributions.push(Distribution {
        meta: v.meta.clone(),
        behaviors,
        origins: blocks(b.get("origin"), at, origin),
    });
}

/// Every block of a list of nested blocks read by `read`; unknown when the
/// list or a block is not a map.
fn blocks<T>(list: Option<&Value>, at: Range, read: impl Fn(&Value) -> T) -> Val<Vec<T>> {
    let Some(list) = list else {
        return Val::Known(Vec::new(), at);
    };
    let mut out = Vec::new();
    for block in list.items() {
        if !matches!(block.kind, Kind::Map(_)) {
            return Val::Unknown(block.range);
        }
        out.push(read(block));
    }
    Val::Known(out, list.range)
}

fn field(block: &Value, key: &str) -> Val<String> {
    block
        .get(key)
        .map(string_val)
        .unwrap_or(Val::Unknown(block.range))
}

fn behavior(block: &Value, ordered: bool) -> CacheBehavior {
    CacheBehavior {
        range: block.range,
        path_pattern: ordered.then(|| field(block, "path_pattern")),
        viewer_protocol_policy: field(block, "viewer_protocol_policy")
            .map(|p| p.to_ascii_lowercase()),
        target_origin_id: field(block, "target_origin_id"),
    }
}

/// A list of protocols; unknown when left out or not a list.
fn protocols(list: Option<&Value>, config: &Value) -> Val<Vec<Val<String>>> {
    match list {
        Some(l) if matches!(l.kind, Kind::List(_)) => Val::Known(strings(Some(l)), l.range),
        Some(l) => Val::Unknown(l.range),
        None => Val::Unknown(config.range),
    }
}

fn origin(block: &Value) -> Origin {
    let custom = block
        .blocks("custom_origin_config")
        .first()
        .map(|c| CustomOrigin {
            protocol_policy: if matches!(c.kind, Kind::Map(_)) {
                field(c, "origin_protocol_policy").map(|p| p.to_ascii_lowercase())
            } else {
                Val::Unknown(c.range)
            },
            ssl_protocols: protocols(c.get("origin_ssl_protocols"), c),
        });
    Origin {
        range: block.range,
        id: field(block, "origin_id"),
        custom,
    }
}
