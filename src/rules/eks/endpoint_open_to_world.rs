//! AWS-EKS-001 eks-endpoint-open-to-world: clusters whose Kubernetes API
//! endpoint answers the whole internet.

use crate::model::Model;
use crate::net::{describe_world, is_world};
use crate::rules::Emitter;

pub(crate) fn check(model: &Model, e: &mut Emitter) {
    for c in &model.eks.clusters {
        if !c.endpoint_public_access.is_known_and(|p| *p) {
            continue;
        }
        let Some(cidrs) = c.public_access_cidrs.known() else {
            continue;
        };
        let Some((cidr, range)) = cidrs
            .iter()
            .filter_map(|v| v.get())
            .find(|(cidr, _)| is_world(cidr))
        else {
            continue;
        };
        let public = if c.endpoint_public_access.is_default() {
            "is public (the default)"
        } else {
            "is public"
        };
        let open = if c.public_access_cidrs.is_default() {
            format!("open to {cidr} (the default when no public access blocks are given)")
        } else {
            format!("open to {}", describe_world(cidr))
        };
        // Both left out: report at the endpoint setting's block.
        let range = if c.public_access_cidrs.is_default() && !c.endpoint_public_access.is_default()
        {
            c.endpoint_public_access.range()
        } else {
            range
        };
        e.report(
            &c.meta,
            range,
            format!(
                "EKS cluster {}: the Kubernetes API endpoint {public} and {open}",
                c.meta.name()
            ),
        );
    }
}
