//! `action.yml` and `.pre-commit-hooks.yaml` are read with Palisade's own
//! YAML parser and checked against the real command line, and the action's
//! shell steps are run the way a GitHub runner runs them (`bash --noprofile
//! --norc -eo pipefail`), against the palisade built by this test run. The
//! command line is checked by running that binary too: it is not a library
//! interface.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::process::{Command, Output};

mod common;

use palisade::parse::yaml;
use palisade::parse::{Node, NodeKind};

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Runs the built `palisade` with `args` in `cwd`, without colors.
fn palisade(args: &[&str], cwd: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_palisade"))
        .args(args)
        .current_dir(cwd)
        .env("NO_COLOR", "1")
        .output()
        .expect("run palisade")
}

/// The long options `palisade scan --help` lists.
fn scan_options() -> BTreeSet<String> {
    let out = palisade(&["scan", "--help"], repo());
    assert_eq!(out.status.code(), Some(0));
    references(&String::from_utf8_lossy(&out.stdout), "--")
}

fn load(name: &str) -> Node {
    let text = std::fs::read_to_string(repo().join(name)).unwrap();
    yaml::parse(&text)
        .unwrap_or_else(|e| panic!("{name}: {e:?}"))
        .root
}

fn str_of<'a>(node: &'a Node, key: &str) -> &'a str {
    node.get(key)
        .and_then(Node::as_str)
        .unwrap_or_else(|| panic!("no string {key:?} in {node:?}"))
}

/// Every string scalar under `node`.
fn strings<'a>(node: &'a Node, out: &mut Vec<&'a str>) {
    match &node.kind {
        NodeKind::String(s) => out.push(s),
        NodeKind::Seq(items) => items.iter().for_each(|n| strings(n, out)),
        NodeKind::Map(entries) => entries.iter().for_each(|e| strings(&e.value, out)),
        _ => {}
    }
}

/// The names in every `<prefix>NAME` of `text` (NAME: letters, digits, `-`, `_`).
fn references(text: &str, prefix: &str) -> BTreeSet<String> {
    text.match_indices(prefix)
        .map(|(i, _)| {
            text[i + prefix.len()..]
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
                .collect()
        })
        .collect()
}

// ---------------------------------------------------------------------------
// .pre-commit-hooks.yaml
// ---------------------------------------------------------------------------

#[test]
fn pre_commit_hooks_run_the_scan_subcommand_on_infrastructure_files() {
    let hooks = load(".pre-commit-hooks.yaml");
    let hooks = hooks.as_seq().expect("a list of hooks");
    let ids: Vec<&str> = hooks.iter().map(|h| str_of(h, "id")).collect();
    assert_eq!(ids, ["palisade", "palisade-system", "palisade-bin"]);
    let languages: Vec<&str> = hooks.iter().map(|h| str_of(h, "language")).collect();
    assert_eq!(languages, ["rust", "system", "script"]);

    for hook in hooks {
        let id = str_of(hook, "id");
        assert!(!str_of(hook, "name").is_empty(), "{id}");
        assert!(!str_of(hook, "description").is_empty(), "{id}");
        // pre-commit appends the hook's `args`, then the file names.
        let entry = str_of(hook, "entry");
        let mut argv: Vec<&str> = if id == "palisade-bin" {
            // The script downloads the release and ends in the same command
            // (tests/release.rs runs it).
            assert_eq!(entry, "scripts/pre-commit-bin.sh");
            let script = std::fs::read_to_string(repo().join(entry)).unwrap();
            assert!(
                script.ends_with("\nexec \"$dir/$exe\" scan --skip-other-files \"$@\"\n"),
                "{script}"
            );
            vec!["palisade", "scan", "--skip-other-files"]
        } else {
            entry.split_whitespace().collect()
        };
        assert_eq!(
            argv[..],
            ["palisade", "scan", "--skip-other-files"],
            "{id}: {entry}"
        );
        argv.extend(["--severity", "high", "main.tf", "template.yaml", "k8s.yaml"]);
        // Both files are scanned, each with its finding; the YAML file that
        // is not a template is skipped.
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("main.tf"),
            "resource \"aws_ebs_volume\" \"v\" {\n  availability_zone = \"a\"\n}\n",
        )
        .unwrap();
        std::fs::write(
            dir.path().join("template.yaml"),
            "Resources:\n  V:\n    Type: AWS::EC2::Volume\n    Properties:\n      AvailabilityZone: a\n",
        )
        .unwrap();
        std::fs::write(dir.path().join("k8s.yaml"), "apiVersion: v1\nkind: Pod\n").unwrap();
        argv.extend(["--format", "json", "--no-config"]);
        let out = palisade(&argv[1..], dir.path());
        assert_eq!(out.status.code(), Some(1), "{id}: {out:?}");
        let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let found: Vec<(&str, &str)> = json["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| {
                (
                    f["rule_id"].as_str().unwrap(),
                    f["location"]["path"].as_str().unwrap(),
                )
            })
            .collect();
        assert_eq!(
            found,
            [("AWS-EBS-001", "main.tf"), ("AWS-EBS-001", "template.yaml")],
            "{id}"
        );
        assert_eq!(
            str_of(hook, "files"),
            r"\.(tf|tf\.json|ya?ml|json|template)$",
            "{id}"
        );
        assert_eq!(
            hook.get("require_serial").map(|n| &n.kind),
            Some(&NodeKind::Bool(true)),
            "{id}"
        );
        // File names must be passed (the default): nothing turns it off.
        assert_eq!(hook.get("pass_filenames"), None, "{id}");
    }
}

// ---------------------------------------------------------------------------
// action.yml
// ---------------------------------------------------------------------------

struct Action {
    root: Node,
    /// Input name → default.
    inputs: BTreeMap<String, String>,
}

fn action() -> Action {
    let root = load("action.yml");
    let inputs = root
        .get("inputs")
        .and_then(Node::as_map)
        .expect("inputs")
        .iter()
        .map(|e| {
            assert!(!str_of(&e.value, "description").is_empty(), "{}", e.key);
            let default = e
                .value
                .get("default")
                .and_then(Node::as_str)
                .unwrap_or_else(|| panic!("input {} has no string default", e.key));
            (e.key.clone(), default.to_owned())
        })
        .collect();
    Action { root, inputs }
}

impl Action {
    fn steps(&self) -> &[Node] {
        self.root
            .get("runs")
            .and_then(|r| r.get("steps"))
            .and_then(Node::as_seq)
            .expect("runs.steps")
    }

    fn step(&self, name: &str) -> &Node {
        self.steps()
            .iter()
            .find(|s| s.get("name").and_then(Node::as_str) == Some(name))
            .unwrap_or_else(|| panic!("no step {name:?}"))
    }
}

#[test]
fn action_is_composite_and_every_input_is_declared_and_used() {
    let action = action();
    let runs = action.root.get("runs").unwrap();
    assert_eq!(str_of(runs, "using"), "composite");
    assert!(!str_of(&action.root, "name").is_empty());
    assert!(!str_of(&action.root, "description").is_empty());

    let declared: BTreeSet<String> = action.inputs.keys().cloned().collect();
    assert_eq!(
        declared,
        BTreeSet::from(
            [
                "paths",
                "severity",
                "soft-fail",
                "args",
                "sarif-file",
                "upload-sarif",
                "category",
                "install",
                "cache",
            ]
            .map(String::from)
        )
    );
    let mut texts = Vec::new();
    strings(runs, &mut texts);
    let used = references(&texts.join("\n"), "inputs.");
    assert_eq!(used, declared, "inputs used in runs.steps");

    // Step outputs that are read are written by the step (as `NAME=` lines
    // to $GITHUB_OUTPUT) or come from the action they run.
    let mut all = Vec::new();
    strings(&action.root, &mut all);
    let all = all.join("\n");
    for id in ["how", "build", "scan"] {
        let step = action
            .steps()
            .iter()
            .find(|s| s.get("id").and_then(Node::as_str) == Some(id))
            .unwrap();
        let run = str_of(step, "run");
        for output in references(&all, &format!("steps.{id}.outputs.")) {
            assert!(
                run.contains(&format!("echo \"{output}=")),
                "steps.{id}.outputs.{output} is never written"
            );
        }
    }
    assert_eq!(
        references(&all, "steps.cache.outputs."),
        BTreeSet::from(["cache-hit".to_owned()])
    );

    // Defaults are valid values.
    let severity = &action.inputs["severity"];
    if !severity.is_empty() {
        let empty = tempfile::tempdir().unwrap();
        let out = palisade(
            &["scan", "--severity", severity, "--no-config", "."],
            empty.path(),
        );
        assert_eq!(out.status.code(), Some(0), "{severity}: {out:?}");
    }
    for flag in ["soft-fail", "upload-sarif", "cache"] {
        assert!(
            ["true", "false"].contains(&action.inputs[flag].as_str()),
            "{flag}"
        );
    }
    assert_eq!(action.inputs["install"], "auto");
}

#[test]
fn action_installs_from_its_own_checkout_and_uploads_sarif() {
    let action = action();
    let build = action.step("Build palisade from source");
    let install = str_of(build, "run");
    assert!(
        install.contains("cargo install --locked --path \"$GITHUB_ACTION_PATH\" --root \"$ROOT\""),
        "{install}"
    );
    assert_eq!(
        str_of(build, "if"),
        "steps.how.outputs.method == 'source' && steps.cache.outputs.cache-hit != 'true'"
    );
    let cache = action.step("Restore the palisade build");
    assert_eq!(str_of(cache, "uses"), "actions/cache@v5");
    assert_eq!(
        str_of(cache, "if"),
        "steps.how.outputs.method == 'source' && inputs.cache == 'true'"
    );
    assert_eq!(
        str_of(action.step("Locate the palisade build"), "if"),
        "steps.how.outputs.method == 'source'"
    );
    assert_eq!(
        str_of(action.step("Download the released palisade"), "if"),
        "steps.how.outputs.method == 'release'"
    );

    let upload = action.step("Upload the SARIF report to code scanning");
    assert_eq!(
        str_of(upload, "uses"),
        "github/codeql-action/upload-sarif@v4"
    );
    assert_eq!(
        str_of(upload, "if"),
        "inputs.upload-sarif == 'true' && steps.scan.outputs.sarif-written == 'true'"
    );
    let with = upload.get("with").unwrap();
    assert_eq!(
        str_of(with, "sarif_file"),
        "${{ steps.scan.outputs.sarif-file }}"
    );
    assert_eq!(str_of(with, "category"), "${{ inputs.category }}");

    // Every option the scan step passes is an option of `palisade scan`,
    // and one scan writes both reports.
    let longs = scan_options();
    let run = str_of(action.step("Scan"), "run");
    let scans: Vec<&str> = run
        .lines()
        .map(str::trim)
        .filter(|l| l.starts_with("palisade "))
        .collect();
    assert_eq!(
        scans,
        ["palisade scan --format sarif --output \"$PALISADE_SARIF\" --format text --color always \\"],
        "{run}"
    );
    let used: BTreeSet<String> = run
        .lines()
        .filter(|l| l.trim_start().starts_with("palisade scan") || l.contains("common+=("))
        .flat_map(|l| references(l, "--"))
        .filter(|f| !f.is_empty())
        .collect();
    assert_eq!(
        used,
        BTreeSet::from(["color", "format", "output", "severity"].map(String::from))
    );
    for flag in &used {
        assert!(longs.contains(flag), "--{flag}");
    }
}

// ---------------------------------------------------------------------------
// The action's shell steps, run for real
// ---------------------------------------------------------------------------

/// A step's `run` script, with its `env` evaluated: `${{ inputs.NAME }}`
/// from `inputs` (else the input's default), `${{ steps.ID.outputs.NAME }}`
/// from `outputs`.
struct Run {
    script: String,
    env: Vec<(String, String)>,
}

fn prepare(action: &Action, step: &str, inputs: &[(&str, &str)], outputs: &[(&str, &str)]) -> Run {
    let step = action.step(step);
    assert_eq!(str_of(step, "shell"), "bash");
    let mut env = Vec::new();
    for e in step.get("env").and_then(Node::as_map).unwrap_or_default() {
        let value = e.value.as_str().unwrap();
        let expr = value
            .strip_prefix("${{ ")
            .and_then(|v| v.strip_suffix(" }}"))
            .unwrap_or_else(|| panic!("{}: {value}", e.key));
        let value = if let Some(name) = expr.strip_prefix("inputs.") {
            inputs
                .iter()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| v.to_string())
                .unwrap_or_else(|| action.inputs[name].clone())
        } else {
            outputs
                .iter()
                .find(|(k, _)| *k == expr)
                .map(|(_, v)| v.to_string())
                .unwrap_or_else(|| panic!("no value for {expr}"))
        };
        env.push((e.key.clone(), value));
    }
    Run {
        script: str_of(step, "run").to_owned(),
        env,
    }
}

struct Ran {
    out: Output,
    /// The `NAME=value` lines written to $GITHUB_OUTPUT.
    outputs: Vec<String>,
    /// The lines written to $GITHUB_PATH.
    path: Vec<String>,
}

impl Ran {
    fn stdout(&self) -> String {
        strip_ansi(&String::from_utf8_lossy(&self.out.stdout))
    }
}

/// Runs a step as the runner does: its script in a file, `bash --noprofile
/// --norc -eo pipefail FILE`, in `cwd`, with palisade on PATH.
fn run_step(run: &Run, cwd: &Path) -> Ran {
    let tmp = tempfile::tempdir().unwrap();
    let script = tmp.path().join("step.sh");
    std::fs::write(&script, &run.script).unwrap();
    let output = tmp.path().join("output");
    let github_path = tmp.path().join("path");
    std::fs::write(&output, "").unwrap();
    std::fs::write(&github_path, "").unwrap();
    let bin = Path::new(env!("CARGO_BIN_EXE_palisade")).parent().unwrap();
    let mut path = vec![bin.to_path_buf()];
    path.extend(std::env::split_paths(
        &std::env::var_os("PATH").unwrap_or_default(),
    ));
    let out = Command::new("bash")
        .args(["--noprofile", "--norc", "-eo", "pipefail"])
        .arg(&script)
        .current_dir(cwd)
        .env("PATH", std::env::join_paths(path).unwrap())
        .env("GITHUB_OUTPUT", &output)
        .env("GITHUB_PATH", &github_path)
        .env("GITHUB_ACTION_PATH", repo())
        .env("RUNNER_TEMP", tmp.path())
        .envs(run.env.iter().map(|(k, v)| (k, v)))
        .output()
        .expect("run bash");
    let lines = |p: &Path| {
        std::fs::read_to_string(p)
            .unwrap()
            .lines()
            .map(str::to_owned)
            .collect()
    };
    Ran {
        outputs: lines(&output),
        path: lines(&github_path),
        out,
    }
}

fn strip_ansi(s: &str) -> String {
    let mut out = String::new();
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c == '\x1b' {
            // CSI: ESC [ parameters final-byte
            for c in chars.by_ref() {
                if c.is_ascii_alphabetic() {
                    break;
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}

fn workspace() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let infra = dir.path().join("infra");
    std::fs::create_dir_all(&infra).unwrap();
    std::fs::write(
        infra.join("main.tf"),
        "resource \"aws_ebs_volume\" \"data\" {\n  \
           availability_zone = \"eu-west-1a\"\n  \
           size              = 40\n  \
           encrypted         = false\n\
         }\n",
    )
    .unwrap();
    std::fs::write(
        infra.join("ok.tf"),
        "resource \"aws_ebs_volume\" \"ok\" {\n  \
           availability_zone = \"eu-west-1a\"\n  \
           encrypted         = true\n\
         }\n",
    )
    .unwrap();
    dir
}

#[test]
fn scan_step_writes_sarif_and_records_the_exit_code() {
    let action = action();
    let ws = workspace();

    // Defaults: scan ".", SARIF to palisade.sarif.
    let ran = run_step(&prepare(&action, "Scan", &[], &[]), ws.path());
    let stdout = ran.stdout();
    assert_eq!(ran.out.status.code(), Some(0), "{stdout}");
    assert_eq!(
        ran.outputs,
        [
            "sarif-file=palisade.sarif",
            "sarif-written=true",
            "exit-code=1"
        ]
    );
    assert!(
        stdout.lines().any(|l| l == "   ╭─[infra/main.tf:4:23]"),
        "{stdout}"
    );
    assert!(
        stdout
            .lines()
            .any(|l| l == "1 finding (0 critical, 1 high, 0 medium, 0 low) in 2 files, 2 resources"),
        "{stdout}"
    );
    let sarif: serde_json::Value =
        serde_json::from_slice(&std::fs::read(ws.path().join("palisade.sarif")).unwrap()).unwrap();
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    assert_eq!(results.len(), 1);
    assert_eq!(results[0]["ruleId"], "AWS-EBS-001");
    let location = &results[0]["locations"][0]["physicalLocation"];
    assert_eq!(location["artifactLocation"]["uri"], "infra/main.tf");
    assert_eq!(location["region"]["startLine"], 4);
    assert_eq!(location["region"]["startColumn"], 23);

    // Paths separated by newlines, a severity, extra arguments, another
    // SARIF path.
    let ran = run_step(
        &prepare(
            &action,
            "Scan",
            &[
                ("paths", "infra/ok.tf\ninfra/main.tf\n"),
                ("severity", "critical"),
                ("args", "--no-ignore --threads 1"),
                ("sarif-file", "out/results.sarif"),
            ],
            &[],
        ),
        ws.path(),
    );
    // The output directory does not exist: no SARIF, and that is an error.
    assert_eq!(
        ran.outputs,
        ["sarif-file=out/results.sarif", "exit-code=2"],
        "{}",
        String::from_utf8_lossy(&ran.out.stderr)
    );
    std::fs::create_dir(ws.path().join("out")).unwrap();
    let ran = run_step(
        &prepare(
            &action,
            "Scan",
            &[
                ("paths", "infra/ok.tf\ninfra/main.tf\n"),
                ("severity", "critical"),
                ("args", "--no-ignore --threads 1"),
                ("sarif-file", "out/results.sarif"),
            ],
            &[],
        ),
        ws.path(),
    );
    assert_eq!(
        ran.outputs,
        [
            "sarif-file=out/results.sarif",
            "sarif-written=true",
            "exit-code=0"
        ]
    );
    assert_eq!(
        ran.stdout(),
        "No findings in 2 files, 2 resources; 1 below critical not shown\n"
    );

    // A bad extra argument is an error, reported by palisade.
    let ran = run_step(
        &prepare(&action, "Scan", &[("args", "--frobnicate")], &[]),
        ws.path(),
    );
    assert_eq!(ran.outputs.last().unwrap(), "exit-code=2");
    assert!(String::from_utf8_lossy(&ran.out.stderr).contains("unexpected argument '--frobnicate'"));
}

#[test]
fn last_step_fails_on_findings_unless_soft_fail() {
    let action = action();
    let dir = tempfile::tempdir().unwrap();
    let fail = |code: &str, soft: &str| {
        let ran = run_step(
            &prepare(
                &action,
                "Fail on findings",
                &[("soft-fail", soft)],
                &[("steps.scan.outputs.exit-code", code)],
            ),
            dir.path(),
        );
        (ran.out.status.code().unwrap(), ran.stdout())
    };
    assert_eq!(fail("0", "false"), (0, String::new()));
    assert_eq!(
        fail("1", "false"),
        (1, "::error title=palisade::findings reported\n".into())
    );
    assert_eq!(
        fail("1", "true"),
        (
            0,
            "::warning title=palisade::findings reported (soft-fail is on)\n".into()
        )
    );
    let error = "::error title=palisade::palisade could not scan everything (exit code 2)\n";
    assert_eq!(fail("2", "true"), (2, error.into()));
    assert_eq!(fail("2", "false"), (2, error.into()));
}

#[test]
fn build_step_keys_the_cache_on_the_sources_and_puts_the_binary_on_path() {
    let action = action();
    let dir = tempfile::tempdir().unwrap();
    let ran = run_step(
        &prepare(&action, "Locate the palisade build", &[], &[]),
        dir.path(),
    );
    assert_eq!(ran.out.status.code(), Some(0));
    let [hash, root] = &ran.outputs[..] else {
        panic!("{:?}", ran.outputs)
    };
    let hash = hash.strip_prefix("hash=").unwrap();
    assert_eq!(hash.len(), 32);
    assert!(hash.chars().all(|c| c.is_ascii_hexdigit()), "{hash}");
    let root = root.strip_prefix("root=").unwrap();
    assert!(root.ends_with(&format!("/palisade-{hash}")), "{root}");
    assert_eq!(ran.path, [format!("{root}/bin")]);

    // The same sources give the same key.
    let again = run_step(
        &prepare(&action, "Locate the palisade build", &[], &[]),
        dir.path(),
    );
    assert_eq!(again.outputs[0], format!("hash={hash}"));
}

#[test]
fn build_cache_key_covers_every_file_the_build_reads() {
    let action = action();
    let run = str_of(action.step("Locate the palisade build"), "run");
    let hashed = ["Cargo.toml", "Cargo.lock", "src", "rules"];
    assert!(
        run.contains(&format!("find {} -type f", hashed.join(" "))),
        "{run}"
    );
    // No build script, and every embedded file is under a hashed directory.
    assert!(!repo().join("build.rs").exists());
    let mut stack = vec![repo().join("src")];
    let mut embedded = 0;
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap();
            for (i, _) in text.match_indices("include_str!(\"") {
                let rel = &text[i + "include_str!(\"".len()..];
                let rel = &rel[..rel.find('"').unwrap()];
                let file = path.parent().unwrap().join(rel).canonicalize().unwrap();
                let inside = hashed
                    .iter()
                    .any(|h| file.starts_with(repo().canonicalize().unwrap().join(h)));
                assert!(inside, "{} embeds {rel}", path.display());
                embedded += 1;
            }
        }
    }
    assert!(embedded > 0);
}

#[test]
fn action_downloads_the_release_at_its_tag_and_builds_from_source_elsewhere() {
    let action = action();
    let version = env!("CARGO_PKG_VERSION");
    let tag = format!("v{version}");
    let dir = tempfile::tempdir().unwrap();
    let choose = |install: &str, action_ref: &str| {
        let ran = run_step(
            &prepare(
                &action,
                "Choose how to install palisade",
                &[("install", install)],
                &[("github.action_ref", action_ref)],
            ),
            dir.path(),
        );
        let stdout = ran.stdout();
        (ran.out.status.code().unwrap(), ran.outputs, stdout)
    };
    let chosen = |method: &str| {
        (
            0,
            vec![format!("method={method}"), format!("version={version}")],
            format!("palisade {version}: {method}\n"),
        )
    };
    // `auto`: the release at the release's tag; a branch, a commit, another
    // tag or a local checkout (`uses: ./`, no ref) hold other code.
    assert_eq!(choose("auto", &tag), chosen("release"));
    for other in [
        "main",
        "0123456789abcdef0123456789abcdef01234567",
        "v0.0.9",
        "",
    ] {
        assert_eq!(choose("auto", other), chosen("source"), "{other:?}");
    }
    assert_eq!(choose("release", "main"), chosen("release"));
    assert_eq!(choose("source", &tag), chosen("source"));
    assert_eq!(
        choose("binary", &tag),
        (
            2,
            vec![],
            "::error title=palisade::install must be auto, release or source (got \"binary\")\n"
                .into()
        )
    );
}

#[test]
fn action_puts_the_verified_release_on_path_and_refuses_a_bad_one() {
    if let Some(reason) = common::release::missing_programs() {
        common::tools::skip(
            "action_puts_the_verified_release_on_path_and_refuses_a_bad_one",
            reason,
        );
        return;
    }
    let action = action();
    let version = env!("CARGO_PKG_VERSION");
    let release = common::release::FakeRelease::new(
        &format!("v{version}"),
        common::release::host_target(),
        "#!/bin/sh\necho \"palisade from the release\"\n",
    );
    let dir = tempfile::tempdir().unwrap();
    let download = || {
        let mut run = prepare(
            &action,
            "Download the released palisade",
            &[],
            &[("steps.how.outputs.version", version)],
        );
        run.env.push((
            "PALISADE_DOWNLOAD_URL".into(),
            release.url().display().to_string(),
        ));
        run_step(&run, dir.path())
    };
    let ran = download();
    let stderr = String::from_utf8_lossy(&ran.out.stderr).into_owned();
    assert_eq!(ran.out.status.code(), Some(0), "{stderr}");
    assert_eq!(ran.path.len(), 1);
    assert!(
        ran.path[0].ends_with(&format!("/palisade-v{version}/bin")),
        "{:?}",
        ran.path
    );
    assert!(
        stderr.contains("palisade-install: checksum verified"),
        "{stderr}"
    );
    assert_eq!(ran.stdout(), "palisade from the release\n");

    release.corrupt_archive();
    let ran = download();
    let stderr = String::from_utf8_lossy(&ran.out.stderr).into_owned();
    assert_eq!(ran.out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("error: checksum mismatch"), "{stderr}");
    assert_eq!(ran.path, Vec::<String>::new());
}
