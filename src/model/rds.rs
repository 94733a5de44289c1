//! RDS: DB instances and clusters.

use super::{Meta, Val};

#[derive(Debug, Default)]
pub struct Rds {
    pub instances: Vec<Database>,
    pub clusters: Vec<Database>,
}

#[derive(Clone, Debug)]
pub struct Database {
    pub meta: Meta,
    /// `storage_encrypted` / `StorageEncrypted`; AWS default `false`.
    /// Unknown when encryption is inherited (a cluster member, a replica, a
    /// snapshot restore) or fixed by the engine (Aurora Serverless v1).
    pub storage_encrypted: Val<bool>,
}
