pub(crate) mod pitr_disabled;
