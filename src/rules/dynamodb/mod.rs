pub(crate) mod dax_unencrypted;
pub(crate) mod pitr_disabled;
