pub(crate) mod at_rest_unencrypted;
pub(crate) mod in_transit_unencrypted;
