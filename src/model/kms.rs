//! KMS keys.

use super::iam::PolicyDocument;
use super::{Meta, Val};

#[derive(Debug, Default)]
pub struct Kms {
    pub keys: Vec<Key>,
    /// Key policies: the `policy` of `aws_kms_key` and of
    /// `aws_kms_key_policy`, CloudFormation's `KeyPolicy`. A key without one
    /// gets KMS's default policy, which trusts only the account.
    pub policies: Vec<KeyPolicy>,
}

merge_lists!(Kms { keys, policies });

/// A key policy document, with the resource that sets it.
#[derive(Clone, Debug)]
pub struct KeyPolicy {
    pub meta: Meta,
    pub document: PolicyDocument,
}

/// A customer managed key: `aws_kms_key`, `AWS::KMS::Key`.
#[derive(Clone, Debug)]
pub struct Key {
    pub meta: Meta,
    /// `enable_key_rotation` / `EnableKeyRotation`; AWS default `false`.
    pub rotation: Val<bool>,
    /// `customer_master_key_spec` / `KeySpec`; AWS default
    /// `SYMMETRIC_DEFAULT`, the only spec whose material KMS can rotate.
    pub spec: Val<String>,
    /// Where the key material lives. CloudFormation `Origin` (`AWS_KMS`,
    /// the default, or `EXTERNAL` for imported material). Terraform's
    /// `aws_kms_key` always has KMS generate it, unless it is created in a
    /// custom key store (`custom_key_store_id`), which gives
    /// `CUSTOM_KEY_STORE` at that attribute. Only `AWS_KMS` keys can rotate
    /// automatically.
    pub origin: Val<String>,
}

impl Key {
    /// Whether KMS can rotate this key automatically: a symmetric key with
    /// material KMS generated. `None` when an unknown value decides.
    pub fn rotatable(&self) -> Option<bool> {
        let spec = self.spec.known()?;
        let origin = self.origin.known()?;
        Some(
            spec.eq_ignore_ascii_case("SYMMETRIC_DEFAULT")
                && origin.eq_ignore_ascii_case("AWS_KMS"),
        )
    }
}
