//! AWS-S3-001 s3-bucket-public-acl: canned ACLs and grants that open a bucket
//! to everyone or to every AWS account.

use crate::model::Model;
use crate::rules::Emitter;

const PUBLIC_CANNED: &[&str] = &["public-read", "public-read-write", "authenticated-read"];
const PUBLIC_GROUPS: &[&str] = &[
    "http://acs.amazonaws.com/groups/global/AllUsers",
    "http://acs.amazonaws.com/groups/global/AuthenticatedUsers",
];

pub(crate) fn check(model: &Model, e: &mut Emitter) {
    for acl in &model.s3.acls {
        if let Some(canned) = &acl.canned_acl {
            if let Some(v) = canned
                .known()
                .filter(|v| PUBLIC_CANNED.contains(&v.as_str()))
            {
                e.report(
                    &acl.meta,
                    canned.range(),
                    format!("{} uses the public canned ACL `{v}`", acl.meta.name()),
                );
            }
        }
        for uri in &acl.grantee_uris {
            if let Some(v) = uri.known().filter(|v| PUBLIC_GROUPS.contains(&v.as_str())) {
                let group = v.rsplit('/').next().unwrap_or(v);
                e.report(
                    &acl.meta,
                    uri.range(),
                    format!("{} grants access to the `{group}` group", acl.meta.name()),
                );
            }
        }
    }
}
