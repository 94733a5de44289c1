//! Terraform evaluation fixtures: each directory under `testdata/terraform/`
//! is scanned on its own (it is a tree of modules, tfvars files, ...), and its
//! `EXPECT` file lists every finding and evaluation error it must produce,
//! exactly:
//!
//! ```text
//! modules/a/main.tf:5:23 ebs-volume-unencrypted <- main.tf:3:1 instantiated by module.a
//! error main.tf:7:3 cycle in locals: local.a → local.b → local.a
//! warning terraform.tfvars:2:8 no variable `nope` is declared in this module: Terraform ignores this value (check the name)
//! ```
//!
//! (`<-` introduces each calling `module` block, innermost first.) An
//! optional `OPTIONS` file sets scan options, one per line: `var NAME=VALUE`,
//! `var-file FILE` (relative to the case directory), `env NAME=VALUE`
//! (a `TF_VAR_` environment variable) and `plan-changes-only`.

use std::path::{Path, PathBuf};

use palisade::finding::TrailRole;
use palisade::scan::{scan, ScanOptions, TfVar};

fn rel(path: &Path, case: &Path) -> String {
    path.strip_prefix(case)
        .unwrap_or(path)
        .to_string_lossy()
        .replace('\\', "/")
}

fn options(case: &Path) -> ScanOptions {
    let mut opts = ScanOptions {
        paths: vec![case.to_path_buf()],
        ..Default::default()
    };
    let Ok(text) = std::fs::read_to_string(case.join("OPTIONS")) else {
        return opts;
    };
    for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
        if line == "plan-changes-only" {
            opts.plan_changes_only = true;
            continue;
        }
        let (what, rest) = line.split_once(' ').expect("OPTION VALUE");
        let pair = || {
            let (n, v) = rest.split_once('=').expect("NAME=VALUE");
            (n.to_string(), v.to_string())
        };
        match what {
            "var" => {
                let (n, v) = pair();
                opts.tf_vars.push(TfVar::Assign(n, v));
            }
            "var-file" => opts.tf_vars.push(TfVar::File(case.join(rest))),
            "env" => opts.tf_env.push(pair()),
            other => panic!("unknown option {other}"),
        }
    }
    opts
}

fn actual(case: &Path) -> Vec<String> {
    let result = scan(&options(case));
    let at = |r: palisade::source::Range| {
        let file = result.sources.get(r.file);
        let lc = file.line_col(r.span.start);
        format!("{}:{}:{}", rel(&file.path, case), lc.line, lc.col)
    };
    let mut out: Vec<String> = result
        .findings
        .iter()
        .map(|f| {
            let mut line = format!("{} {}", at(f.range), f.rule.name);
            // The value's trail: its origin, the places it passed through,
            // and its use unless that is the finding's own place.
            let trail = f.trail.iter();
            for t in trail.filter(|t| t.role != TrailRole::Use || t.range != f.range) {
                line.push_str(&format!(" <= {} {}", at(t.range), t.message));
            }
            for (r, note) in &f.related {
                line.push_str(&format!(" <- {} {note}", at(*r)));
            }
            line
        })
        .collect();
    for e in &result.errors {
        let place = match e.range {
            Some(r) => at(r),
            None => rel(&e.path, case),
        };
        out.push(format!("{} {place} {}", e.level.as_str(), e.message));
    }
    out.sort();
    out
}

#[test]
fn terraform_evaluation_fixtures_match_exactly() {
    let root = PathBuf::from("testdata/terraform");
    let mut cases: Vec<PathBuf> = std::fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    cases.sort();
    assert!(!cases.is_empty(), "only {} cases", cases.len());
    let mut failures = Vec::new();
    for case in &cases {
        let expect = std::fs::read_to_string(case.join("EXPECT"))
            .unwrap_or_else(|_| panic!("{} has no EXPECT file", case.display()));
        let mut expected: Vec<String> = expect
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .map(String::from)
            .collect();
        expected.sort();
        let got = actual(case);
        if got != expected {
            let missing: Vec<_> = expected.iter().filter(|e| !got.contains(e)).collect();
            let extra: Vec<_> = got.iter().filter(|g| !expected.contains(g)).collect();
            failures.push(format!(
                "{}:\n  expected but not reported:\n    {}\n  reported but not expected:\n    {}",
                case.display(),
                missing
                    .iter()
                    .map(|s| s.as_str())
                    .collect::<Vec<_>>()
                    .join("\n    "),
                extra
                    .iter()
                    .map(|s| s.as_str())
                    .collect::<Vec<_>>()
                    .join("\n    ")
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The calling module blocks and the value's trail are shown in text output
/// (a note each) and in SARIF (`relatedLocations`): a value each caller
/// writes in its own argument is one finding per call, pointing at that
/// argument.
#[test]
fn reports_show_the_calling_module_blocks() {
    use palisade::report::{render, Format, RenderOptions};
    let case = Path::new("testdata/terraform/module-calls");
    let result = scan(&options(case));
    let text = render(Format::Text, &result, &RenderOptions::default());
    let notes: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| l.contains("instantiated by"))
        .collect();
    assert_eq!(
        notes,
        [
            "note: instantiated by module.first at testdata/terraform/module-calls/main.tf:5:1",
            "note: instantiated by module.second at testdata/terraform/module-calls/main.tf:12:1",
            "note: instantiated by module.first at testdata/terraform/module-calls/main.tf:5:1",
            "note: instantiated by module.second at testdata/terraform/module-calls/main.tf:12:1",
            "note: instantiated by module.safe at testdata/terraform/module-calls/main.tf:19:1",
            "note: instantiated by module.first at testdata/terraform/module-calls/main.tf:5:1",
            "note: instantiated by module.safe at testdata/terraform/module-calls/main.tf:19:1",
            "note: instantiated by module.second at testdata/terraform/module-calls/main.tf:12:1",
        ]
    );
    let sarif: serde_json::Value =
        serde_json::from_str(&render(Format::Sarif, &result, &RenderOptions::default())).unwrap();
    let related = &sarif["runs"][0]["results"][0]["relatedLocations"];
    let main = |line: u32, col: u32, len: u32, offset: u32| {
        serde_json::json!({
            "artifactLocation": { "uri": "testdata/terraform/module-calls/main.tf", "uriBaseId": "%SRCROOT%" },
            "region": { "startLine": line, "startColumn": col, "endLine": line, "endColumn": col + len, "charOffset": offset, "charLength": len }
        })
    };
    assert_eq!(
        related,
        &serde_json::json!([
            {
                "id": 1,
                "message": { "text": "from the value passed as argument `encrypted` of module.first" },
                "physicalLocation": main(7, 15, 5, 291)
            },
            {
                "id": 2,
                "message": { "text": "used by module.first.aws_ebs_volume.data" },
                "physicalLocation": {
                    "artifactLocation": { "uri": "testdata/terraform/module-calls/volume/main.tf", "uriBaseId": "%SRCROOT%" },
                    "region": { "startLine": 17, "startColumn": 23, "endLine": 17, "endColumn": 36, "charOffset": 300, "charLength": 13 }
                }
            },
            {
                "id": 3,
                "message": { "text": "instantiated by module.first" },
                "physicalLocation": main(5, 1, 14, 235)
            }
        ])
    );
}
