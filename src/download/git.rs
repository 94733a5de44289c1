//! Fetching a git repository: `git clone`, the one program the downloader
//! runs, never anything of the repository it fetches (no hooks run on a
//! clone; submodules are not fetched).

use std::path::Path;
use std::process::Command;

/// Clones `url` at `reference` (a branch, a tag or a commit) into `into`,
/// which must not exist, and removes its `.git` directory.
pub(super) fn clone(url: &str, reference: Option<&str>, into: &Path) -> Result<(), String> {
    let shallow = run_clone(url, reference, into, true);
    let result = match (shallow, reference) {
        (Ok(()), _) => Ok(()),
        // `--branch` takes branches and tags only: a commit needs a full
        // clone and a checkout.
        (Err(_), Some(r)) if r.len() >= 7 && r.chars().all(|c| c.is_ascii_hexdigit()) => {
            let _ = std::fs::remove_dir_all(into);
            run_clone(url, None, into, false).and_then(|()| {
                git(&[
                    "-C",
                    &into.to_string_lossy(),
                    "checkout",
                    "--quiet",
                    "--detach",
                    r,
                ])
            })
        }
        (Err(e), _) => Err(e),
    };
    match result {
        Ok(()) => {
            let _ = std::fs::remove_dir_all(into.join(".git"));
            Ok(())
        }
        Err(e) => {
            let _ = std::fs::remove_dir_all(into);
            Err(e)
        }
    }
}

fn run_clone(url: &str, reference: Option<&str>, into: &Path, shallow: bool) -> Result<(), String> {
    let into = into.to_string_lossy();
    let mut args = vec!["clone", "--quiet", "--no-tags"];
    if shallow {
        args.extend(["--depth", "1"]);
    }
    if let Some(r) = reference {
        args.extend(["--branch", r]);
    }
    args.extend(["--", url, &into]);
    git(&args)
}

fn git(args: &[&str]) -> Result<(), String> {
    let mut cmd = Command::new("git");
    cmd.args(args)
        // Never wait for a password in CI: fail instead.
        .env("GIT_TERMINAL_PROMPT", "0")
        .stdin(std::process::Stdio::null());
    if std::env::var_os("GIT_SSH_COMMAND").is_none() {
        cmd.env("GIT_SSH_COMMAND", "ssh -o BatchMode=yes");
    }
    let out = cmd
        .output()
        .map_err(|e| format!("git is needed to fetch git sources: {e}"))?;
    if out.status.success() {
        return Ok(());
    }
    let err = String::from_utf8_lossy(&out.stderr);
    let last = err
        .lines()
        .map(str::trim)
        .rfind(|l| !l.is_empty())
        .unwrap_or("no message");
    let what = args
        .iter()
        .find(|a| matches!(**a, "clone" | "checkout"))
        .unwrap_or(&"");
    Err(format!("git {what} failed: {last}"))
}
