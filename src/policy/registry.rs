//! Metadata of custom policies as `&'static RuleMeta`, like the built-in
//! rules', so findings, suppressions, configuration and reports treat them
//! alike. Each distinct metadata (by id and content) is leaked once: a
//! language server reloading an unchanged policy gets the same reference.

use std::collections::hash_map::DefaultHasher;
use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::sync::{Mutex, OnceLock};

use crate::rules::RuleMeta;

/// The `service` of every custom policy's metadata.
pub const SERVICE: &str = "custom";

struct Registry {
    /// By (id, content hash).
    interned: HashMap<(String, u64), &'static RuleMeta>,
    /// The latest metadata registered for each id, in registration order.
    latest: Vec<&'static RuleMeta>,
}

fn registry() -> &'static Mutex<Registry> {
    static REG: OnceLock<Mutex<Registry>> = OnceLock::new();
    REG.get_or_init(|| {
        Mutex::new(Registry {
            interned: HashMap::new(),
            latest: Vec::new(),
        })
    })
}

fn content_hash(m: &RuleMeta) -> u64 {
    let mut h = DefaultHasher::new();
    (
        &m.id,
        &m.name,
        &m.title,
        m.severity,
        m.doc,
        &m.help,
        &m.url,
        &m.equivalents.checkov,
    )
        .hash(&mut h);
    h.finish()
}

/// The one `&'static` copy of this metadata; it also becomes what
/// [`find`] returns for its id.
pub fn intern(meta: RuleMeta) -> &'static RuleMeta {
    let key = (meta.id.clone(), content_hash(&meta));
    let mut reg = registry().lock().unwrap_or_else(|e| e.into_inner());
    let m: &'static RuleMeta = match reg.interned.get(&key) {
        Some(m) => m,
        None => {
            let m: &'static RuleMeta = Box::leak(Box::new(meta));
            reg.interned.insert(key, m);
            m
        }
    };
    match reg.latest.iter_mut().find(|x| x.id == m.id) {
        Some(slot) => *slot = m,
        None => reg.latest.push(m),
    }
    m
}

/// A registered custom policy by id or name (case-insensitive).
pub fn find(key: &str) -> Option<&'static RuleMeta> {
    let reg = registry().lock().unwrap_or_else(|e| e.into_inner());
    reg.latest.iter().copied().find(|m| m.is(key))
}

/// Every registered custom policy's latest metadata, in registration order.
pub fn all() -> Vec<&'static RuleMeta> {
    let reg = registry().lock().unwrap_or_else(|e| e.into_inner());
    reg.latest.clone()
}
