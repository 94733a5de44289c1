//! ECR repositories and the registry's scanning configuration.

use super::{Meta, Val};

#[derive(Debug, Default)]
pub struct Ecr {
    pub repositories: Vec<Repository>,
    /// `aws_ecr_registry_scanning_configuration` /
    /// `AWS::ECR::RegistryScanningConfiguration` resources. The registry's
    /// configuration decides which repositories are scanned (basic scanning
    /// with filters, or enhanced scanning, which ignores the repositories'
    /// own setting), so a repository's `scan_on_push` alone does not say
    /// whether its images are scanned when one is declared.
    pub registry_scanning: Vec<Meta>,
}

merge_lists!(Ecr {
    repositories,
    registry_scanning
});

#[derive(Clone, Debug)]
pub struct Repository {
    pub meta: Meta,
    /// `image_scanning_configuration.scan_on_push` /
    /// `ImageScanningConfiguration.ScanOnPush`; AWS default `false` (no
    /// block, no scan on push).
    pub scan_on_push: Val<bool>,
    /// Whether the repository's configuration (its module or template)
    /// declares a registry scanning configuration, which then decides how
    /// its images are scanned.
    pub registry_scanning: bool,
}

impl Ecr {
    /// Marks the repositories of one configuration that declares a registry
    /// scanning configuration (run per unit, before units are merged).
    pub(crate) fn link(&mut self) {
        if !self.registry_scanning.is_empty() {
            for r in &mut self.repositories {
                r.registry_scanning = true;
            }
        }
    }
}
