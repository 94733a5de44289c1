//! S3 server access logs, shared by both formats' adapters: which buckets
//! receive them.

use crate::model::s3::Bucket;
use crate::model::Val;

/// The grantee URI of S3's log delivery group.
pub(crate) fn is_log_delivery_group(uri: &str) -> bool {
    uri.trim_end_matches('/')
        .eq_ignore_ascii_case("http://acs.amazonaws.com/groups/s3/LogDelivery")
}

/// Sets a bucket's `access_log_target` to `target`, or to what its
/// policies say when they allow S3's logging service.
pub(crate) fn mark_by_policies(bucket: &mut Bucket, mut target: Val<bool>) {
    let verdict = match bucket.policies.known() {
        None => Some(Val::Unknown(bucket.meta.range)),
        Some(docs) => {
            let allows = docs
                .iter()
                .map(|d| d.allows_service("logging.s3.amazonaws.com"));
            let mut out = None;
            for a in allows {
                match a {
                    Some(true) => {
                        out = Some(Val::Known(true, bucket.policies.range()));
                        break;
                    }
                    None => out = Some(Val::Unknown(bucket.meta.range)),
                    Some(false) => {}
                }
            }
            out
        }
    };
    if let Some(v) = verdict {
        mark(&mut target, v);
    }
    bucket.access_log_target = target;
}

/// Records evidence that a bucket receives access logs: a known `true`
/// wins over an unknown, which wins over the default.
pub(crate) fn mark(slot: &mut Val<bool>, v: Val<bool>) {
    let replace = match (&*slot, &v) {
        (Val::Known(true, _), _) => false,
        (_, Val::Known(true, _)) => true,
        (Val::Default(..), Val::Unknown(_)) => true,
        _ => false,
    };
    if replace {
        *slot = v;
    }
}
