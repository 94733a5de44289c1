//! Linking split resources to their parents: a reference (`aws_s3_bucket.b.id`,
//! `!Ref Bucket`) or a literal name in one resource names another. Shared by
//! both formats' adapters.

use std::collections::HashSet;
use std::sync::Arc;

use crate::address::Address;
use crate::eval::value::Value;

pub(crate) use crate::address::same_resource;

/// An address with its instance key removed (`aws_s3_bucket.b[0]` →
/// `aws_s3_bucket.b`), or `None` when it has none (or is not a Terraform
/// address): the prefix that [`same_resource`] pairs it with.
pub(crate) fn without_key(address: &str) -> Option<&str> {
    let key = Address::parse(address)?.key?.to_string();
    address.strip_suffix(key.as_str())
}

/// Resolves what a reference-valued field points at: the addresses it refers
/// to, or the literal name it holds.
#[derive(Clone)]
pub(crate) enum Target {
    Refs(Vec<Arc<str>>),
    Name(String),
    Unresolved,
}

pub(crate) fn target(v: Option<&Value>) -> Target {
    let Some(v) = v else {
        return Target::Unresolved;
    };
    if let Some(s) = v.as_str() {
        return Target::Name(s.to_string());
    }
    let refs = v.refs();
    if refs.is_empty() {
        Target::Unresolved
    } else {
        Target::Refs(refs)
    }
}

/// The principals a policy field names: references become the addresses they
/// point at, literal names are kept as written.
pub(crate) fn owners(v: Option<&Value>) -> Vec<String> {
    let Some(v) = v else { return Vec::new() };
    v.items()
        .into_iter()
        .flat_map(|item| match target(Some(item)) {
            Target::Refs(refs) => refs.iter().map(|r| r.to_string()).collect(),
            Target::Name(n) => vec![n],
            Target::Unresolved => Vec::new(),
        })
        .collect()
}

/// References, for asking whether one of them is the same resource as an
/// address in the sense of `same_resource`, in constant time.
#[derive(Default)]
pub(crate) struct RefSet<'a> {
    refs: HashSet<&'a str>,
    /// The references that carry an instance key, without it.
    bases: HashSet<&'a str>,
}

impl<'a> RefSet<'a> {
    pub(crate) fn insert(&mut self, r: &'a str) {
        self.refs.insert(r);
        if let Some(base) = without_key(r) {
            self.bases.insert(base);
        }
    }

    pub(crate) fn matches(&self, address: &str) -> bool {
        self.refs.contains(address)
            || self.bases.contains(address)
            || without_key(address).is_some_and(|b| self.refs.contains(b))
    }
}

/// Listeners that leave their protocol out (`unset`: index into
/// `elb.listeners`, and the load balancer they name) listen for HTTP when
/// every load balancer they name in the same configuration is an
/// application load balancer; otherwise their protocol stays unknown.
pub(crate) fn default_http_listeners(
    unset: Vec<(usize, Target)>,
    elb: &mut crate::model::elb::Elb,
) {
    for (index, t) in unset {
        let Target::Refs(refs) = t else { continue };
        let mut lbs = elb
            .load_balancers
            .iter()
            .filter(|lb| refs.iter().any(|r| same_resource(r, &lb.meta.address)))
            .peekable();
        if lbs.peek().is_some() && lbs.all(|lb| lb.lb_type.is_known_and(|t| t == "application")) {
            let l = &mut elb.listeners[index];
            l.protocol = crate::model::Val::Default("HTTP".to_string(), l.meta.range);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{same_resource, without_key};

    #[test]
    fn without_key_pairs_like_same_resource() {
        assert_eq!(without_key("aws_s3_bucket.b[0]"), Some("aws_s3_bucket.b"));
        assert_eq!(
            without_key("module.m[\"x\"].aws_s3_bucket.b[\"a.b\"]"),
            Some("module.m[\"x\"].aws_s3_bucket.b")
        );
        assert_eq!(without_key("module.m[\"x\"].aws_s3_bucket.b"), None);
        assert_eq!(without_key("aws_s3_bucket.b"), None);
        for long in ["aws_s3_bucket.b[0]", "module.m[1].aws_s3_bucket.b[\"k\"]"] {
            let short = without_key(long).unwrap();
            assert!(same_resource(short, long) && same_resource(long, short));
        }
    }

    #[test]
    fn references_match_instances() {
        assert!(same_resource("aws_s3_bucket.b", "aws_s3_bucket.b"));
        assert!(same_resource("aws_s3_bucket.b", "aws_s3_bucket.b[0]"));
        assert!(same_resource("aws_s3_bucket.b[\"k\"]", "aws_s3_bucket.b"));
        assert!(!same_resource("aws_s3_bucket.b[0]", "aws_s3_bucket.b[1]"));
        assert!(!same_resource("aws_s3_bucket.b", "aws_s3_bucket.b2"));
        assert!(!same_resource("module.m", "module.m[0].aws_s3_bucket.b"));
    }
}
