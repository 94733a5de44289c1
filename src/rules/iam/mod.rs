pub(crate) mod wildcard_action;
