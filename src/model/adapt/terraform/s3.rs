//! S3: buckets, and the ACL, public access block and policy resources that
//! configure them, linked to their bucket by reference or by name.

use std::collections::{HashMap, HashSet};

use super::iam::resolve_document;
use super::{Cx, Handler};
use crate::model::adapt::access_logs::{is_log_delivery_group, mark, mark_by_policies};
use crate::model::adapt::link::{same_resource, target, without_key, RefSet, Target};
use crate::model::adapt::{bool_field, is_set, policy_document, string_field, Variant};
use crate::model::iam::PolicyDocument;
use crate::model::s3::{AclSetting, Bucket, BucketPolicy, PabState, Protection, PublicAccessBlock};
use crate::model::Val;
use crate::source::Range;

pub(super) const KINDS: &[(&str, Handler)] = &[
    ("aws_s3_bucket", bucket),
    ("aws_s3_bucket_acl", acl),
    ("aws_s3_bucket_public_access_block", public_access_block),
    ("aws_s3_account_public_access_block", public_access_block),
    ("aws_s3_bucket_policy", bucket_policy),
    ("aws_s3_bucket_logging", logging),
    ("aws_s3_bucket_versioning", versioning),
];

#[derive(Default)]
pub(super) struct Links {
    /// Each bucket's address and literal name.
    bucket_names: Vec<(String, Option<String>)>,
    /// What each bucket-level public access block points at, with its index
    /// in the model.
    pab_targets: Vec<Target>,
    pab_index: Vec<usize>,
    /// An account-level block with all four protections on.
    account_block: bool,
    /// Account-level blocks, by index in the model.
    account_index: Vec<usize>,
    /// The bucket each ACL setting and policy (by index) is set on.
    acl_buckets: Vec<(usize, Target)>,
    policy_buckets: Vec<(usize, Target)>,
    /// Every bucket policy with the bucket it names: its document, or
    /// `None` when the document is unknown.
    bucket_policies: Vec<(Target, Option<PolicyDocument>)>,
    /// `aws_s3_bucket_logging` resources: the bucket each configures, and
    /// its range.
    logging_configs: Vec<(Target, Range)>,
    /// Where access logs are delivered (`target_bucket` of inline `logging`
    /// blocks and of `aws_s3_bucket_logging`), with the value's range.
    log_destinations: Vec<(Target, Range)>,
    /// `aws_s3_bucket_versioning` resources: the bucket each configures,
    /// and whether it enables versioning.
    versioning_configs: Vec<(Target, Val<bool>)>,
}

/// The buckets of a module (by index in the model, parallel to
/// `Links::bucket_names`) by address, address without instance key, and
/// literal name: what a reference or a name in a split resource links to.
struct BucketIndex<'a> {
    by_address: HashMap<&'a str, Vec<usize>>,
    by_base: HashMap<&'a str, Vec<usize>>,
    by_name: HashMap<&'a str, Vec<usize>>,
}

impl<'a> BucketIndex<'a> {
    fn new(bucket_names: &'a [(String, Option<String>)]) -> Self {
        let mut index = BucketIndex {
            by_address: HashMap::new(),
            by_base: HashMap::new(),
            by_name: HashMap::new(),
        };
        for (i, (address, name)) in bucket_names.iter().enumerate() {
            index.by_address.entry(address).or_default().push(i);
            if let Some(base) = without_key(address) {
                index.by_base.entry(base).or_default().push(i);
            }
            if let Some(n) = name {
                index.by_name.entry(n).or_default().push(i);
            }
        }
        index
    }

    /// The buckets a target names (as `same_resource` pairs references and
    /// addresses), or `None` when it names none of this module's buckets.
    fn resolve(&self, t: &Target) -> Option<Vec<usize>> {
        let mut found = Vec::new();
        match t {
            Target::Refs(refs) => {
                for r in refs {
                    let r = &**r;
                    found.extend(self.by_address.get(r).into_iter().flatten());
                    found.extend(self.by_base.get(r).into_iter().flatten());
                    if let Some(base) = without_key(r) {
                        found.extend(self.by_address.get(base).into_iter().flatten());
                    }
                }
            }
            Target::Name(n) => found.extend(self.by_name.get(n.as_str()).into_iter().flatten()),
            Target::Unresolved => {}
        }
        found.sort_unstable();
        found.dedup();
        (!found.is_empty()).then_some(found)
    }
}

/// A bucket's own address, as a link target.
fn itself(v: &Variant) -> Target {
    Target::Refs(vec![v.res.address.as_str().into()])
}

fn bucket(cx: &mut Cx, v: &Variant) {
    let b = &v.body;
    cx.s3.bucket_names.push((
        v.res.address.clone(),
        b.get("bucket").and_then(|n| n.as_str()).map(String::from),
    ));
    let logging_blocks = b.blocks("logging");
    let logging = match logging_blocks.first() {
        None => Val::Default(false, v.meta.range),
        Some(l) if logging_blocks.iter().any(|l| l.is_unknown()) => Val::Unknown(l.range),
        Some(l) => Val::Known(true, l.range),
    };
    for l in &logging_blocks {
        let at = l.get("target_bucket").map_or(l.range, |t| t.range);
        cx.s3
            .log_destinations
            .push((target(l.get("target_bucket")), at));
    }
    let mut access_log_target = Val::Default(false, v.meta.range);
    for uri in b.blocks("grant").into_iter().filter_map(|g| g.get("uri")) {
        match uri.as_str() {
            Some(u) if is_log_delivery_group(u) => {
                access_log_target = Val::Known(true, uri.range);
                break;
            }
            Some(_) => {}
            None => access_log_target = Val::Unknown(uri.range),
        }
    }
    let versioning = match (b.get("object_lock_enabled"), b.blocks("versioning").first()) {
        (Some(lock), _) if lock.as_bool() == Some(true) => Val::Known(true, lock.range),
        (_, Some(block)) if block.is_unknown() => Val::Unknown(block.range),
        (_, Some(block)) => bool_field(block, "enabled", false, block.range),
        (_, None) => Val::Default(false, v.meta.range),
    };
    cx.m.s3.buckets.push(Bucket {
        meta: v.meta.clone(),
        public_access_block: PabState::Missing,
        policies: Val::Known(Vec::new(), v.meta.range),
        logging,
        access_log_target,
        versioning,
    });
    if let Some(acl) = string_field(b, "acl") {
        cx.s3.acl_buckets.push((cx.m.s3.acls.len(), itself(v)));
        cx.m.s3.acls.push(AclSetting {
            meta: v.meta.clone(),
            canned_acl: Some(acl),
            grantee_uris: Vec::new(),
            protection: Protection::none(v.meta.range),
        });
    }
    if is_set(b, "policy") {
        let doc = b.get("policy").and_then(policy_document);
        cx.s3.bucket_policies.push((itself(v), doc));
    }
    if let Some(doc) = b.get("policy").and_then(policy_document) {
        cx.s3
            .policy_buckets
            .push((cx.m.s3.policies.len(), itself(v)));
        cx.m.s3.policies.push(BucketPolicy {
            meta: v.meta.clone(),
            document: doc,
            protection: Protection::none(v.meta.range),
        });
    }
}

fn acl(cx: &mut Cx, v: &Variant) {
    let b = &v.body;
    let grantee_uris = b
        .blocks("access_control_policy")
        .into_iter()
        .flat_map(|p| p.blocks("grant"))
        .flat_map(|g| g.blocks("grantee"))
        .filter_map(|g| string_field(g, "uri"))
        .collect();
    cx.s3
        .acl_buckets
        .push((cx.m.s3.acls.len(), target(b.get("bucket"))));
    cx.m.s3.acls.push(AclSetting {
        meta: v.meta.clone(),
        canned_acl: string_field(b, "acl"),
        grantee_uris,
        protection: Protection::none(v.meta.range),
    });
}

fn public_access_block(cx: &mut Cx, v: &Variant) {
    let (b, r) = (&v.body, v.res.range);
    let account = v.res.kind == "aws_s3_account_public_access_block";
    let pab = PublicAccessBlock {
        meta: v.meta.clone(),
        account,
        range: r,
        block_public_acls: bool_field(b, "block_public_acls", false, r),
        block_public_policy: bool_field(b, "block_public_policy", false, r),
        ignore_public_acls: bool_field(b, "ignore_public_acls", false, r),
        restrict_public_buckets: bool_field(b, "restrict_public_buckets", false, r),
    };
    if account {
        cx.s3.account_block |= pab.flags().iter().all(|(_, f)| f.is_known_and(|b| *b));
        cx.s3.account_index.push(cx.m.s3.public_access_blocks.len());
    } else {
        cx.s3.pab_targets.push(target(b.get("bucket")));
        cx.s3.pab_index.push(cx.m.s3.public_access_blocks.len());
    }
    cx.m.s3.public_access_blocks.push(pab);
}

fn bucket_policy(cx: &mut Cx, v: &Variant) {
    let bucket = target(v.body.get("bucket"));
    let Some(docs) = v
        .body
        .get("policy")
        .and_then(|p| resolve_document(p, &cx.iam.documents))
    else {
        cx.s3.bucket_policies.push((bucket, None));
        return;
    };
    for (meta, document) in docs {
        cx.s3
            .bucket_policies
            .push((bucket.clone(), Some(document.clone())));
        cx.s3
            .policy_buckets
            .push((cx.m.s3.policies.len(), bucket.clone()));
        cx.m.s3.policies.push(BucketPolicy {
            meta: meta.unwrap_or_else(|| v.meta.clone()),
            document,
            protection: Protection::none(v.meta.range),
        });
    }
}

/// `aws_s3_bucket_logging`: turns on server access logging for a bucket.
fn logging(cx: &mut Cx, v: &Variant) {
    let b = &v.body;
    cx.s3
        .logging_configs
        .push((target(b.get("bucket")), v.res.range));
    let at = b.get("target_bucket").map_or(v.res.range, |t| t.range);
    cx.s3
        .log_destinations
        .push((target(b.get("target_bucket")), at));
}

/// `aws_s3_bucket_versioning`: `versioning_configuration.status` is
/// `Enabled`, or `Suspended` (`Disabled` on buckets never versioned).
fn versioning(cx: &mut Cx, v: &Variant) {
    let b = &v.body;
    let status = match b.blocks("versioning_configuration").first() {
        None => Val::Unknown(v.res.range),
        Some(c) => match c.get("status") {
            None => Val::Unknown(c.range),
            Some(s) => match s.as_str() {
                Some(text) => Val::Known(text.eq_ignore_ascii_case("Enabled"), s.range),
                None => Val::Unknown(s.range),
            },
        },
    };
    cx.s3
        .versioning_configs
        .push((target(b.get("bucket")), status));
}

/// Gives each bucket the versioning of the `aws_s3_bucket_versioning` that
/// names it. One whose bucket is not in the module makes the versioning of
/// every bucket without its own unknown. Object Lock keeps versioning on.
fn link_versioning(cx: &mut Cx) {
    let index = BucketIndex::new(&cx.s3.bucket_names);
    let buckets = &mut cx.m.s3.buckets;
    let mut linked: Vec<Option<Val<bool>>> = vec![None; buckets.len()];
    let mut unresolved = false;
    for (t, status) in &cx.s3.versioning_configs {
        match index.resolve(t) {
            Some(found) => found.into_iter().for_each(|i| {
                linked[i].get_or_insert_with(|| status.clone());
            }),
            None => unresolved = true,
        }
    }
    for (bucket, linked) in buckets.iter_mut().zip(linked) {
        if matches!(bucket.versioning, Val::Known(true, _)) {
            continue;
        }
        if let Some(status) = linked {
            bucket.versioning = status;
        } else if unresolved && bucket.versioning.is_default() {
            bucket.versioning = Val::Unknown(bucket.meta.range);
        }
    }
}

/// Whether an ACL lets S3 deliver access logs into its bucket: the canned
/// ACL `log-delivery-write`, or a grant to the log delivery group. `None`
/// when an unknown value decides.
fn acl_delivers_logs(acl: &AclSetting) -> Option<bool> {
    let canned = acl
        .canned_acl
        .iter()
        .map(|c| c.known().map(|c| c == "log-delivery-write"));
    let grants = acl
        .grantee_uris
        .iter()
        .map(|u| u.known().map(|u| is_log_delivery_group(u)));
    let mut unknown = false;
    for verdict in canned.chain(grants) {
        match verdict {
            Some(true) => return Some(true),
            Some(false) => {}
            None => unknown = true,
        }
    }
    (!unknown).then_some(false)
}

/// Gives each bucket its access logging (an `aws_s3_bucket_logging` that
/// names it) and whether it receives other buckets' access logs. A logging
/// resource whose bucket is not in the module makes the logging of every
/// bucket without its own unknown; a destination that cannot be resolved
/// makes every bucket a possible log target.
fn link_logging(cx: &mut Cx) {
    let index = BucketIndex::new(&cx.s3.bucket_names);
    let buckets = &mut cx.m.s3.buckets;
    let mut logged: Vec<Option<Range>> = vec![None; buckets.len()];
    let mut logging_unresolved = false;
    for (t, at) in &cx.s3.logging_configs {
        match index.resolve(t) {
            Some(found) => found.into_iter().for_each(|i| {
                logged[i].get_or_insert(*at);
            }),
            None => logging_unresolved = true,
        }
    }
    let mut targets: Vec<Val<bool>> = buckets
        .iter()
        .map(|b| b.access_log_target.clone())
        .collect();
    let mut any_target = false;
    for (t, at) in &cx.s3.log_destinations {
        match index.resolve(t) {
            Some(found) => found
                .into_iter()
                .for_each(|i| mark(&mut targets[i], Val::Known(true, *at))),
            None => any_target |= matches!(t, Target::Unresolved),
        }
    }
    for (i, t) in &cx.s3.acl_buckets {
        let acl = &cx.m.s3.acls[*i];
        let verdict = match acl_delivers_logs(acl) {
            Some(false) => continue,
            Some(true) => Val::Known(true, acl.meta.range),
            None => Val::Unknown(acl.meta.range),
        };
        match index.resolve(t) {
            Some(found) => found
                .into_iter()
                .for_each(|b| mark(&mut targets[b], verdict.clone())),
            None => any_target |= matches!(t, Target::Unresolved),
        }
    }
    for ((bucket, target), logged) in buckets.iter_mut().zip(targets).zip(logged) {
        mark_by_policies(bucket, target);
        if bucket.logging.is_default() {
            if let Some(at) = logged {
                bucket.logging = Val::Known(true, at);
            } else if logging_unresolved {
                bucket.logging = Val::Unknown(bucket.meta.range);
            }
        }
        if any_target && bucket.access_log_target.is_default() {
            bucket.access_log_target = Val::Unknown(bucket.meta.range);
        }
    }
}

/// Links public access blocks to buckets. Sets, not scans of lists: a
/// module can hold many thousands of buckets. A reference matches an
/// address as `same_resource` says: the same, or one of them with an
/// instance key the other lacks.
pub(super) fn link(cx: &mut Cx) {
    link_policies(cx);
    link_logging(cx);
    link_versioning(cx);
    let links = &cx.s3;
    // A bucket's first variant names it (as before: variants may differ).
    let mut names: HashMap<&str, Option<&str>> = HashMap::new();
    for (a, n) in &links.bucket_names {
        names.entry(a.as_str()).or_insert(n.as_deref());
    }
    let bucket_bases: HashSet<&str> = names.keys().filter_map(|a| without_key(a)).collect();
    let bucket_name_set: HashSet<&str> = links
        .bucket_names
        .iter()
        .filter_map(|(_, n)| n.as_deref())
        .collect();
    let mut pab_refs = RefSet::default();
    let mut pab_names: HashSet<&str> = HashSet::new();
    let mut any_unresolved = links.account_block;
    for t in &links.pab_targets {
        match t {
            Target::Unresolved => any_unresolved = true,
            Target::Refs(refs) => {
                let mut found = false;
                for r in refs {
                    pab_refs.insert(r);
                    found |= names.contains_key(&**r)
                        || bucket_bases.contains(&**r)
                        || without_key(r).is_some_and(|b| names.contains_key(b));
                }
                any_unresolved |= !found;
            }
            Target::Name(n) => {
                pab_names.insert(n.as_str());
                any_unresolved |= !bucket_name_set.contains(n.as_str());
            }
        }
    }
    // The block each ACL and policy's bucket is covered by.
    let pab_of = |t: &Target, at| -> Protection {
        let bucket_address = |r: &str| {
            names
                .keys()
                .find(|a| same_resource(r, a))
                .map(|a| a.to_string())
        };
        // The bucket, as an address when it is in this module, or its name.
        let (address, name): (Option<String>, Option<&str>) = match t {
            Target::Refs(refs) => {
                let a = refs.iter().find_map(|r| bucket_address(r));
                let n = a.as_deref().and_then(|a| names.get(a).copied().flatten());
                (a, n)
            }
            Target::Name(n) => (
                links
                    .bucket_names
                    .iter()
                    .find(|(_, bn)| bn.as_deref() == Some(n.as_str()))
                    .map(|(a, _)| a.clone()),
                Some(n.as_str()),
            ),
            Target::Unresolved => return Protection::unknown(at),
        };
        for (pt, &i) in links.pab_targets.iter().zip(&links.pab_index) {
            let linked = match pt {
                Target::Refs(refs) => address
                    .as_deref()
                    .is_some_and(|a| refs.iter().any(|r| same_resource(r, a))),
                Target::Name(pn) => name == Some(pn.as_str()),
                Target::Unresolved => return Protection::unknown(at),
            };
            if linked {
                return Protection::of(&cx.m.s3.public_access_blocks[i]);
            }
        }
        Protection::none(at)
    };
    let acl_protection: Vec<(usize, Protection)> = links
        .acl_buckets
        .iter()
        .map(|(i, t)| (*i, pab_of(t, cx.m.s3.acls[*i].meta.range)))
        .collect();
    let policy_protection: Vec<(usize, Protection)> = links
        .policy_buckets
        .iter()
        .map(|(i, t)| (*i, pab_of(t, cx.m.s3.policies[*i].meta.range)))
        .collect();
    let with_accounts = |mut p: Protection| {
        for &i in &links.account_index {
            p = p.with_account(&cx.m.s3.public_access_blocks[i]);
        }
        p
    };
    let acl_protection: Vec<_> = acl_protection
        .into_iter()
        .map(|(i, p)| (i, with_accounts(p)))
        .collect();
    let policy_protection: Vec<_> = policy_protection
        .into_iter()
        .map(|(i, p)| (i, with_accounts(p)))
        .collect();
    for (i, p) in acl_protection {
        cx.m.s3.acls[i].protection = p;
    }
    for (i, p) in policy_protection {
        cx.m.s3.policies[i].protection = p;
    }
    for bucket in &mut cx.m.s3.buckets {
        let address = bucket.meta.address.as_str();
        let name = names.get(address).copied().flatten();
        bucket.public_access_block =
            if pab_refs.matches(address) || name.is_some_and(|n| pab_names.contains(n)) {
                PabState::Linked
            } else if any_unresolved {
                PabState::Unresolved
            } else {
                PabState::Missing
            };
    }
}

/// Gives each bucket the documents of the policies that name it. A policy
/// whose document is unknown makes its buckets' policies unknown; one whose
/// bucket is not in the module makes every bucket's policies unknown (it may
/// be any of them, under a name computed at apply time).
fn link_policies(cx: &mut Cx) {
    let policies = std::mem::take(&mut cx.s3.bucket_policies);
    let index = BucketIndex::new(&cx.s3.bucket_names);
    let mut per: Vec<Option<Vec<PolicyDocument>>> = vec![Some(Vec::new()); cx.m.s3.buckets.len()];
    let mut unresolved = false;
    for (t, doc) in policies {
        let Some(buckets) = index.resolve(&t) else {
            unresolved = true;
            continue;
        };
        for i in buckets {
            match (&mut per[i], &doc) {
                (Some(docs), Some(d)) => docs.push(d.clone()),
                (slot, _) => *slot = None,
            }
        }
    }
    for (bucket, docs) in cx.m.s3.buckets.iter_mut().zip(per) {
        let at = bucket.meta.range;
        bucket.policies = match docs {
            Some(docs) if !unresolved => Val::Known(docs, at),
            _ => Val::Unknown(at),
        };
    }
}
