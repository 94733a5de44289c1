//! Module sources as Terraform reads them (the ones `--download-modules`
//! fetches), and registry version constraints.

use std::cmp::Ordering;

use semver::Version;

/// A module source that is fetched from elsewhere.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Remote {
    /// A module registry: `NAMESPACE/NAME/PROVIDER` on `host`
    /// (`registry.terraform.io` when the source names none).
    Registry {
        host: String,
        /// `NAMESPACE/NAME/PROVIDER`.
        path: String,
        /// The directory inside the package (`//modules/x`), or empty.
        subdir: String,
    },
    /// A git repository, at `reference` (`?ref=`) when given.
    Git {
        url: String,
        reference: Option<String>,
        subdir: String,
    },
    /// A `.tar.gz` archive over HTTP(S) (what private registries such as
    /// HCP Terraform's answer with); `url` keeps its query (a signature).
    Archive { url: String, subdir: String },
}

/// The registry Terraform uses when a source names no host.
pub const DEFAULT_REGISTRY: &str = "registry.terraform.io";

/// What a module source is. `Ok(None)`: a local path, not fetched.
/// `Err`: a source Terraform knows that is not downloaded here (why).
pub fn parse_source(source: &str) -> Result<Option<Remote>, String> {
    let s = source.trim();
    if s.starts_with("./") || s.starts_with("../") || s == "." || s == ".." || s.starts_with('/') {
        return Ok(None);
    }
    if let Some(rest) = s.strip_prefix("git::") {
        return git(rest).map(Some);
    }
    if let Some((forced, _)) = s.split_once("::") {
        return Err(format!("`{forced}::` sources are not supported"));
    }
    for host in ["github.com/", "gitlab.com/"] {
        if let Some(rest) = s.strip_prefix(host) {
            return git(&format!("https://{host}{rest}")).map(Some);
        }
    }
    if s.starts_with("git@") {
        return git(s).map(Some);
    }
    if s.starts_with("http://") || s.starts_with("https://") {
        return archive(s).map(Some);
    }
    if s.starts_with("bitbucket.org/") {
        return Err("Bitbucket shorthand sources are not supported (use git::)".into());
    }
    registry(s).map(Some)
}

/// `NAMESPACE/NAME/PROVIDER[//SUBDIR]`, with an optional host first.
fn registry(s: &str) -> Result<Remote, String> {
    let (path, subdir) = match s.split_once("//") {
        Some((p, d)) => (p, clean_subdir(d)?),
        None => (s, String::new()),
    };
    let parts: Vec<&str> = path.split('/').collect();
    let name_ok = |p: &str| {
        !p.is_empty()
            && p.len() <= 64
            && p.chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    };
    let (host, rest) = match parts[..] {
        [_, _, _] => (DEFAULT_REGISTRY.to_string(), &parts[..]),
        [h, _, _, _] if h.contains('.') || h.contains(':') => (h.to_ascii_lowercase(), &parts[1..]),
        _ => {
            return Err(
                "not a registry address (NAMESPACE/NAME/PROVIDER), a git source nor a local path"
                    .into(),
            )
        }
    };
    if !rest.iter().all(|p| name_ok(p)) {
        return Err(
            "not a registry address (NAMESPACE/NAME/PROVIDER), a git source nor a local path"
                .into(),
        );
    }
    Ok(Remote::Registry {
        host,
        path: rest.join("/"),
        subdir,
    })
}

/// A git URL with `?ref=` and `//subdir` taken off.
fn git(s: &str) -> Result<Remote, String> {
    let (base, query) = match s.split_once('?') {
        Some((b, q)) => (b, q),
        None => (s, ""),
    };
    let mut reference = None;
    for pair in query.split('&').filter(|p| !p.is_empty()) {
        match pair.split_once('=') {
            Some(("ref", v)) if !v.is_empty() => reference = Some(v.to_string()),
            Some(("depth", _)) => {}
            _ => return Err(format!("unsupported git source option `{pair}`")),
        }
    }
    // A subdirectory is `//` after the scheme's own `://`.
    let after_scheme = base.find("://").map_or(0, |i| i + 3);
    let (url, subdir) = match base[after_scheme..].find("//") {
        Some(i) => (
            &base[..after_scheme + i],
            clean_subdir(&base[after_scheme + i + 2..])?,
        ),
        None => (base, String::new()),
    };
    let known = ["https://", "http://", "ssh://", "file://", "git@"];
    if !known.iter().any(|k| url.starts_with(k)) {
        return Err("a git source must be an https://, ssh://, file:// or git@ URL".into());
    }
    if let Some(r) = &reference {
        if r.starts_with('-') || r.contains("..") {
            return Err(format!("`{r}` is not a git reference"));
        }
    }
    Ok(Remote::Git {
        url: url.to_string(),
        reference,
        subdir,
    })
}

/// An HTTP(S) archive: `.tar.gz`/`.tgz`, or `?archive=tar.gz`; a
/// subdirectory is `//` in its path.
fn archive(s: &str) -> Result<Remote, String> {
    let (base, query) = match s.split_once('?') {
        Some((b, q)) => (b, Some(q)),
        None => (s, None),
    };
    let after_scheme = base.find("://").map_or(0, |i| i + 3);
    let (path, subdir) = match base[after_scheme..].find("//") {
        Some(i) => (
            &base[..after_scheme + i],
            clean_subdir(&base[after_scheme + i + 2..])?,
        ),
        None => (base, String::new()),
    };
    let tar_gz = path.ends_with(".tar.gz")
        || path.ends_with(".tgz")
        || query.is_some_and(|q| {
            q.split('&')
                .any(|p| p == "archive=tar.gz" || p == "archive=tgz")
        });
    if !tar_gz {
        return Err(
            "only .tar.gz archives are fetched over HTTP (use a registry or git:: source)".into(),
        );
    }
    let url = match query {
        Some(q) => format!("{path}?{q}"),
        None => path.to_string(),
    };
    Ok(Remote::Archive { url, subdir })
}

/// A subdirectory inside a package: relative, without `..`.
pub fn clean_subdir(d: &str) -> Result<String, String> {
    let parts: Vec<&str> = d
        .split('/')
        .filter(|p| !p.is_empty() && *p != ".")
        .collect();
    if parts.contains(&"..") {
        return Err(format!("subdirectory `{d}` leaves the package"));
    }
    Ok(parts.join("/"))
}

/// A registry version constraint (`>= 1.2, < 2.0`, `~> 1.2`, `= 1.2.3`,
/// `!= 1.3.0`), as a list of clauses that must all hold.
#[derive(Debug)]
pub struct Constraint {
    clauses: Vec<(Op, Partial)>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Op {
    Eq,
    Ne,
    Gt,
    Ge,
    Lt,
    Le,
    Pessimistic,
}

/// A version as written in a constraint: `1`, `1.2` or `1.2.3[-pre]`.
#[derive(Debug)]
struct Partial {
    version: Version,
    /// How many of major, minor, patch were written.
    given: usize,
}

impl Constraint {
    pub fn parse(text: &str) -> Result<Constraint, String> {
        let mut clauses = Vec::new();
        for clause in text.split(',') {
            let c = clause.trim();
            if c.is_empty() {
                continue;
            }
            let (op, rest) = [
                ("~>", Op::Pessimistic),
                (">=", Op::Ge),
                ("<=", Op::Le),
                ("!=", Op::Ne),
                ("=", Op::Eq),
                (">", Op::Gt),
                ("<", Op::Lt),
            ]
            .iter()
            .find_map(|(p, op)| c.strip_prefix(p).map(|r| (*op, r)))
            .unwrap_or((Op::Eq, c));
            let v = rest.trim().trim_start_matches('v');
            let partial = partial(v).ok_or_else(|| {
                format!("`{c}` is not a version constraint (such as `>= 1.2, < 2.0` or `~> 1.2`)")
            })?;
            clauses.push((op, partial));
        }
        Ok(Constraint { clauses })
    }

    /// Whether `v` meets every clause. A pre-release only meets a
    /// constraint that names it exactly, as in Terraform.
    pub fn matches(&self, v: &Version) -> bool {
        if !v.pre.is_empty()
            && !self
                .clauses
                .iter()
                .any(|(op, p)| *op == Op::Eq && p.version == *v)
        {
            return false;
        }
        self.clauses.iter().all(|(op, p)| {
            let ord = cmp_release(v, &p.version);
            match op {
                Op::Eq => ord == Ordering::Equal && (p.version.pre.is_empty() || v == &p.version),
                Op::Ne => ord != Ordering::Equal,
                Op::Gt => ord == Ordering::Greater,
                Op::Ge => ord != Ordering::Less,
                Op::Lt => ord == Ordering::Less,
                Op::Le => ord != Ordering::Greater,
                Op::Pessimistic => {
                    // `~> 1.2` is `>= 1.2, < 2.0`; `~> 1.2.3` is `>= 1.2.3, < 1.3.0`.
                    let upper = match p.given {
                        0 | 1 => Version::new(p.version.major + 1, 0, 0),
                        2 => Version::new(p.version.major + 1, 0, 0),
                        _ => Version::new(p.version.major, p.version.minor + 1, 0),
                    };
                    ord != Ordering::Less && cmp_release(v, &upper) == Ordering::Less
                }
            }
        })
    }

    /// The highest of `versions` that meets the constraint.
    pub fn best<'v>(&self, versions: &'v [Version]) -> Option<&'v Version> {
        versions.iter().filter(|v| self.matches(v)).max()
    }
}

/// Orders by precedence (pre-releases before their release), ignoring build
/// metadata.
fn cmp_release(a: &Version, b: &Version) -> Ordering {
    (a.major, a.minor, a.patch)
        .cmp(&(b.major, b.minor, b.patch))
        .then_with(|| match (a.pre.is_empty(), b.pre.is_empty()) {
            (true, true) => Ordering::Equal,
            (true, false) => Ordering::Greater,
            (false, true) => Ordering::Less,
            (false, false) => a.pre.cmp(&b.pre),
        })
}

/// `1`, `1.2`, `1.2.3`, `1.2.3-beta.1`, filled with zeros.
fn partial(v: &str) -> Option<Partial> {
    let (core, pre) = match v.split_once('-') {
        Some((c, p)) => (c, Some(p)),
        None => (v, None),
    };
    let parts: Vec<&str> = core.split('.').collect();
    if parts.is_empty() || parts.len() > 3 || parts.iter().any(|p| p.parse::<u64>().is_err()) {
        return None;
    }
    let mut full: Vec<String> = parts.iter().map(|p| p.to_string()).collect();
    let given = full.len();
    while full.len() < 3 {
        full.push("0".into());
    }
    let mut text = full.join(".");
    if let Some(p) = pre {
        text = format!("{text}-{p}");
    }
    Some(Partial {
        version: Version::parse(&text).ok()?,
        given,
    })
}

/// A version a registry lists (`1.2.3`, `v1.2.3`).
pub fn parse_version(v: &str) -> Option<Version> {
    Version::parse(v.trim().trim_start_matches('v')).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sources_are_told_apart() {
        assert_eq!(parse_source("./x"), Ok(None));
        assert_eq!(
            parse_source("terraform-aws-modules/vpc/aws//modules/vpc-endpoints"),
            Ok(Some(Remote::Registry {
                host: DEFAULT_REGISTRY.into(),
                path: "terraform-aws-modules/vpc/aws".into(),
                subdir: "modules/vpc-endpoints".into()
            }))
        );
        assert_eq!(
            parse_source("example.test/ns/name/aws"),
            Ok(Some(Remote::Registry {
                host: "example.test".into(),
                path: "ns/name/aws".into(),
                subdir: String::new()
            }))
        );
        assert_eq!(
            parse_source("git::https://example.com/org/repo.git//modules/a?ref=v1.2.0"),
            Ok(Some(Remote::Git {
                url: "https://example.com/org/repo.git".into(),
                reference: Some("v1.2.0".into()),
                subdir: "modules/a".into()
            }))
        );
        assert_eq!(
            parse_source("github.com/org/repo?ref=main"),
            Ok(Some(Remote::Git {
                url: "https://github.com/org/repo".into(),
                reference: Some("main".into()),
                subdir: String::new()
            }))
        );
        assert_eq!(
            parse_source("git::ssh://git@example.com/org/repo.git"),
            Ok(Some(Remote::Git {
                url: "ssh://git@example.com/org/repo.git".into(),
                reference: None,
                subdir: String::new()
            }))
        );
        assert_eq!(
            parse_source("https://example.com/m/v1.tar.gz//sub?sig=a%2Fb"),
            Ok(Some(Remote::Archive {
                url: "https://example.com/m/v1.tar.gz?sig=a%2Fb".into(),
                subdir: "sub".into()
            }))
        );
        assert!(parse_source("https://example.com/m.zip").is_err());
        assert!(parse_source("s3::https://b.s3.amazonaws.com/m.zip")
            .unwrap_err()
            .contains("`s3::` sources are not supported"));
        assert!(parse_source("git::https://e.com/r.git//../../etc").is_err());
        assert!(parse_source("git::https://e.com/r.git?ref=--upload-pack=x").is_err());
        assert!(parse_source("a/b").is_err());
    }

    fn best(constraint: &str, versions: &[&str]) -> Option<String> {
        let vs: Vec<Version> = versions.iter().filter_map(|v| parse_version(v)).collect();
        Constraint::parse(constraint)
            .unwrap()
            .best(&vs)
            .map(ToString::to_string)
    }

    #[test]
    fn constraints_pick_the_highest_match() {
        let all = ["1.0.0", "1.2.0", "1.2.5", "1.3.0", "2.0.0", "2.1.0-beta.1"];
        assert_eq!(best("", &all).as_deref(), Some("2.0.0"));
        assert_eq!(best("~> 1.2", &all).as_deref(), Some("1.3.0"));
        assert_eq!(best("~> 1.2.0", &all).as_deref(), Some("1.2.5"));
        assert_eq!(best(">= 1.0, < 1.3", &all).as_deref(), Some("1.2.5"));
        assert_eq!(best("= 1.2.0", &all).as_deref(), Some("1.2.0"));
        assert_eq!(best("1.0.0", &all).as_deref(), Some("1.0.0"));
        assert_eq!(best("< 2, != 1.3.0", &all).as_deref(), Some("1.2.5"));
        assert_eq!(best("> 2.0.0", &all), None);
        assert_eq!(
            best("= 2.1.0-beta.1", &all).as_deref(),
            Some("2.1.0-beta.1")
        );
        assert!(Constraint::parse(">= banana").is_err());
    }
}
