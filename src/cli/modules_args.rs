//! `scan`'s options about Terraform modules fetched from elsewhere:
//! `--download-modules`, `--module-cache`, `--exclude-downloaded-modules`.

use std::path::PathBuf;
use std::sync::Arc;

use clap::Args;

use crate::download::{self, DownloadOptions, Settings};
use crate::finding::ScanResult;
use crate::scan::ScanOptions;

#[derive(Debug, Args)]
pub(crate) struct ModuleArgs {
    /// Download the registry and git modules that `terraform init` did not
    /// install, into the module cache, and evaluate them (off by default:
    /// nothing is downloaded without it). Registry tokens come from
    /// TF_TOKEN_<host> or the Terraform CLI configuration.
    #[arg(long, help_heading = "Terraform")]
    pub download_modules: bool,
    /// Where --download-modules keeps modules (default
    /// $XDG_CACHE_HOME/palisade/modules, else ~/.cache/palisade/modules).
    #[arg(long, value_name = "DIR", help_heading = "Terraform")]
    pub module_cache: Option<PathBuf>,
    /// Report no finding located in downloaded modules (the module cache
    /// and .terraform/modules), while still evaluating them.
    #[arg(long, help_heading = "Terraform")]
    pub exclude_downloaded_modules: bool,
}

impl ModuleArgs {
    /// The module cache: `--module-cache`, else the default.
    fn cache(&self) -> Option<PathBuf> {
        self.module_cache.clone().or_else(|| {
            let xdg = std::env::var_os("XDG_CACHE_HOME").map(PathBuf::from);
            download::default_cache_dir(xdg.as_deref(), home().as_deref())
        })
    }

    /// Sets up `--download-modules`: reads Terraform's registry settings
    /// (an unreadable CLI configuration is an error).
    pub fn apply(&self, opts: &mut ScanOptions) -> Result<(), String> {
        if !self.download_modules {
            return Ok(());
        }
        let cache = self.cache().ok_or(
            "--download-modules: no home directory for the module cache; give --module-cache DIR",
        )?;
        let env: Vec<(String, String)> = std::env::vars_os()
            .filter_map(|(k, v)| Some((k.into_string().ok()?, v.into_string().ok()?)))
            .filter(|(k, _)| k.starts_with("TF_TOKEN_") || k == "TF_CLI_CONFIG_FILE")
            .collect();
        let settings = Settings::from_env(&env, home().as_deref())
            .map_err(|e| format!("--download-modules: {e}"))?;
        opts.download = Some(Arc::new(DownloadOptions { cache, settings }));
        Ok(())
    }

    /// Before `--fix` and `--diff`: the findings in the module cache are
    /// dropped, as its files are never edited.
    pub fn protect_cache(&self, result: &mut ScanResult) {
        if let (true, Some(cache)) = (self.download_modules, self.cache()) {
            let sources = &result.sources;
            result
                .findings
                .retain(|f| !download::in_cache(&sources.get(f.range.file).path, &cache));
        }
    }

    /// `--exclude-downloaded-modules`, after the scan.
    pub fn exclude(&self, result: &mut ScanResult) {
        if self.exclude_downloaded_modules {
            download::exclude(result, self.cache().as_deref());
        }
    }
}

fn home() -> Option<PathBuf> {
    std::env::var_os("HOME")
        .filter(|h| !h.is_empty())
        .map(PathBuf::from)
}
