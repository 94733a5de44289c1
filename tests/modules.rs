//! `--download-modules`: registry and git modules fetched into the module
//! cache and evaluated, against a registry served by the test itself on
//! 127.0.0.1 and git repositories in a temporary directory (no network).
//! The tests need `git`; without it they say SKIPPED.

mod common;

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::{Arc, Mutex};

use common::{tools, write};

const TOKEN: &str = "s3cret";

/// The module: an EBS volume whose encryption is an input, through a
/// module of its own package.
const MODULE_MAIN: &str = "variable \"encrypted\" {}\n\nmodule \"volume\" {\n  source    = \"./modules/volume\"\n  encrypted = var.encrypted\n}\n";
const VOLUME: &str = "variable \"encrypted\" {}\n\nresource \"aws_ebs_volume\" \"v\" {\n  availability_zone = \"us-east-1a\"\n  size              = 8\n  encrypted         = var.encrypted\n}\n";

/// A git repository with the module, tagged `v1.2.0`; `None` without git.
fn module_repo(dir: &Path, test: &str) -> Option<PathBuf> {
    if tools::on_path("git").is_none() {
        tools::skip(test, "git not found");
        return None;
    }
    let repo = dir.join("repo");
    write(&repo, "main.tf", MODULE_MAIN);
    write(&repo, "modules/volume/main.tf", VOLUME);
    let git = |args: &[&str]| {
        let out = Command::new("git")
            .args(["-c", "user.name=t", "-c", "user.email=t@example.com"])
            .args(args)
            .current_dir(&repo)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    };
    git(&["init", "--quiet"]);
    git(&["add", "-A"]);
    git(&["commit", "--quiet", "-m", "module"]);
    git(&["tag", "v1.2.0"]);
    Some(repo)
}

/// The requests a test registry saw: path and `Authorization` header.
type Seen = Arc<Mutex<Vec<(String, Option<String>)>>>;

/// Serves the registry protocol for `acme/volume/aws` on 127.0.0.1; the
/// download location is `location`. Answers 401 without the token.
fn registry(location: String) -> (u16, Seen) {
    registry_with(location, Vec::new())
}

/// [`registry`], also serving `archive` at `/archive/volume.tar.gz` (to
/// anyone: it is not the registry's API).
fn registry_with(location: String, archive: Vec<u8>) -> (u16, Seen) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let seen: Seen = Arc::default();
    let log = seen.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut line = String::new();
            reader.read_line(&mut line).unwrap();
            let path = line.split(' ').nth(1).unwrap_or("").to_string();
            let mut auth = None;
            loop {
                let mut h = String::new();
                if reader.read_line(&mut h).unwrap() == 0 || h.trim().is_empty() {
                    break;
                }
                if let Some((k, v)) = h.split_once(':') {
                    if k.eq_ignore_ascii_case("authorization") {
                        auth = Some(v.trim().to_string());
                    }
                }
            }
            log.lock().unwrap().push((path.clone(), auth.clone()));
            if path == "/archive/volume.tar.gz" {
                let head = format!(
                    "HTTP/1.1 200 OK\r\ncontent-length: {}\r\nconnection: close\r\n\r\n",
                    archive.len()
                );
                let _ = stream.write_all(&[head.as_bytes(), &archive].concat());
                continue;
            }
            let response = if auth.as_deref() != Some(&format!("Bearer {TOKEN}")) {
                "HTTP/1.1 401 Unauthorized\r\ncontent-length: 0\r\nconnection: close\r\n\r\n"
                    .to_string()
            } else if path == "/v1/modules/acme/volume/aws/versions" {
                let body = r#"{"modules":[{"versions":[{"version":"1.0.0"},{"version":"1.2.0"},{"version":"2.0.0"}]}]}"#;
                format!(
                    "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
                    body.len()
                )
            } else if path == "/v1/modules/acme/volume/aws/1.2.0/download" {
                format!("HTTP/1.1 204 No Content\r\nx-terraform-get: {location}\r\nconnection: close\r\n\r\n")
            } else {
                "HTTP/1.1 404 Not Found\r\ncontent-length: 0\r\nconnection: close\r\n\r\n"
                    .to_string()
            };
            let _ = stream.write_all(response.as_bytes());
        }
    });
    (port, seen)
}

/// A project calling the registry module, and a CLI configuration that
/// sends `example.test`'s registry requests to `port`.
fn project(dir: &Path, port: u16) {
    write(
        dir,
        "project/main.tf",
        "module \"data\" {\n  source    = \"example.test/acme/volume/aws\"\n  version   = \"~> 1.0\"\n  encrypted = false\n}\n",
    );
    write(
        dir,
        "terraformrc",
        &format!("host \"example.test\" {{\n  services = {{\n    \"modules.v1\" = \"http://127.0.0.1:{port}/v1/modules/\"\n  }}\n}}\n"),
    );
}

/// Runs `palisade scan project` in `dir` with the registry settings and the
/// token in the environment, and nothing of the machine's.
fn scan(dir: &Path, extra: &[&str], token: &str) -> Output {
    Command::new(env!("CARGO_BIN_EXE_palisade"))
        .args(["scan", "project", "-f", "compact", "--no-config"])
        .args(extra)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env("HOME", dir)
        .env("TF_CLI_CONFIG_FILE", dir.join("terraformrc"))
        .env("TF_TOKEN_example_test", token)
        .env_remove("XDG_CACHE_HOME")
        .env_remove("CLICOLOR_FORCE")
        .env_remove("HTTP_PROXY")
        .env_remove("HTTPS_PROXY")
        .env_remove("ALL_PROXY")
        .env_remove("http_proxy")
        .env_remove("https_proxy")
        .env_remove("all_proxy")
        .output()
        .unwrap()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// The cache entry's name for the project's call.
fn entry(dir: &Path) -> String {
    let entries: Vec<String> = std::fs::read_dir(dir.join("cache"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(entries.len(), 1, "{entries:?}");
    entries[0].clone()
}

#[test]
fn a_registry_module_is_downloaded_with_the_token_and_evaluated() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let Some(repo) = module_repo(
        dir,
        "a_registry_module_is_downloaded_with_the_token_and_evaluated",
    ) else {
        return;
    };
    let (port, seen) = registry(format!("git::file://{}?ref=v1.2.0", repo.display()));
    project(dir, port);
    let flags = ["--download-modules", "--module-cache", "cache"];
    let out = scan(dir, &flags, TOKEN);
    let entry = entry(dir);
    assert!(
        entry.starts_with("example.test_acme_volume_aws-"),
        "{entry}"
    );
    assert_eq!(
        stdout(&out),
        format!(
            "cache/{entry}/package/modules/volume/main.tf:6:23: HIGH AWS-EBS-001 EBS volume \
             module.data.module.volume.aws_ebs_volume.v sets encryption to false\n\
             Found 1 finding (1 high) in 3 files.\n"
        ),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(out.status.code(), Some(1));
    // The highest version `~> 1.0` allows, asked for with the token.
    let bearer = Some(format!("Bearer {TOKEN}"));
    assert_eq!(
        *seen.lock().unwrap(),
        [
            (
                "/v1/modules/acme/volume/aws/versions".to_string(),
                bearer.clone()
            ),
            (
                "/v1/modules/acme/volume/aws/1.2.0/download".to_string(),
                bearer
            ),
        ]
    );

    // The cache is reused: no request, same findings.
    let again = scan(dir, &flags, TOKEN);
    assert_eq!(stdout(&again), stdout(&out));
    assert_eq!(seen.lock().unwrap().len(), 2);

    // Still evaluated, no longer reported.
    let excluded = scan(
        dir,
        &[&flags[..], &["--exclude-downloaded-modules"]].concat(),
        TOKEN,
    );
    assert_eq!(
        stdout(&excluded),
        "No findings in 3 files; 1 in downloaded modules not shown.\n"
    );
    assert_eq!(excluded.status.code(), Some(0));
}

#[test]
fn nothing_is_downloaded_without_the_flag() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let (port, seen) = registry("git::file:///nonexistent".into());
    project(dir, port);
    let out = scan(dir, &["--module-cache", "cache"], TOKEN);
    assert_eq!(stdout(&out), "No findings in 1 file.\n");
    assert_eq!(out.status.code(), Some(0));
    assert!(!dir.join("cache").exists());
    assert!(seen.lock().unwrap().is_empty());
}

#[test]
fn an_unreachable_or_refusing_registry_is_an_error_at_the_call() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    // A port nothing listens on any more.
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    project(dir, port);
    let flags = ["--download-modules", "--module-cache", "cache"];
    let out = scan(dir, &flags, TOKEN);
    assert_eq!(
        stdout(&out),
        "project/main.tf:2:15: ERROR could not download registry module \
         example.test/acme/volume/aws: connection refused (is the network reachable?)\n\
         No findings in 1 file; 1 file could not be scanned.\n"
    );
    assert_eq!(out.status.code(), Some(2));

    // A registry that refuses the token names the variable to set.
    let (port, _) = registry("git::file:///nonexistent".into());
    project(dir, port);
    let out = scan(dir, &flags, "wrong");
    assert_eq!(
        stdout(&out),
        format!(
            "project/main.tf:2:15: ERROR could not download registry module \
             example.test/acme/volume/aws: http://127.0.0.1:{port}/v1/modules/acme/volume/aws/versions \
             answered HTTP 401 (set a token: TF_TOKEN_example_test or a credentials block for \
             example.test)\n\
             No findings in 1 file; 1 file could not be scanned.\n"
        )
    );
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn a_git_source_is_cloned_at_its_ref_and_subdirectory() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let Some(repo) = module_repo(dir, "a_git_source_is_cloned_at_its_ref_and_subdirectory") else {
        return;
    };
    write(
        dir,
        "project/main.tf",
        &format!(
            "module \"vol\" {{\n  source    = \"git::file://{}//modules/volume?ref=v1.2.0\"\n  encrypted = false\n}}\n\nmodule \"gone\" {{\n  source = \"git::file://{}/missing?ref=v1\"\n}}\n",
            repo.display(),
            dir.display()
        ),
    );
    write(dir, "terraformrc", "");
    let out = scan(
        dir,
        &["--download-modules", "--module-cache", "cache"],
        TOKEN,
    );
    let text = stdout(&out);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 3, "{text}");
    assert!(
        lines[0].starts_with("cache/git__file__")
            && lines[0].ends_with(
                "/package/modules/volume/main.tf:6:23: HIGH AWS-EBS-001 EBS volume \
                 module.vol.aws_ebs_volume.v sets encryption to false"
            ),
        "{text}"
    );
    assert!(
        lines[1].starts_with(&format!(
            "project/main.tf:7:12: ERROR could not download git module file://{}/missing: git clone failed: ",
            dir.display()
        )),
        "{text}"
    );
    assert_eq!(
        lines[2],
        "Found 1 finding (1 high) in 2 files; 1 file could not be scanned."
    );
    assert_eq!(out.status.code(), Some(2));

    // An entry left incomplete is fetched again.
    let entry = entry(dir);
    std::fs::remove_file(dir.join("cache").join(&entry).join("module")).unwrap();
    let again = scan(
        dir,
        &["--download-modules", "--module-cache", "cache"],
        TOKEN,
    );
    assert_eq!(stdout(&again), text);
}

#[test]
fn a_scan_downloads_a_bounded_number_of_modules() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let Some(repo) = module_repo(dir, "a_scan_downloads_a_bounded_number_of_modules") else {
        return;
    };
    // 65 calls, each at its own tag: one more than the limit.
    let mut main = String::new();
    for i in 0..65 {
        let out = Command::new("git")
            .args(["tag", &format!("t{i}")])
            .current_dir(&repo)
            .output()
            .unwrap();
        assert!(out.status.success());
        main.push_str(&format!(
            "module \"m{i:02}\" {{\n  source    = \"git::file://{}//modules/volume?ref=t{i}\"\n  encrypted = true\n}}\n",
            repo.display()
        ));
    }
    write(dir, "project/main.tf", &main);
    write(dir, "terraformrc", "");
    let out = scan(
        dir,
        &["--download-modules", "--module-cache", "cache"],
        TOKEN,
    );
    assert_eq!(
        stdout(&out),
        format!(
            "project/main.tf:258:15: ERROR git module file://{} not downloaded: a scan \
             downloads at most 64 modules\n\
             No findings in 65 files; 1 file could not be scanned.\n",
            repo.display()
        )
    );
    assert_eq!(std::fs::read_dir(dir.join("cache")).unwrap().count(), 64);
}

#[test]
fn installed_modules_are_not_downloaded_and_can_be_excluded() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let (port, seen) = registry("git::file:///nonexistent".into());
    project(dir, port);
    write(
        dir,
        "project/.terraform/modules/modules.json",
        r#"{"Modules":[{"Key":"","Source":"","Dir":"."},{"Key":"data","Source":"example.test/acme/volume/aws","Version":"1.2.0","Dir":".terraform/modules/data"}]}"#,
    );
    write(dir, "project/.terraform/modules/data/main.tf", VOLUME);
    let flags = ["--download-modules", "--module-cache", "cache"];
    let out = scan(dir, &flags, TOKEN);
    assert_eq!(
        stdout(&out),
        "project/.terraform/modules/data/main.tf:6:23: HIGH AWS-EBS-001 EBS volume \
         module.data.aws_ebs_volume.v sets encryption to false\n\
         Found 1 finding (1 high) in 2 files.\n"
    );
    assert!(seen.lock().unwrap().is_empty());
    assert!(!dir.join("cache").exists());
    // `terraform init`'s modules are downloaded code too.
    let out = scan(dir, &["--exclude-downloaded-modules"], TOKEN);
    assert_eq!(
        stdout(&out),
        "No findings in 2 files; 1 in downloaded modules not shown.\n"
    );
}

#[test]
fn fixes_never_edit_the_module_cache() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let Some(repo) = module_repo(dir, "fixes_never_edit_the_module_cache") else {
        return;
    };
    // A module whose own literal has a safe fix.
    write(
        &repo,
        "modules/literal/main.tf",
        &VOLUME.replace("var.encrypted", "false"),
    );
    for args in [
        &["add", "-A"][..],
        &["commit", "--quiet", "-m", "literal"],
        &["tag", "v2"],
    ] {
        let out = Command::new("git")
            .args(["-c", "user.name=t", "-c", "user.email=t@example.com"])
            .args(args)
            .current_dir(&repo)
            .output()
            .unwrap();
        assert!(out.status.success());
    }
    write(
        dir,
        "project/main.tf",
        &format!(
            "module \"vol\" {{\n  source    = \"git::file://{}//modules/literal?ref=v2\"\n  encrypted = false\n}}\n\nresource \"aws_ebs_volume\" \"own\" {{\n  availability_zone = \"us-east-1a\"\n  size              = 8\n  encrypted         = false\n}}\n",
            repo.display()
        ),
    );
    write(dir, "terraformrc", "");
    let out = scan(
        dir,
        &["--download-modules", "--module-cache", "cache", "--diff"],
        TOKEN,
    );
    let diff = stdout(&out);
    assert!(diff.contains("+++ b/project/main.tf"), "{diff}");
    assert!(!diff.contains("cache/"), "{diff}");
    // The module's finding is still reported.
    let out = scan(
        dir,
        &["--download-modules", "--module-cache", "cache"],
        TOKEN,
    );
    assert!(
        stdout(&out).contains("/package/modules/literal/main.tf:6:23: HIGH AWS-EBS-001"),
        "{}",
        stdout(&out)
    );
    assert_eq!(out.status.code(), Some(1));
}

/// A `.tar.gz` of the module, with an entry that tries to leave the
/// directory it is unpacked in.
fn module_archive() -> Vec<u8> {
    let gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    let mut tar = tar::Builder::new(gz);
    for (name, text) in [
        ("main.tf", MODULE_MAIN),
        ("modules/volume/main.tf", VOLUME),
        ("../evil.tf", VOLUME),
    ] {
        let mut h = tar::Header::new_gnu();
        h.as_gnu_mut().unwrap().name[..name.len()].copy_from_slice(name.as_bytes());
        h.set_size(text.len() as u64);
        h.set_mode(0o644);
        h.set_entry_type(tar::EntryType::Regular);
        h.set_cksum();
        tar.append(&h, text.as_bytes()).unwrap();
    }
    tar.into_inner().unwrap().finish().unwrap()
}

#[test]
fn a_registry_module_can_be_a_tar_gz_archive() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    // A location relative to the download address.
    let (port, seen) = registry_with("/archive/volume.tar.gz".into(), module_archive());
    project(dir, port);
    let out = scan(
        dir,
        &["--download-modules", "--module-cache", "cache"],
        TOKEN,
    );
    let entry = entry(dir);
    assert_eq!(
        stdout(&out),
        format!(
            "cache/{entry}/package/modules/volume/main.tf:6:23: HIGH AWS-EBS-001 EBS volume \
             module.data.module.volume.aws_ebs_volume.v sets encryption to false\n\
             Found 1 finding (1 high) in 3 files.\n"
        ),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(seen.lock().unwrap().len(), 3);
    assert_eq!(
        seen.lock().unwrap()[2],
        ("/archive/volume.tar.gz".to_string(), None)
    );
    // The entry that tried to leave was not written.
    assert!(!dir.join("cache").join(&entry).join("evil.tf").exists());
    assert!(!dir.join("cache/evil.tf").exists());
}
