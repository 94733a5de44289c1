//! AWS-EKS-002 eks-audit-logging-disabled: clusters that do not send the
//! Kubernetes audit log to CloudWatch Logs.

use crate::model::Model;
use crate::rules::Emitter;

pub(crate) fn check(model: &Model, e: &mut Emitter) {
    for c in &model.eks.clusters {
        let Some((types, range)) = c.log_types.get() else {
            continue;
        };
        if types.iter().any(|t| t.known().is_none_or(|t| t == "audit")) {
            continue;
        }
        let how = if c.log_types.is_default() {
            "does not enable control plane logging"
        } else {
            "enables control plane logging without the audit log"
        };
        e.report(
            &c.meta,
            range,
            format!(
                "EKS cluster {} {how}: requests to the Kubernetes API are not recorded",
                c.meta.name()
            ),
        );
    }
}
