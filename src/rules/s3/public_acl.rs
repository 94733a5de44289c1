//! AWS-S3-001 s3-bucket-public-acl: canned ACLs and grants that open a bucket
//! to everyone or to every AWS account, as the bucket's public access block
//! leaves them: `ignore_public_acls` makes S3 ignore them (not public), and
//! `block_public_acls` makes S3 reject them (the deployment fails: reported
//! as that, at low severity).

use crate::finding::Severity;
use crate::model::s3::AclSetting;
use crate::model::Model;
use crate::rules::Emitter;
use crate::source::Range;

const PUBLIC_CANNED: &[&str] = &["public-read", "public-read-write", "authenticated-read"];
const PUBLIC_GROUPS: &[&str] = &[
    "http://acs.amazonaws.com/groups/global/AllUsers",
    "http://acs.amazonaws.com/groups/global/AuthenticatedUsers",
];

/// A public setting: where, what it does ("uses the public canned ACL
/// `public-read`"), and what it is ("the public canned ACL `public-read`").
struct Public {
    range: Range,
    does: String,
    is: String,
}

pub(crate) fn check(model: &Model, e: &mut Emitter) {
    for acl in &model.s3.acls {
        let mut public: Vec<Public> = Vec::new();
        if let Some(canned) = &acl.canned_acl {
            if let Some(v) = canned
                .known()
                .filter(|v| PUBLIC_CANNED.contains(&v.as_str()))
            {
                public.push(Public {
                    range: canned.range(),
                    does: format!("uses the public canned ACL `{v}`"),
                    is: format!("the public canned ACL `{v}`"),
                });
            }
        }
        for uri in &acl.grantee_uris {
            if let Some(v) = uri.known().filter(|v| PUBLIC_GROUPS.contains(&v.as_str())) {
                let group = v.rsplit('/').next().unwrap_or(v);
                public.push(Public {
                    range: uri.range(),
                    does: format!("grants access to the `{group}` group"),
                    is: format!("a grant to the `{group}` group"),
                });
            }
        }
        for p in public {
            report(acl, p, e);
        }
    }
}

fn report(acl: &AclSetting, public: Public, e: &mut Emitter) {
    let p = &acl.protection;
    let name = acl.meta.name();
    if p.block_public_acls.is_known_and(|b| *b) {
        e.report_with(
            &acl.meta,
            public.range,
            Severity::Low,
            format!(
                "{name} sets {}, which its public access block rejects (`block_public_acls` is true): applying it fails",
                public.is
            ),
        );
        return;
    }
    // Ignored by S3 (`ignore_public_acls`), or a block we cannot see may
    // ignore or reject it: not a finding.
    if p.ignore_public_acls.known() != Some(&false) || p.block_public_acls.known().is_none() {
        return;
    }
    e.report(&acl.meta, public.range, format!("{name} {}", public.does));
}
