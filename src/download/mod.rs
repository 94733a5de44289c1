//! `--download-modules`: fetching the registry and git modules a
//! configuration calls that `terraform init` did not install, so that they
//! are evaluated like installed ones.
//!
//! This is the only network access in Palisade, and it happens only when
//! asked for. A registry module is found through the registry protocol
//! (service discovery, `versions`, `download`; see `registry.rs`), whose
//! download location is a git source; a git source is cloned by running
//! `git` (`git.rs`). What is fetched goes into a cache directory, one entry
//! per source and version constraint as written, reused by later scans
//! without asking the network again. Nothing fetched is ever executed.

mod git;
mod registry;
mod source;

use std::path::{Path, PathBuf};

pub use registry::Settings;
pub use source::{clean_subdir, parse_source, Constraint, Remote, DEFAULT_REGISTRY};

/// At most this many modules are downloaded for one scan (nested calls
/// included).
pub const MAX_DOWNLOADED_MODULES: usize = 64;

/// An archive unpacks to at most this many bytes (a larger one is cut short
/// and fails to unpack).
pub const MAX_UNPACKED_BYTES: u64 = 512 * 1024 * 1024;

/// Where downloaded modules go and how registries are reached.
#[derive(Clone, Debug, Default)]
pub struct DownloadOptions {
    /// The cache directory (`--module-cache`).
    pub cache: PathBuf,
    pub settings: Settings,
}

/// The default cache directory: `$XDG_CACHE_HOME/palisade/modules`, else
/// `~/.cache/palisade/modules`.
pub fn default_cache_dir(xdg_cache_home: Option<&Path>, home: Option<&Path>) -> Option<PathBuf> {
    let base = match xdg_cache_home.filter(|p| p.is_absolute()) {
        Some(x) => x.to_path_buf(),
        None => home?.join(".cache"),
    };
    Some(base.join("palisade").join("modules"))
}

/// A fetched module: the directory holding the whole package (a repository)
/// and the module's own directory inside it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fetched {
    pub package: PathBuf,
    pub dir: PathBuf,
}

impl Remote {
    /// How messages name the module: `registry module ns/name/provider`,
    /// `git module https://...`.
    pub fn describe(&self) -> String {
        match self {
            Remote::Registry { host, path, .. } if host == DEFAULT_REGISTRY => {
                format!("registry module {path}")
            }
            Remote::Registry { host, path, .. } => format!("registry module {host}/{path}"),
            Remote::Git { url, .. } => format!("git module {url}"),
            // A signed address's query is a secret.
            Remote::Archive { url, .. } => {
                format!("archive module {}", url.split('?').next().unwrap_or(url))
            }
        }
    }
}

/// Fetches modules into the cache, or finds them there.
pub struct Downloader<'a> {
    opts: &'a DownloadOptions,
    client: Option<registry::Client<'a>>,
}

impl<'a> Downloader<'a> {
    pub fn new(opts: &'a DownloadOptions) -> Downloader<'a> {
        Downloader { opts, client: None }
    }

    /// The module `source` with `version` (a constraint, empty when none is
    /// written), from the cache or fetched now.
    pub fn fetch(
        &mut self,
        remote: &Remote,
        source: &str,
        version: &str,
    ) -> Result<Fetched, String> {
        let entry = self.opts.cache.join(entry_name(source, version));
        if let Some(f) = cached(&entry) {
            return Ok(f);
        }
        // An entry left incomplete (an interrupted copy, a hand edit) is
        // fetched again.
        if entry.exists() {
            std::fs::remove_dir_all(&entry).map_err(|e| {
                format!(
                    "cannot replace the incomplete cache entry {}: {e}",
                    entry.display()
                )
            })?;
        }
        std::fs::create_dir_all(&self.opts.cache).map_err(|e| {
            format!(
                "cannot create the module cache {}: {e}",
                self.opts.cache.display()
            )
        })?;
        let tmp = self.opts.cache.join(format!(
            ".tmp-{}-{}",
            entry_name(source, version),
            std::process::id()
        ));
        let _ = std::fs::remove_dir_all(&tmp);
        std::fs::create_dir(&tmp)
            .map_err(|e| format!("cannot write to the module cache {}: {e}", tmp.display()))?;
        let filled = self.fill(remote, version, &tmp);
        let result = filled.and_then(|subdir| {
            std::fs::write(tmp.join("module"), &subdir)
                .map_err(|e| format!("cannot write to the module cache: {e}"))?;
            match std::fs::rename(&tmp, &entry) {
                Ok(()) => {}
                // Another scan filled the entry meanwhile.
                Err(_) if cached(&entry).is_some() => {}
                Err(e) => return Err(format!("cannot write to the module cache: {e}")),
            }
            cached(&entry).ok_or_else(|| "the module cache entry is incomplete".to_string())
        });
        let _ = std::fs::remove_dir_all(&tmp);
        result
    }

    /// Fetches the package into `tmp/package`; the module's directory
    /// inside it.
    fn fill(&mut self, remote: &Remote, version: &str, tmp: &Path) -> Result<String, String> {
        let located;
        let (remote, outer) = match remote {
            Remote::Registry { host, path, subdir } => {
                let constraint = Constraint::parse(version)?;
                let (location, _) = self.client().locate(host, path, &constraint)?;
                located = match parse_source(&location) {
                    Ok(Some(r @ (Remote::Git { .. } | Remote::Archive { .. }))) => r,
                    _ => {
                        return Err(format!(
                            "the registry's download location `{location}` is neither a git \
                             source nor a .tar.gz archive"
                        ))
                    }
                };
                (&located, subdir.as_str())
            }
            other => (other, ""),
        };
        let package = tmp.join("package");
        let inner = match remote {
            Remote::Git {
                url,
                reference,
                subdir,
            } => {
                git::clone(url, reference.as_deref(), &package)?;
                subdir
            }
            Remote::Archive { url, subdir } => {
                let body = self.client().open(url)?;
                unpack(body, &package)?;
                subdir
            }
            Remote::Registry { .. } => {
                return Err("a registry's download location is another registry".into())
            }
        };
        let subdir = [inner.as_str(), outer]
            .iter()
            .filter(|p| !p.is_empty())
            .copied()
            .collect::<Vec<_>>()
            .join("/");
        if !package.join(&subdir).is_dir() {
            return Err(format!("the package has no directory `{subdir}`"));
        }
        Ok(subdir)
    }

    fn client(&mut self) -> &registry::Client<'a> {
        let settings = &self.opts.settings;
        self.client
            .get_or_insert_with(|| registry::Client::new(settings))
    }
}

/// Unpacks a `.tar.gz` archive into `into` (created), bounded in size;
/// entries that would land outside it are refused by `tar`.
fn unpack(body: impl std::io::Read, into: &Path) -> Result<(), String> {
    use std::io::Read;
    std::fs::create_dir_all(into).map_err(|e| format!("cannot write to the module cache: {e}"))?;
    let gz = flate2::read::GzDecoder::new(body).take(MAX_UNPACKED_BYTES);
    let mut archive = tar::Archive::new(gz);
    archive.set_preserve_permissions(false);
    archive.set_preserve_mtime(false);
    archive.set_unpack_xattrs(false);
    archive
        .unpack(into)
        .map_err(|e| format!("cannot unpack the archive: {e}"))
}

/// A complete cache entry: its package and the module's directory.
fn cached(entry: &Path) -> Option<Fetched> {
    let subdir = std::fs::read_to_string(entry.join("module")).ok()?;
    let subdir = clean_subdir(subdir.trim()).ok()?;
    let package = entry.join("package");
    let dir = if subdir.is_empty() {
        package.clone()
    } else {
        package.join(subdir)
    };
    dir.is_dir().then_some(Fetched { package, dir })
}

/// The cache entry of a source and version constraint: readable, and
/// unique through a hash of both.
fn entry_name(source: &str, version: &str) -> String {
    let slug: String = source
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_') {
                c
            } else {
                '_'
            }
        })
        .take(80)
        .collect();
    // FNV-1a: stable across builds, unlike the standard library's hasher.
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for b in source.bytes().chain([0]).chain(version.bytes()) {
        hash ^= u64::from(b);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{}-{hash:016x}", slug.trim_start_matches('.'))
}

/// Whether `path` lies inside downloaded module code: the cache directory,
/// or a `.terraform/modules` directory `terraform init` filled.
pub fn is_downloaded(path: &Path, cache: Option<&Path>) -> bool {
    if cache.is_some_and(|c| in_cache(path, c)) {
        return true;
    }
    let abs = crate::discover::absolute(path);
    let parts: Vec<_> = abs.components().map(|c| c.as_os_str()).collect();
    parts
        .windows(2)
        .any(|w| w[0] == ".terraform" && w[1] == "modules")
}

/// Whether `path` lies inside the module cache `cache`.
pub fn in_cache(path: &Path, cache: &Path) -> bool {
    let abs = crate::discover::absolute(path);
    let cache = crate::discover::absolute(cache);
    if abs.starts_with(&cache) {
        return true;
    }
    match (std::fs::canonicalize(&abs), std::fs::canonicalize(&cache)) {
        (Ok(p), Ok(c)) => p.starts_with(c),
        _ => false,
    }
}

/// `--exclude-downloaded-modules`: drops the findings located in
/// downloaded module code ([`is_downloaded`]) and counts them in
/// `result.in_downloaded_modules`. They were evaluated like the rest, so
/// what the configuration passes to them still counted.
pub fn exclude(result: &mut crate::finding::ScanResult, cache: Option<&Path>) {
    let before = result.findings.len();
    let sources = &result.sources;
    result
        .findings
        .retain(|f| !is_downloaded(&sources.get(f.range.file).path, cache));
    result.in_downloaded_modules += before - result.findings.len();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cache_entries_are_named_by_source_and_version() {
        let a = entry_name("terraform-aws-modules/vpc/aws", "~> 5.0");
        assert!(a.starts_with("terraform-aws-modules_vpc_aws-"), "{a}");
        assert_ne!(a, entry_name("terraform-aws-modules/vpc/aws", "~> 4.0"));
        assert_eq!(a, entry_name("terraform-aws-modules/vpc/aws", "~> 5.0"));
        assert!(!entry_name("../../x", "").starts_with('.'));
        assert_eq!(
            default_cache_dir(None, Some(Path::new("/home/u"))),
            Some(PathBuf::from("/home/u/.cache/palisade/modules"))
        );
        assert_eq!(
            default_cache_dir(Some(Path::new("/c")), Some(Path::new("/home/u"))),
            Some(PathBuf::from("/c/palisade/modules"))
        );
    }

    #[test]
    fn downloaded_code_is_the_cache_and_terraform_modules() {
        let cache = Path::new("/tmp/cache");
        assert!(is_downloaded(
            Path::new("/tmp/cache/x/package/main.tf"),
            Some(cache)
        ));
        assert!(is_downloaded(
            Path::new("/r/.terraform/modules/vpc/main.tf"),
            None
        ));
        assert!(!is_downloaded(
            Path::new("/r/modules/vpc/main.tf"),
            Some(cache)
        ));
    }
}
