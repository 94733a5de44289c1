//! The pre-commit hooks of `.pre-commit-hooks.yaml` as users run them: the
//! real `pre-commit` runs the hooks of this repository on the staged files of
//! a throwaway git repository.
//!
//! `pre-commit` is looked for on PATH, then in `target/test-tools/venv/bin`,
//! where `scripts/test-tools.sh` installs the pinned version (`.ci/run` runs
//! it). When it is in neither, the tests are skipped, or fail when
//! `PALISADE_REQUIRE_TOOLS=1` (see `tests/common/tools.rs`).
//!
//! `pre-commit try-repo` uses this repository's HEAD, plus a temporary commit
//! of its staged and modified tracked files: files that git does not track
//! yet are not part of the hook that is built.
//!
//! The `palisade` hook builds the crate with `cargo install` (cached in
//! `target/test-tools/cargo-target`): a cold build takes minutes on two
//! cores and needs crates.io, so that test runs only with
//! `PALISADE_SLOW_TESTS=1`. The `palisade-bin` hook downloads a release:
//! here, one laid out in a temporary directory (`tests/common/release.rs`).

mod common;

use common::tools;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The `pre-commit` to run: on PATH, or installed by `scripts/test-tools.sh`.
fn pre_commit() -> Option<PathBuf> {
    tools::on_path("pre-commit").or_else(|| {
        let installed = tools::tools_dir().join("venv/bin/pre-commit");
        tools::is_executable(&installed).then_some(installed)
    })
}

/// `target/test-tools`: pre-commit's log and the hook's build cache.
fn tools_dir() -> PathBuf {
    let dir = tools::tools_dir();
    std::fs::create_dir_all(&dir).expect("create target/test-tools");
    dir
}

fn write(dir: &Path, name: &str, text: &str) {
    let p = dir.join(name);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, text).unwrap();
}

fn git(dir: &Path, args: &[&str]) {
    let out = Command::new("git")
        .args(args)
        .current_dir(dir)
        .env_remove("GIT_DIR")
        .env_remove("GIT_WORK_TREE")
        .env_remove("GIT_INDEX_FILE")
        .output()
        .expect("run git");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// A git repository with a Terraform module and a few other files, all
/// staged: `infra/bad.tf` turns encryption off through a variable declared
/// in `infra/variables.tf`, `infra/legacy.tf` (never passed to the hook) has
/// an unencrypted volume of its own, `infra/good.tf` is clean, and the
/// Kubernetes, Helm and npm files are not CloudFormation.
fn project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(
        d,
        "infra/variables.tf",
        "variable \"encrypt\" {\n  type    = bool\n  default = false\n}\n",
    );
    write(
        d,
        "infra/bad.tf",
        "# Data volume for the worker.\n\
         resource \"aws_ebs_volume\" \"data\" {\n  \
           availability_zone = \"eu-west-1a\"\n  \
           size              = 40\n  \
           encrypted         = var.encrypt\n\
         }\n",
    );
    write(
        d,
        "infra/legacy.tf",
        "resource \"aws_ebs_volume\" \"logs\" {\n  \
           availability_zone = \"eu-west-1a\"\n  \
           size              = 10\n\
         }\n",
    );
    write(
        d,
        "infra/good.tf",
        "resource \"aws_ebs_volume\" \"cache\" {\n  \
           availability_zone = \"eu-west-1a\"\n  \
           size              = 10\n  \
           encrypted         = true\n\
         }\n",
    );
    write(
        d,
        "cfn/volume.yaml",
        "AWSTemplateFormatVersion: \"2010-09-09\"\n\
         Resources:\n  \
           Scratch:\n    \
             Type: AWS::EC2::Volume\n    \
             Properties:\n      \
               AvailabilityZone: eu-west-1a\n      \
               Size: 20\n",
    );
    write(
        d,
        "k8s/config.yaml",
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: app\n",
    );
    write(d, "chart/values.yaml", "replicas: {{ .Values.replicas }}\n");
    write(
        d,
        "package.json",
        "{\"name\": \"app\", \"version\": \"1.0.0\"}\n",
    );
    git(d, &["init", "-q"]);
    git(d, &["add", "-A"]);
    dir
}

/// Runs `pre-commit try-repo <this repository> HOOK --files FILES...` in
/// `dir`, with `palisade_dir` first on PATH when given.
fn try_repo(
    pre_commit: &Path,
    dir: &Path,
    hook: &str,
    files: &[&str],
    palisade_dir: Option<&Path>,
) -> Output {
    try_repo_with(pre_commit, dir, hook, files, palisade_dir, &[])
}

/// `try_repo` with more environment variables for the hook.
fn try_repo_with(
    pre_commit: &Path,
    dir: &Path,
    hook: &str,
    files: &[&str],
    palisade_dir: Option<&Path>,
    env: &[(&str, &Path)],
) -> Output {
    let tools = tools_dir();
    let mut cmd = Command::new(pre_commit);
    cmd.args(["try-repo", "--color", "never", "--verbose"])
        .arg(repo())
        .arg(hook)
        .arg("--files")
        .args(files)
        .current_dir(dir)
        // try-repo installs hooks into a temporary store, so PRE_COMMIT_HOME
        // only keeps pre-commit's log (read by `describe`) out of $HOME.
        .env("PRE_COMMIT_HOME", tools.join("pre-commit-home"))
        // `cargo install --path` builds in this directory when it is set,
        // so every try-repo run after the first one reuses the dependencies
        // (the palisade crate itself is rebuilt: each clone is new).
        .env("CARGO_TARGET_DIR", tools.join("cargo-target"))
        .env("NO_COLOR", "1")
        .env_remove("GIT_DIR")
        .env_remove("GIT_WORK_TREE")
        .env_remove("GIT_INDEX_FILE")
        .envs(env.iter().copied());
    if let Some(bin) = palisade_dir {
        let mut path = vec![bin.to_path_buf()];
        path.extend(std::env::split_paths(
            &std::env::var_os("PATH").unwrap_or_default(),
        ));
        cmd.env("PATH", std::env::join_paths(path).unwrap());
    }
    cmd.output().expect("run pre-commit")
}

/// The combined output, and pre-commit's own log when it hit an error (a
/// failed hook build is reported there).
fn describe(out: &Output) -> String {
    let mut s = format!(
        "exit status: {}\n--- stdout\n{}--- stderr\n{}",
        out.status,
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    if out.status.code() == Some(3) {
        let log = tools_dir().join("pre-commit-home/pre-commit.log");
        if let Ok(text) = std::fs::read_to_string(&log) {
            s.push_str("--- pre-commit.log\n");
            s.push_str(&text);
        }
    }
    s
}

fn lines(out: &Output) -> Vec<String> {
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(str::to_owned)
        .collect()
}

/// The status line of a hook: `NAME.....Passed` or `NAME.....Failed`.
fn status_line(lines: &[String], name: &str) -> Option<String> {
    lines
        .iter()
        .find(|l| {
            l.strip_prefix(name)
                .is_some_and(|rest| rest.starts_with('.'))
        })
        .map(|l| {
            l.trim_start_matches(name)
                .trim_start_matches('.')
                .to_owned()
        })
}

#[test]
fn rust_hook_is_built_from_this_repository_and_checks_staged_files() {
    const NAME: &str = "rust_hook_is_built_from_this_repository_and_checks_staged_files";
    if !tools::slow(NAME, "builds the hook with `cargo install`") {
        return;
    }
    let Some(pre_commit) = pre_commit() else {
        tools::skip(NAME, "pre-commit not found");
        return;
    };
    let project = project();
    let dir = project.path();

    let bad = try_repo(
        &pre_commit,
        dir,
        "palisade",
        &["infra/bad.tf", "cfn/volume.yaml"],
        None,
    );
    let text = describe(&bad);
    assert_eq!(bad.status.code(), Some(1), "{text}");
    let out = lines(&bad);
    assert_eq!(
        status_line(&out, "palisade").as_deref(),
        Some("Failed"),
        "{text}"
    );
    for expected in [
        "- hook id: palisade",
        "- exit code: 1",
        "AWS-EBS-001 ebs-volume-unencrypted",
        // The variable's default comes from infra/variables.tf, which was
        // not passed: the whole module is evaluated.
        "  × [high] EBS volume aws_ebs_volume.data sets encryption to false, the default of variable",
        "  │ `encrypt`",
        "   ╭─[infra/bad.tf:5:23]",
        "  × [high] EBS volume `Scratch` does not enable encryption",
        "   ╭─[cfn/volume.yaml:3:3]",
        "2 findings (0 critical, 2 high, 0 medium, 0 low) in 2 files, 4 resources",
    ] {
        assert!(
            out.iter().any(|l| l == expected),
            "missing {expected:?}\n{text}"
        );
    }
    // Only the named files are reported on, not the rest of their module.
    assert!(!text.contains("legacy.tf"), "{text}");
    assert!(!text.contains("aws_ebs_volume.logs"), "{text}");

    let good = try_repo(
        &pre_commit,
        dir,
        "palisade",
        &[
            "infra/good.tf",
            "k8s/config.yaml",
            "chart/values.yaml",
            "package.json",
        ],
        None,
    );
    let text = describe(&good);
    assert_eq!(good.status.code(), Some(0), "{text}");
    let out = lines(&good);
    assert_eq!(
        status_line(&out, "palisade").as_deref(),
        Some("Passed"),
        "{text}"
    );
    // Kubernetes, Helm and npm files are skipped silently: one file scanned.
    assert!(
        out.iter()
            .any(|l| l == "No findings in 1 file, 3 resources"),
        "{text}"
    );
}

#[test]
fn system_hook_runs_the_palisade_on_path() {
    let Some(pre_commit) = pre_commit() else {
        tools::skip(
            "system_hook_runs_the_palisade_on_path",
            "pre-commit not found",
        );
        return;
    };
    let project = project();
    let dir = project.path();
    let bin = Path::new(env!("CARGO_BIN_EXE_palisade")).parent().unwrap();

    let bad = try_repo(
        &pre_commit,
        dir,
        "palisade-system",
        &["infra/bad.tf"],
        Some(bin),
    );
    let text = describe(&bad);
    assert_eq!(bad.status.code(), Some(1), "{text}");
    let out = lines(&bad);
    assert_eq!(
        status_line(&out, "palisade (installed binary)").as_deref(),
        Some("Failed"),
        "{text}"
    );
    for expected in [
        "- hook id: palisade-system",
        "   ╭─[infra/bad.tf:5:23]",
        "1 finding (0 critical, 1 high, 0 medium, 0 low) in 1 file, 3 resources",
    ] {
        assert!(
            out.iter().any(|l| l == expected),
            "missing {expected:?}\n{text}"
        );
    }

    let good = try_repo(
        &pre_commit,
        dir,
        "palisade-system",
        &["infra/good.tf", "package.json"],
        Some(bin),
    );
    let text = describe(&good);
    assert_eq!(good.status.code(), Some(0), "{text}");
    assert_eq!(
        status_line(&lines(&good), "palisade (installed binary)").as_deref(),
        Some("Passed"),
        "{text}"
    );
}

#[test]
fn bin_hook_runs_the_verified_release() {
    const NAME: &str = "bin_hook_runs_the_verified_release";
    let Some(pre_commit) = pre_commit() else {
        tools::skip(NAME, "pre-commit not found");
        return;
    };
    if let Some(reason) = common::release::missing_programs() {
        tools::skip(NAME, reason);
        return;
    }
    // A release of this version whose "binary" runs the palisade this test
    // run built; the hook downloads it into the cache once.
    let real = env!("CARGO_BIN_EXE_palisade");
    let release = common::release::FakeRelease::new(
        &format!("v{}", env!("CARGO_PKG_VERSION")),
        common::release::host_target(),
        &format!("#!/bin/sh\nexec '{real}' \"$@\"\n"),
    );
    let cache = tempfile::tempdir().unwrap();
    let project = project();
    let env = [
        ("PALISADE_DOWNLOAD_URL", release.url()),
        ("PALISADE_CACHE_DIR", cache.path()),
    ];
    let run = |files: &[&str]| {
        try_repo_with(
            &pre_commit,
            project.path(),
            "palisade-bin",
            files,
            None,
            &env,
        )
    };

    let bad = run(&["infra/bad.tf", "k8s/config.yaml"]);
    let text = describe(&bad);
    assert_eq!(bad.status.code(), Some(1), "{text}");
    let out = lines(&bad);
    assert_eq!(
        status_line(&out, "palisade (released binary)").as_deref(),
        Some("Failed"),
        "{text}"
    );
    for expected in [
        "- hook id: palisade-bin",
        "   ╭─[infra/bad.tf:5:23]",
        "1 finding (0 critical, 1 high, 0 medium, 0 low) in 1 file, 3 resources",
    ] {
        assert!(
            out.iter().any(|l| l == expected),
            "missing {expected:?}\n{text}"
        );
    }
    assert!(
        text.contains("palisade-install: checksum verified"),
        "{text}"
    );

    // Cached: the release is no longer needed.
    std::fs::remove_dir_all(release.url().join("download")).unwrap();
    let good = run(&["infra/good.tf", "package.json"]);
    let text = describe(&good);
    assert_eq!(good.status.code(), Some(0), "{text}");
    assert_eq!(
        status_line(&lines(&good), "palisade (released binary)").as_deref(),
        Some("Passed"),
        "{text}"
    );
}
