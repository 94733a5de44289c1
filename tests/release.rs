//! Releases as users install them: `scripts/install.sh` against a release
//! laid out in a temporary directory (installs what the checksums vouch
//! for, refuses anything else), the `palisade-bin` pre-commit hook's script,
//! the release workflow's shape, the Dockerfile, and — when the programs are
//! there — `actionlint` on the workflows, `shellcheck` on the scripts and a
//! real `docker build`.
//!
//! Nothing here needs the network: the install script reads a directory
//! through `PALISADE_DOWNLOAD_URL`. The linters are looked for on PATH, then
//! in `target/test-tools/venv/bin` (`scripts/test-tools.sh`); a missing one
//! is a `SKIPPED` line, or a failure with `PALISADE_REQUIRE_TOOLS=1`. The
//! container build pulls base images, so it runs only with
//! `PALISADE_TEST_DOCKER=1`.

mod common;

use common::release::{host_target, missing_programs, sha256, FakeRelease};
use common::{repo, tools};
use palisade::parse::yaml;
use palisade::parse::{Node, NodeKind};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const FAKE: &str = "#!/bin/sh\necho \"palisade 0.0.0-fake\"\n";

/// Skips the calling test (visibly) when `sh`, `tar` or a SHA-256 tool is
/// missing; returns whether it can run.
fn programs(test: &str) -> bool {
    match missing_programs() {
        Some(reason) => {
            tools::skip(test, reason);
            false
        }
        None => true,
    }
}

/// Runs `sh scripts/install.sh ARGS` with the release at `url`.
fn install(url: &str, args: &[&str]) -> Output {
    Command::new("sh")
        .arg(repo().join("scripts/install.sh"))
        .args(args)
        .env("PALISADE_DOWNLOAD_URL", url)
        .env_remove("PALISADE_TARGET")
        .env_remove("PALISADE_INSTALL_DIR")
        .output()
        .expect("run sh")
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn path_str(p: &Path) -> &str {
    p.to_str().expect("a UTF-8 path")
}

#[test]
fn install_script_installs_a_release_whose_checksum_matches() {
    if !programs("install_script_installs_a_release_whose_checksum_matches") {
        return;
    }
    let release = FakeRelease::new("v1.2.3", host_target(), FAKE);
    let sum = sha256(&release.archive());
    let dest = tempfile::tempdir().unwrap();
    let url = path_str(release.url()).to_owned();

    // A tag, a version without `v`, and the latest release; a plain
    // directory and (with curl) a file:// URL.
    let mut cases = vec![
        (url.clone(), "v1.2.3", "a"),
        (url.clone(), "1.2.3", "b"),
        (url.clone(), "latest", "c"),
    ];
    if tools::on_path("curl").is_some() {
        cases.push((format!("file://{url}"), "v1.2.3", "d"));
    }
    for (url, version, sub) in cases {
        let to = dest.path().join(sub);
        let out = install(&url, &["--version", version, "--to", path_str(&to)]);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(0), "{version} {url}: {err}");
        let bin = to.join("palisade");
        assert_eq!(std::fs::read_to_string(&bin).unwrap(), FAKE);
        assert!(tools::is_executable(&bin));
        assert!(
            err.lines().any(|l| l
                == format!(
                    "palisade-install: checksum verified: {} {sum}",
                    release.archive_name()
                )),
            "{err}"
        );
        assert!(
            err.contains(&format!("palisade-install: installed {}", bin.display())),
            "{err}"
        );
        // The one thing run: the installed binary's --version.
        assert_eq!(
            String::from_utf8_lossy(&out.stdout),
            "palisade 0.0.0-fake\n"
        );
    }

    // An explicit --target is installed but not run.
    let other = FakeRelease::new("v1.2.3", "aarch64-apple-darwin", FAKE);
    let to = dest.path().join("e");
    let out = install(
        path_str(other.url()),
        &[
            "--version=v1.2.3",
            "--target",
            "aarch64-apple-darwin",
            "--to",
            path_str(&to),
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(to.join("palisade").is_file());
    assert_eq!(String::from_utf8_lossy(&out.stdout), "");
}

/// Runs the install script into `DIR/bin`, where an older `palisade`
/// already is, and checks that it failed with `message` and left that file
/// alone (and nothing else in the directory).
fn refuses(release: &FakeRelease, message: &str) {
    let dest = tempfile::tempdir().unwrap();
    let to = dest.path().join("bin");
    std::fs::create_dir(&to).unwrap();
    std::fs::write(to.join("palisade"), "old").unwrap();
    let out = install(
        path_str(release.url()),
        &["--version", &release.tag, "--to", path_str(&to)],
    );
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.lines()
            .any(|l| l == format!("palisade-install: error: {message}")),
        "expected {message:?} in:\n{err}"
    );
    assert!(!err.contains("installed"), "{err}");
    assert_eq!(String::from_utf8_lossy(&out.stdout), "");
    let left: Vec<_> = std::fs::read_dir(&to)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(left, ["palisade"]);
    assert_eq!(std::fs::read_to_string(to.join("palisade")).unwrap(), "old");

    // Into a directory that does not exist yet: it is not even created.
    let fresh = dest.path().join("fresh");
    let out = install(
        path_str(release.url()),
        &["--version", &release.tag, "--to", path_str(&fresh)],
    );
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(!fresh.exists());
}

#[test]
fn install_script_refuses_a_corrupted_archive() {
    if !programs("install_script_refuses_a_corrupted_archive") {
        return;
    }
    let release = FakeRelease::new("v1.2.3", host_target(), FAKE);
    let expected = sha256(&release.archive());
    release.corrupt_archive();
    let actual = sha256(&release.archive());
    assert_ne!(expected, actual);
    refuses(
        &release,
        &format!(
            "checksum mismatch for {}: SHA256SUMS says {expected}, the download is {actual}; refusing to install",
            release.archive_name()
        ),
    );
}

#[test]
fn install_script_refuses_a_wrong_or_missing_checksum() {
    if !programs("install_script_refuses_a_wrong_or_missing_checksum") {
        return;
    }
    let release = FakeRelease::new("v1.2.3", host_target(), FAKE);
    let actual = sha256(&release.archive());
    let name = release.archive_name();

    let wrong = "0".repeat(64);
    release.write_sums(&format!("{wrong}  {name}\n"));
    refuses(
        &release,
        &format!("checksum mismatch for {name}: SHA256SUMS says {wrong}, the download is {actual}; refusing to install"),
    );

    // Listed only under another name (a prefix of it, another target).
    release.write_sums(&format!(
        "{actual}  palisade-{}.tar\n{actual}  palisade-x86_64-pc-windows-msvc.zip\n",
        release.target
    ));
    refuses(
        &release,
        &format!("SHA256SUMS has no entry for {name}; refusing to install"),
    );

    // No SHA256SUMS at all.
    std::fs::remove_file(release.sums()).unwrap();
    refuses(
        &release,
        &format!(
            "could not download {}/download/v1.2.3/SHA256SUMS",
            path_str(release.url())
        ),
    );

    // The `*` of binary mode and upper-case hex are accepted.
    release.write_sums(&format!("{}  *{name}\n", actual.to_uppercase()));
    let dest = tempfile::tempdir().unwrap();
    let out = install(
        path_str(release.url()),
        &["--version", "v1.2.3", "--to", path_str(dest.path())],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}

#[test]
fn install_script_rejects_bad_arguments_and_missing_releases() {
    if !programs("install_script_rejects_bad_arguments_and_missing_releases") {
        return;
    }
    let release = FakeRelease::new("v1.2.3", host_target(), FAKE);
    let url = path_str(release.url());
    let dest = tempfile::tempdir().unwrap();
    let to = path_str(dest.path());
    let cases: [(&[&str], String); 4] = [
        (
            &["--version", "v9.9.9", "--to", to],
            format!(
                "could not download {url}/download/v9.9.9/{}",
                release.archive_name()
            ),
        ),
        (
            &["--version", "nightly", "--to", to],
            "--version takes a release tag such as v0.2.0, or latest (got 'nightly')".into(),
        ),
        (
            &["--frobnicate"],
            "unknown argument '--frobnicate' (see --help)".into(),
        ),
        (&["--to"], "--to needs a value".into()),
    ];
    for (args, message) in cases {
        let out = install(url, args);
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        assert!(
            stderr(&out).ends_with(&format!("palisade-install: error: {message}\n")),
            "{args:?}: {}",
            stderr(&out)
        );
    }
    assert_eq!(std::fs::read_dir(dest.path()).unwrap().count(), 0);
}

// ---------------------------------------------------------------------------
// The palisade-bin pre-commit hook
// ---------------------------------------------------------------------------

#[test]
fn bin_hook_installs_the_release_of_its_version_once_and_scans() {
    if !programs("bin_hook_installs_the_release_of_its_version_once_and_scans") {
        return;
    }
    // The "released binary" runs the palisade this test run built.
    let real = env!("CARGO_BIN_EXE_palisade");
    assert!(!real.contains('\''));
    let release = FakeRelease::new(
        &format!("v{}", env!("CARGO_PKG_VERSION")),
        host_target(),
        &format!("#!/bin/sh\nexec '{real}' \"$@\"\n"),
    );
    let cache = tempfile::tempdir().unwrap();
    let work = tempfile::tempdir().unwrap();
    common::write(
        work.path(),
        "main.tf",
        "resource \"aws_ebs_volume\" \"v\" {\n  availability_zone = \"a\"\n}\n",
    );
    common::write(work.path(), "k8s.yaml", "apiVersion: v1\nkind: Pod\n");
    let hook = || {
        Command::new(repo().join("scripts/pre-commit-bin.sh"))
            .args(["--format", "json", "--no-config", "main.tf", "k8s.yaml"])
            .current_dir(work.path())
            .env("PALISADE_DOWNLOAD_URL", release.url())
            .env("XDG_CACHE_HOME", cache.path())
            .env_remove("PALISADE_CACHE_DIR")
            .env_remove("PALISADE_TARGET")
            .output()
            .expect("run the hook script")
    };
    let check = |out: &Output| {
        assert_eq!(out.status.code(), Some(1), "{}", stderr(out));
        let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let found: Vec<String> = json["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| {
                format!(
                    "{} {}:{}:{}",
                    f["rule_id"].as_str().unwrap(),
                    f["location"]["path"].as_str().unwrap(),
                    f["location"]["start"]["line"],
                    f["location"]["start"]["column"],
                )
            })
            .collect();
        assert_eq!(found, ["AWS-EBS-001 main.tf:1:1"]);
    };
    let first = hook();
    check(&first);
    let installed = cache
        .path()
        .join(format!("palisade/v{}/palisade", env!("CARGO_PKG_VERSION")));
    assert!(tools::is_executable(&installed));
    assert!(
        stderr(&first).contains("palisade-install: checksum verified"),
        "{}",
        stderr(&first)
    );

    // The second run uses the cached binary: the release is gone.
    std::fs::remove_dir_all(release.url().join("download")).unwrap();
    let second = hook();
    check(&second);
    assert_eq!(stderr(&second), "");
}

#[test]
fn bin_hook_fails_when_the_release_does_not_verify() {
    if !programs("bin_hook_fails_when_the_release_does_not_verify") {
        return;
    }
    let release = FakeRelease::new(
        &format!("v{}", env!("CARGO_PKG_VERSION")),
        host_target(),
        FAKE,
    );
    release.corrupt_archive();
    let cache = tempfile::tempdir().unwrap();
    let out = Command::new(repo().join("scripts/pre-commit-bin.sh"))
        .arg("main.tf")
        .env("PALISADE_DOWNLOAD_URL", release.url())
        .env("PALISADE_CACHE_DIR", cache.path())
        .output()
        .unwrap();
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("error: checksum mismatch for"), "{err}");
    assert!(
        err.ends_with(&format!(
            "palisade-bin: could not install palisade v{} (use the hook palisade, which builds from source, or palisade-system)\n",
            env!("CARGO_PKG_VERSION")
        )),
        "{err}"
    );
    assert_eq!(std::fs::read_dir(cache.path()).unwrap().count(), 0);
}

// ---------------------------------------------------------------------------
// The release workflow, the hooks and the Dockerfile, read
// ---------------------------------------------------------------------------

fn load(name: &str) -> Node {
    let text = std::fs::read_to_string(repo().join(name)).unwrap();
    yaml::parse(&text)
        .unwrap_or_else(|e| panic!("{name}: {e:?}"))
        .root
}

fn at<'a>(node: &'a Node, path: &[&str]) -> &'a Node {
    path.iter().fold(node, |n, key| {
        n.get(key)
            .unwrap_or_else(|| panic!("no {key:?} in {path:?}"))
    })
}

fn str_at<'a>(node: &'a Node, path: &[&str]) -> &'a str {
    at(node, path)
        .as_str()
        .unwrap_or_else(|| panic!("{path:?} is not a string"))
}

/// Every `run` script of a job's steps, joined.
fn runs(job: &Node) -> String {
    at(job, &["steps"])
        .as_seq()
        .unwrap()
        .iter()
        .filter_map(|s| s.get("run").and_then(Node::as_str))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Every `uses:` of a workflow's steps.
fn uses(workflow: &Node) -> Vec<String> {
    let mut out = Vec::new();
    for job in at(workflow, &["jobs"]).as_map().unwrap() {
        for step in at(&job.value, &["steps"]).as_seq().unwrap() {
            if let Some(u) = step.get("uses").and_then(Node::as_str) {
                out.push(u.to_owned());
            }
        }
    }
    out
}

#[test]
fn release_workflow_builds_the_five_targets_with_checksums() {
    let wf = load(".github/workflows/release.yml");
    let tags = at(&wf, &["on", "push", "tags"]).as_seq().unwrap();
    assert_eq!(
        tags.iter().map(|t| t.as_str()).collect::<Vec<_>>(),
        [Some("v*")]
    );

    let build = at(&wf, &["jobs", "build"]);
    let targets: Vec<&str> = at(build, &["strategy", "matrix", "include"])
        .as_seq()
        .unwrap()
        .iter()
        .map(|entry| str_at(entry, &["target"]))
        .collect();
    assert_eq!(
        targets,
        [
            "x86_64-unknown-linux-musl",
            "aarch64-unknown-linux-musl",
            "x86_64-apple-darwin",
            "aarch64-apple-darwin",
            "x86_64-pc-windows-msvc",
        ]
    );
    // The archives are named as the install script looks for them.
    let package = runs(build);
    assert!(package.contains("name=\"palisade-$TARGET\""), "{package}");
    assert!(
        package.contains("tar -czf \"$name.tar.gz\" \"$name\""),
        "{package}"
    );
    assert!(
        package.contains("7z a -tzip \"$name.zip\" \"$name\""),
        "{package}"
    );
    assert!(
        package.contains("--locked --target \"$TARGET\""),
        "{package}"
    );
    let script = std::fs::read_to_string(repo().join("scripts/install.sh")).unwrap();
    assert!(script.contains("archive=palisade-$target.tar.gz exe=palisade "));
    assert!(script.contains("archive=palisade-$target.zip exe=palisade.exe "));
    assert!(script.contains("bin=$tmp/unpacked/palisade-$target/$exe\n"));

    // One SHA256SUMS over every archive and the install script, published
    // with them.
    let release = at(&wf, &["jobs", "release"]);
    assert_eq!(str_at(release, &["needs"]), "build");
    assert_eq!(str_at(release, &["permissions", "contents"]), "write");
    let publish = runs(release);
    assert!(
        publish.contains("sha256sum palisade-*.tar.gz palisade-*.zip install.sh > SHA256SUMS"),
        "{publish}"
    );
    assert!(
        publish.contains("gh release create \"$TAG\" dist/* --verify-tag"),
        "{publish}"
    );

    // The image: the same binaries, both Linux platforms, to ghcr.io.
    let image = at(&wf, &["jobs", "image"]);
    assert_eq!(str_at(image, &["permissions", "packages"]), "write");
    let push = at(image, &["steps"])
        .as_seq()
        .unwrap()
        .iter()
        .find(|s| s.get("uses").and_then(Node::as_str) == Some("docker/build-push-action@v7"))
        .expect("a docker/build-push-action step");
    assert_eq!(str_at(push, &["with", "target"]), "prebuilt");
    assert_eq!(
        str_at(push, &["with", "platforms"]),
        "linux/amd64,linux/arm64"
    );
    assert_eq!(
        push.get("with").unwrap().get("push").map(|n| &n.kind),
        Some(&NodeKind::Bool(true))
    );
    assert!(runs(image).contains("mkdir -p \"dist/linux-$arch\""));

    // Every action is pinned to a released version, never a branch.
    for workflow in [&wf, &load(".github/workflows/ci.yml")] {
        for u in uses(workflow) {
            if u == "./" {
                continue;
            }
            let (_, version) = u.split_once('@').unwrap_or_else(|| panic!("{u}"));
            assert!(
                version.starts_with('v') && version[1..].starts_with(|c: char| c.is_ascii_digit()),
                "{u}"
            );
        }
    }
}

#[test]
fn ci_workflow_runs_the_ci_script_and_the_action() {
    let wf = load(".github/workflows/ci.yml");
    assert_eq!(
        runs(at(&wf, &["jobs", "ci"])).lines().last(),
        Some("bash .ci/run")
    );
    let action = at(&wf, &["jobs", "action"]);
    let step = at(action, &["steps"])
        .as_seq()
        .unwrap()
        .iter()
        .find(|s| s.get("uses").and_then(Node::as_str) == Some("./"))
        .unwrap();
    assert_eq!(str_at(step, &["with", "install"]), "source");
    assert_eq!(str_at(step, &["with", "paths"]), "testdata/demo");
}

#[test]
fn pre_commit_hooks_are_the_source_build_the_system_binary_and_the_release() {
    let hooks = load(".pre-commit-hooks.yaml");
    let hooks: Vec<(&str, &str)> = hooks
        .as_seq()
        .unwrap()
        .iter()
        .map(|h| (str_at(h, &["id"]), str_at(h, &["language"])))
        .collect();
    assert_eq!(
        hooks,
        [
            ("palisade", "rust"),
            ("palisade-system", "system"),
            ("palisade-bin", "script"),
        ]
    );
    assert!(tools::is_executable(
        &repo().join("scripts/pre-commit-bin.sh")
    ));
    assert!(tools::is_executable(&repo().join("scripts/install.sh")));
}

/// The Dockerfile's stages: (FROM line, instructions after it).
fn dockerfile_stages() -> Vec<(String, Vec<String>)> {
    let text = std::fs::read_to_string(repo().join("Dockerfile")).unwrap();
    // Continuation lines joined, comments dropped.
    let joined = text.replace("\\\n", " ");
    let mut stages: Vec<(String, Vec<String>)> = Vec::new();
    for line in joined.lines().map(str::trim) {
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        if line.starts_with("FROM ") {
            stages.push((line.to_owned(), Vec::new()));
        } else if let Some(stage) = stages.last_mut() {
            stage.1.push(line.to_owned());
        }
    }
    stages
}

#[test]
fn dockerfile_builds_a_static_binary_into_a_small_image_run_as_non_root() {
    let stages = dockerfile_stages();
    let froms: Vec<&str> = stages.iter().map(|(f, _)| f.as_str()).collect();
    assert_eq!(
        froms,
        [
            "FROM rust:${RUST_VERSION}-alpine AS build",
            "FROM gcr.io/distroless/static-debian12:nonroot AS prebuilt",
            "FROM gcr.io/distroless/static-debian12:nonroot",
        ]
    );
    // The build copies exactly what the action hashes for its cache key
    // (tests/integrations.rs checks that this is everything the build reads).
    let build = &stages[0].1;
    let copied: Vec<&str> = build
        .iter()
        .filter_map(|l| l.strip_prefix("COPY "))
        .collect();
    assert_eq!(
        copied,
        ["Cargo.toml Cargo.lock ./", "src src", "rules rules"]
    );
    assert!(
        build
            .iter()
            .any(|l| l.starts_with("RUN cargo build --release --locked --bin palisade ")),
        "{build:?}"
    );
    // Both images end the same way: the binary, a numeric user that is not
    // root, /src, palisade as the entry point.
    for (from, lines) in &stages[1..] {
        let tail: Vec<&str> = lines
            .iter()
            .map(String::as_str)
            .skip(lines.len() - 4)
            .collect();
        assert_eq!(
            tail,
            [
                "USER 65532:65532",
                "WORKDIR /src",
                "ENTRYPOINT [\"palisade\"]",
                "CMD [\"scan\", \".\"]",
            ],
            "{from}"
        );
    }
    assert!(stages[2]
        .1
        .contains(&"COPY --from=build /palisade /usr/local/bin/palisade".to_owned()));
    assert!(stages[1].1.contains(
        &"COPY --chmod=755 dist/linux-${TARGETARCH}/palisade /usr/local/bin/palisade".to_owned()
    ));

    // The context is an allowlist: what the stages copy, nothing else.
    let ignore = std::fs::read_to_string(repo().join(".dockerignore")).unwrap();
    let patterns: Vec<&str> = ignore
        .lines()
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .collect();
    assert_eq!(
        patterns,
        [
            "*",
            "!Cargo.toml",
            "!Cargo.lock",
            "!src/",
            "!rules/",
            "!dist/linux-*/palisade"
        ]
    );
}

#[test]
fn the_files_the_dockerfile_copies_make_a_complete_crate() {
    // Cargo reads the manifest and finds the library and the binary in a
    // directory holding only what the build stage copies.
    let dir = tempfile::tempdir().unwrap();
    for file in ["Cargo.toml", "Cargo.lock"] {
        std::fs::copy(repo().join(file), dir.path().join(file)).unwrap();
    }
    for sub in ["src", "rules"] {
        copy_dir(&repo().join(sub), &dir.path().join(sub));
    }
    let out = Command::new(env!("CARGO"))
        .args([
            "metadata",
            "--offline",
            "--locked",
            "--no-deps",
            "--format-version",
            "1",
        ])
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let meta: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let kinds: Vec<String> = meta["packages"][0]["targets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            format!(
                "{} {}",
                t["kind"][0].as_str().unwrap(),
                t["name"].as_str().unwrap()
            )
        })
        .collect();
    assert_eq!(kinds, ["lib palisade", "bin palisade"]);
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

// ---------------------------------------------------------------------------
// Outside programs: actionlint, shellcheck, a container engine
// ---------------------------------------------------------------------------

/// A test tool on PATH, else in `target/test-tools/venv/bin`.
fn tool(name: &str) -> Option<PathBuf> {
    tools::on_path(name).or_else(|| {
        let installed = tools::tools_dir().join("venv/bin").join(name);
        tools::is_executable(&installed).then_some(installed)
    })
}

#[test]
fn actionlint_accepts_the_workflows() {
    let Some(actionlint) = tool("actionlint") else {
        tools::skip("actionlint_accepts_the_workflows", "actionlint not found");
        return;
    };
    let mut workflows: Vec<PathBuf> = std::fs::read_dir(repo().join(".github/workflows"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yml" || e == "yaml"))
        .collect();
    workflows.sort();
    assert_eq!(workflows.len(), 2, "{workflows:?}");
    // With shellcheck, actionlint also checks each `run:` script. ci.yml
    // runs this repository's action (`uses: ./`), so its inputs are checked
    // against action.yml.
    let shellcheck = tool("shellcheck")
        .map(|p| p.display().to_string())
        .unwrap_or_default();
    let out = Command::new(&actionlint)
        .arg("-no-color")
        .arg(format!("-shellcheck={shellcheck}"))
        .args(&workflows)
        .current_dir(repo())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        stderr(&out)
    );
}

#[test]
fn shellcheck_accepts_the_scripts_and_the_action_steps() {
    let Some(shellcheck) = tool("shellcheck") else {
        tools::skip(
            "shellcheck_accepts_the_scripts_and_the_action_steps",
            "shellcheck not found",
        );
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let mut files = vec![
        repo().join("scripts/install.sh"),
        repo().join("scripts/pre-commit-bin.sh"),
    ];
    // The action's steps, as the runner writes them to a file for bash.
    let action = load("action.yml");
    for (i, step) in at(&action, &["runs", "steps"])
        .as_seq()
        .unwrap()
        .iter()
        .enumerate()
    {
        if let Some(run) = step.get("run").and_then(Node::as_str) {
            assert_eq!(str_at(step, &["shell"]), "bash");
            assert!(!run.contains("${{"), "expressions go through env: {run}");
            let file = dir.path().join(format!("step-{i}.sh"));
            std::fs::write(&file, format!("#!/usr/bin/env bash\n{run}")).unwrap();
            files.push(file);
        }
    }
    let out = Command::new(shellcheck).args(&files).output().unwrap();
    assert!(
        out.status.success(),
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        stderr(&out)
    );
}

#[test]
fn the_container_image_builds_and_runs() {
    if std::env::var_os("PALISADE_TEST_DOCKER").is_none_or(|v| v != "1") {
        // Straight to standard error, as `tools::skip` does, so that the
        // line shows in a plain `cargo test`.
        let _ = writeln!(
            std::io::stderr().lock(),
            "SKIPPED the_container_image_builds_and_runs: pulls base images (set PALISADE_TEST_DOCKER=1 to run it)"
        );
        return;
    }
    let engine = ["docker", "podman"]
        .into_iter()
        .find(|e| {
            tools::on_path(e).is_some()
                && Command::new(e)
                    .arg("info")
                    .output()
                    .is_ok_and(|o| o.status.success())
        })
        .expect("PALISADE_TEST_DOCKER=1, but neither docker nor podman is usable");
    let tag = "palisade-release-test:latest";
    let out = Command::new(engine)
        .args(["build", "-t", tag, "."])
        .current_dir(repo())
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let out = Command::new(engine)
        .args(["run", "--rm", tag, "--version"])
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        format!("palisade {}\n", env!("CARGO_PKG_VERSION"))
    );
    let user = Command::new(engine)
        .args(["image", "inspect", "--format", "{{.Config.User}}", tag])
        .output()
        .unwrap();
    assert_eq!(String::from_utf8_lossy(&user.stdout).trim(), "65532:65532");
}
