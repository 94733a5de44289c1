pub(crate) mod endpoint_open_to_world;
