//! The module registry protocol: service discovery, versions, the download
//! location; and where Terraform keeps registry settings (`TF_TOKEN_*`
//! variables, the CLI configuration's `credentials` and `host` blocks).

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

use semver::Version;

use super::source::{parse_version, Constraint};
use crate::parse::hcl_ast::{Body, ExprKind, ObjectKey, TemplatePart};

/// Registry responses larger than this are refused.
const MAX_RESPONSE_BYTES: u64 = 4 * 1024 * 1024;

/// Archives larger than this are refused.
pub const MAX_ARCHIVE_BYTES: u64 = 64 * 1024 * 1024;

/// How long one request may take.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(60);

/// Registry settings: API tokens and service addresses by host name.
#[derive(Clone, Default)]
pub struct Settings {
    /// Bearer tokens by host (`TF_TOKEN_*`, `credentials` blocks).
    pub tokens: HashMap<String, String>,
    /// The `modules.v1` service address by host (`host` blocks), used
    /// instead of service discovery.
    pub services: HashMap<String, String>,
}

impl std::fmt::Debug for Settings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Tokens are secrets: only their hosts are shown.
        let mut hosts: Vec<&String> = self.tokens.keys().collect();
        hosts.sort();
        f.debug_struct("Settings")
            .field("token_hosts", &hosts)
            .field("services", &self.services)
            .finish()
    }
}

impl Settings {
    /// Terraform's settings as the process sees them: the CLI configuration
    /// (`TF_CLI_CONFIG_FILE`, else `~/.terraformrc`), the credentials file
    /// `terraform login` writes, and `TF_TOKEN_*` variables (which win).
    pub fn from_env(env: &[(String, String)], home: Option<&Path>) -> Result<Settings, String> {
        let var = |name: &str| env.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone());
        let mut settings = Settings::default();
        if let Some(home) = home {
            let creds = home.join(".terraform.d/credentials.tfrc.json");
            if let Ok(text) = std::fs::read_to_string(&creds) {
                settings.read_credentials_json(&text, &creds)?;
            }
        }
        let config = match var("TF_CLI_CONFIG_FILE").filter(|v| !v.is_empty()) {
            Some(p) => Some(PathBuf::from(p)),
            None => home.map(|h| h.join(".terraformrc")),
        };
        if let Some(path) = config {
            // A configuration file that does not exist is no configuration.
            match std::fs::read_to_string(&path) {
                Ok(text) => settings.read_cli_config(&text, &path)?,
                Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                    return Err(format!(
                        "cannot read the Terraform CLI configuration {}: {e}",
                        path.display()
                    ))
                }
                Err(_) => {}
            }
        }
        for (k, v) in env {
            if let Some(host) = k.strip_prefix("TF_TOKEN_") {
                if !v.is_empty() {
                    settings.tokens.insert(token_host(host), v.clone());
                }
            }
        }
        Ok(settings)
    }

    /// The `credentials "HOST" { token = "..." }` and
    /// `host "HOST" { services = { "modules.v1" = "..." } }` blocks of a
    /// Terraform CLI configuration file.
    pub fn read_cli_config(&mut self, text: &str, path: &Path) -> Result<(), String> {
        let parsed = crate::parse::hcl::parse(text)
            .map_err(|e| format!("{}: {}", path.display(), e.message))?;
        for block in parsed.body.blocks_of("credentials") {
            if let (Some(host), Some(token)) = (block.labels.first(), literal(&block.body, "token"))
            {
                self.tokens.insert(host.value.to_ascii_lowercase(), token);
            }
        }
        for block in parsed.body.blocks_of("host") {
            let Some(host) = block.labels.first() else {
                continue;
            };
            let Some(services) = block.body.attribute("services") else {
                continue;
            };
            if let ExprKind::Object(items) = &services.expr.kind {
                for item in items {
                    let key = match &item.key {
                        ObjectKey::Ident(k) => Some(k.clone()),
                        ObjectKey::Expr(e) => string(&e.kind),
                    };
                    if key.as_deref() == Some("modules.v1") {
                        if let Some(url) = string(&item.value.kind) {
                            self.services.insert(host.value.to_ascii_lowercase(), url);
                        }
                    }
                }
            }
        }
        Ok(())
    }

    fn read_credentials_json(&mut self, text: &str, path: &Path) -> Result<(), String> {
        let node = crate::parse::json::parse(text)
            .map_err(|e| format!("{}: {}", path.display(), e.message))?;
        if let Some(entries) = node.get("credentials").and_then(|c| c.as_map()) {
            for e in entries {
                if let Some(token) = e.value.get("token").and_then(|t| t.as_str()) {
                    self.tokens
                        .insert(e.key.to_ascii_lowercase(), token.to_string());
                }
            }
        }
        Ok(())
    }
}

/// The host a `TF_TOKEN_` variable is for: `_` stands for `.`, `__` for `-`.
fn token_host(encoded: &str) -> String {
    encoded
        .split("__")
        .map(|p| p.replace('_', "."))
        .collect::<Vec<_>>()
        .join("-")
        .to_ascii_lowercase()
}

/// A string attribute written as a literal.
fn literal(body: &Body, name: &str) -> Option<String> {
    string(&body.attribute(name)?.expr.kind)
}

fn string(kind: &ExprKind) -> Option<String> {
    match kind {
        ExprKind::Template(parts) => match &parts[..] {
            [TemplatePart::Literal { text, .. }] => Some(text.clone()),
            [] => Some(String::new()),
            _ => None,
        },
        _ => None,
    }
}

/// One registry's conversation.
pub(super) struct Client<'a> {
    agent: ureq::Agent,
    settings: &'a Settings,
}

impl<'a> Client<'a> {
    pub fn new(settings: &'a Settings) -> Client<'a> {
        let agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_global(Some(REQUEST_TIMEOUT))
            .user_agent(concat!("palisade/", env!("CARGO_PKG_VERSION")))
            .build()
            .into();
        Client { agent, settings }
    }

    /// The download location (a go-getter address) of module `path`
    /// (`NAMESPACE/NAME/PROVIDER`) on `host`, at the highest version that
    /// meets `constraint`; and that version.
    pub fn locate(
        &self,
        host: &str,
        path: &str,
        constraint: &Constraint,
    ) -> Result<(String, Version), String> {
        let base = self.modules_service(host)?;
        let versions_url = join(&base, &format!("{path}/versions"))?;
        let body = self.get(host, &versions_url)?.1;
        let versions = versions_of(&body)
            .ok_or_else(|| format!("{versions_url} did not answer with a list of versions"))?;
        let version = constraint.best(&versions).cloned().ok_or_else(|| {
            let mut listed: Vec<String> = versions.iter().map(ToString::to_string).collect();
            listed.sort();
            format!(
                "no version meets the constraint (the registry lists {})",
                if listed.is_empty() {
                    "none".into()
                } else {
                    listed.join(", ")
                }
            )
        })?;
        let download_url = join(&base, &format!("{path}/{version}/download"))?;
        let (get, body) = self.get(host, &download_url)?;
        let location = get
            .or_else(|| {
                crate::parse::json::parse(&body)
                    .ok()
                    .and_then(|n| n.get("location").and_then(|l| l.as_str()).map(String::from))
            })
            .ok_or_else(|| format!("{download_url} gave no download location (X-Terraform-Get)"))?;
        // The location may be relative to the download address.
        let location = if location.starts_with('/')
            || location.starts_with("./")
            || location.starts_with("../")
        {
            join(&download_url, &location)?
        } else {
            location
        };
        Ok((location, version))
    }

    /// The `modules.v1` address of a registry host: its `host` block in the
    /// CLI configuration, else service discovery.
    fn modules_service(&self, host: &str) -> Result<String, String> {
        if let Some(url) = self.settings.services.get(host) {
            return with_slash(url.clone());
        }
        let discovery = format!("https://{host}/.well-known/terraform.json");
        let body = self.get(host, &discovery)?.1;
        modules_v1(&body, &discovery).ok_or_else(|| {
            format!("{host} is not a module registry (its service discovery names no modules.v1)")
        })?
    }

    /// An archive's body, at most [`MAX_ARCHIVE_BYTES`], sent with its
    /// host's token when there is one.
    pub fn open(&self, url: &str) -> Result<impl std::io::Read, String> {
        let host = url::Url::parse(url)
            .ok()
            .and_then(|u| u.host_str().map(str::to_ascii_lowercase))
            .unwrap_or_default();
        let response = self.request(&host, url)?;
        Ok(response
            .into_body()
            .into_with_config()
            .limit(MAX_ARCHIVE_BYTES)
            .reader())
    }

    /// GETs `url` with `host`'s token: the `X-Terraform-Get` header and the
    /// body of a successful answer.
    fn get(&self, host: &str, url: &str) -> Result<(Option<String>, String), String> {
        let mut response = self.request(host, url)?;
        let get = response
            .headers()
            .get("X-Terraform-Get")
            .and_then(|v| v.to_str().ok())
            .map(String::from);
        let body = response
            .body_mut()
            .with_config()
            .limit(MAX_RESPONSE_BYTES)
            .read_to_string()
            .map_err(|e| describe(&e, url))?;
        Ok((get, body))
    }

    /// A successful answer to a GET of `url`, with `host`'s token.
    fn request(&self, host: &str, url: &str) -> Result<ureq::http::Response<ureq::Body>, String> {
        let mut request = self.agent.get(url);
        if let Some(token) = self.settings.tokens.get(host) {
            request = request.header("Authorization", &format!("Bearer {token}"));
        }
        let response = request.call().map_err(|e| describe(&e, url))?;
        let url = shown(url);
        let status = response.status().as_u16();
        if !(200..300).contains(&status) {
            return Err(match status {
                401 | 403 => format!(
                    "{url} answered HTTP {status} (set a token: TF_TOKEN_{} or a credentials block for {host})",
                    host.replace('-', "__").replace('.', "_")
                ),
                404 => format!("{url} answered HTTP 404 (no such module or version)"),
                _ => format!("{url} answered HTTP {status}"),
            });
        }
        Ok(response)
    }
}

/// A URL as messages show it: without its query (a signature is a secret).
fn shown(url: &str) -> &str {
    url.split('?').next().unwrap_or(url)
}

/// A failed request, in words that say what to check.
fn describe(e: &ureq::Error, url: &str) -> String {
    let url = shown(url);
    let offline = "(is the network reachable?)";
    match e {
        ureq::Error::Io(io) => match io.kind() {
            std::io::ErrorKind::ConnectionRefused => format!("connection refused {offline}"),
            std::io::ErrorKind::TimedOut => format!("timed out {offline}"),
            _ => format!("{url}: {io} {offline}"),
        },
        ureq::Error::HostNotFound => format!("host not found: {url} {offline}"),
        ureq::Error::ConnectionFailed => format!("connection failed {offline}"),
        ureq::Error::Timeout(_) => format!("timed out {offline}"),
        ureq::Error::BodyExceedsLimit(_) => {
            format!("{url}: the answer is larger than the limit")
        }
        other => format!("{url}: {other}"),
    }
}

/// The `modules.v1` address a service discovery document names, resolved
/// against the document's own address; `None` when it names none.
fn modules_v1(body: &str, discovery: &str) -> Option<Result<String, String>> {
    let node = crate::parse::json::parse(body).ok()?;
    let service = node.get("modules.v1")?.as_str()?;
    Some(join(discovery, service).and_then(with_slash))
}

/// `rel` resolved against `base`.
fn join(base: &str, rel: &str) -> Result<String, String> {
    let base = url::Url::parse(base).map_err(|e| format!("`{base}` is not a URL: {e}"))?;
    base.join(rel)
        .map(String::from)
        .map_err(|e| format!("`{rel}` is not a URL: {e}"))
}

fn with_slash(mut url: String) -> Result<String, String> {
    url::Url::parse(&url).map_err(|e| format!("`{url}` is not a URL: {e}"))?;
    if !url.ends_with('/') {
        url.push('/');
    }
    Ok(url)
}

/// `{"modules": [{"versions": [{"version": "1.0.0"}, ...]}]}`.
fn versions_of(body: &str) -> Option<Vec<Version>> {
    let node = crate::parse::json::parse(body).ok()?;
    let modules = node.get("modules")?.as_seq()?;
    Some(
        modules
            .iter()
            .filter_map(|m| m.get("versions").and_then(|v| v.as_seq()))
            .flatten()
            .filter_map(|v| v.get("version").and_then(|s| s.as_str()))
            .filter_map(parse_version)
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_and_hosts_come_from_the_environment_and_the_cli_configuration() {
        let tmp = tempfile::tempdir().unwrap();
        let rc = tmp.path().join("rc");
        std::fs::write(
            &rc,
            "credentials \"app.example.com\" {\n  token = \"from-rc\"\n}\nhost \"example.test\" {\n  services = {\n    \"modules.v1\" = \"http://127.0.0.1:1/v1/modules\"\n  }\n}\n",
        )
        .unwrap();
        let env = vec![
            ("TF_CLI_CONFIG_FILE".to_string(), rc.display().to_string()),
            ("TF_TOKEN_my__reg_example_com".to_string(), "t1".to_string()),
            (
                "TF_TOKEN_app_example_com".to_string(),
                "from-env".to_string(),
            ),
        ];
        let s = Settings::from_env(&env, None).unwrap();
        assert_eq!(s.tokens["my-reg.example.com"], "t1");
        assert_eq!(s.tokens["app.example.com"], "from-env");
        assert_eq!(s.services["example.test"], "http://127.0.0.1:1/v1/modules");
        assert!(!format!("{s:?}").contains("t1"), "tokens are not shown");
        let missing = vec![(
            "TF_CLI_CONFIG_FILE".to_string(),
            "/nonexistent/rc".to_string(),
        )];
        assert!(Settings::from_env(&missing, None)
            .unwrap()
            .tokens
            .is_empty());
        let dir = vec![(
            "TF_CLI_CONFIG_FILE".to_string(),
            tmp.path().display().to_string(),
        )];
        assert!(Settings::from_env(&dir, None)
            .unwrap_err()
            .starts_with("cannot read the Terraform CLI configuration"));
        std::fs::write(&rc, "credentials \"h\" {\n").unwrap();
        assert!(
            Settings::from_env(&env, None).is_err(),
            "a syntax error is an error"
        );
    }

    #[test]
    fn versions_are_read_from_the_registry_answer() {
        let v = versions_of(r#"{"modules":[{"versions":[{"version":"1.0.0"},{"version":"v2.1.0"},{"version":"x"}]}]}"#).unwrap();
        assert_eq!(v, [Version::new(1, 0, 0), Version::new(2, 1, 0)]);
        assert_eq!(
            join("http://h/v1/modules/ns/n/p/1.0.0/download", "/archive.tgz").unwrap(),
            "http://h/archive.tgz"
        );
        let discovery = "https://r.example.com/.well-known/terraform.json";
        assert_eq!(
            modules_v1(
                r#"{"modules.v1":"/v1/modules/","providers.v1":"/v1/providers/"}"#,
                discovery
            ),
            Some(Ok("https://r.example.com/v1/modules/".to_string()))
        );
        assert_eq!(
            modules_v1(r#"{"modules.v1":"https://other.example.com/m"}"#, discovery),
            Some(Ok("https://other.example.com/m/".to_string()))
        );
        assert_eq!(modules_v1(r#"{"providers.v1":"/p/"}"#, discovery), None);
    }
}
