//! The fixture harness: every file under `testdata/rules/<rule-name>/` states
//! the findings of that rule it must produce, as `# expect: rule-name@COL`
//! comments on the line where the diagnostic starts (or a sidecar
//! `<file>.expect` with `LINE:COL rule-name` lines). One scan of the whole
//! tree; each rule directory is compared with that rule's findings, exactly
//! and both ways.

use std::collections::BTreeSet;
use std::io::Write;
use std::path::{Path, PathBuf};

use palisade::scan::{scan, ScanOptions};

type Expectation = (PathBuf, u32, u32, String);

fn expectations(root: &Path) -> BTreeSet<Expectation> {
    let mut out = BTreeSet::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap();
            if let Some(target) = path.to_str().and_then(|p| p.strip_suffix(".expect")) {
                for line in text
                    .lines()
                    .map(str::trim)
                    .filter(|l| !l.is_empty() && !l.starts_with('#'))
                {
                    let (pos, rule) = line.split_once(' ').expect("LINE:COL rule-name");
                    let (l, c) = pos.split_once(':').expect("LINE:COL");
                    out.insert((
                        PathBuf::from(target),
                        l.parse().unwrap(),
                        c.parse().unwrap(),
                        rule.trim().to_string(),
                    ));
                }
                continue;
            }
            for (i, line) in text.lines().enumerate() {
                let Some(at) = line.find("expect:") else {
                    continue;
                };
                let before = line[..at].trim_end();
                if !(before.ends_with('#') || before.ends_with("//")) {
                    continue;
                }
                for item in line[at + 7..]
                    .split(',')
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                {
                    let (rule, col) = item.split_once('@').unwrap_or_else(|| {
                        panic!(
                            "{}:{}: expected rule@col, got {item:?}",
                            path.display(),
                            i + 1
                        )
                    });
                    out.insert((
                        path.clone(),
                        i as u32 + 1,
                        col.parse().unwrap(),
                        rule.to_string(),
                    ));
                }
            }
        }
    }
    out
}

#[test]
fn rule_fixtures_match_expectations_exactly() {
    let root = PathBuf::from("testdata/rules");
    let result = scan(&ScanOptions {
        paths: vec![root.clone()],
        ..Default::default()
    });
    let errors: Vec<String> = result
        .errors
        .iter()
        .map(|e| format!("{}: {}", e.path.display(), e.message))
        .collect();
    assert!(
        errors.is_empty(),
        "fixtures must parse cleanly:\n{}",
        errors.join("\n")
    );

    let expected = expectations(&root);
    // Only a rule's own findings are compared inside its directory.
    let actual: BTreeSet<Expectation> = result
        .findings
        .iter()
        .filter_map(|f| {
            let file = result.sources.get(f.range.file);
            let dir = file.path.strip_prefix(&root).ok()?.components().next()?;
            (dir.as_os_str() == f.rule.name.as_str()).then(|| {
                let lc = file.line_col(f.range.span.start);
                (file.path.clone(), lc.line, lc.col, f.rule.name.clone())
            })
        })
        .collect();
    let missing: Vec<_> = expected.difference(&actual).collect();
    let extra: Vec<_> = actual.difference(&expected).collect();
    let show = |v: &[&Expectation]| {
        v.iter()
            .map(|(p, l, c, r)| format!("  {}:{l}:{c} {r}", p.display()))
            .collect::<Vec<_>>()
            .join("\n")
    };
    assert!(
        missing.is_empty() && extra.is_empty(),
        "fixture mismatch\nexpected but not reported:\n{}\nreported but not expected:\n{}",
        show(&missing),
        show(&extra)
    );
}

/// Positive fixtures in every format the rule applies to: Terraform
/// (`.tf`), and CloudFormation YAML and JSON, unless its front matter says
/// `formats: [terraform]` (a resource CloudFormation has no type for).
#[test]
fn every_rule_has_terraform_and_cloudformation_fixtures() {
    use palisade::rule_meta::RuleFormat;
    let expected = expectations(Path::new("testdata/rules"));
    for rule in palisade::rules::all() {
        let dir = Path::new("testdata/rules").join(&rule.name);
        assert!(dir.is_dir(), "{} has no fixture directory", rule.name);
        let exts: Vec<&str> = rule
            .formats
            .iter()
            .flat_map(|f| match f {
                RuleFormat::Terraform => &["tf"][..],
                RuleFormat::CloudFormation => &["yaml", "json"][..],
            })
            .copied()
            .collect();
        for ext in exts {
            assert!(
                expected.iter().any(|(p, _, _, r)| r == &rule.name
                    && p.starts_with(&dir)
                    && p.extension().is_some_and(|e| e == ext)),
                "{} has no positive .{ext} fixture",
                rule.name
            );
        }
    }
}

/// One snapshot of the text report per rule fixture directory (the rule's
/// own findings only, as users read them), so a change to a message, a
/// location or a computed severity shows up as a reviewable diff
/// (`tests/snapshots/rules/`; `INSTA_UPDATE=always cargo test --test
/// fixtures` rewrites them, then review the diff).
#[test]
fn rule_fixture_reports_match_snapshots() {
    use palisade::report::{render, Format, RenderOptions};
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path("snapshots/rules");
    settings.set_prepend_module_to_snapshot(false);
    settings.set_omit_expression(true);
    let _guard = settings.bind_to_scope();
    for rule in palisade::rules::all() {
        let dir = Path::new("testdata/rules").join(&rule.name);
        let mut options = ScanOptions {
            paths: vec![dir],
            ..Default::default()
        };
        options.rules.only = Some([rule.id.clone()].into());
        let text = render(Format::Text, &scan(&options), &RenderOptions::default());
        // A new rule's first snapshot is written, not failed on, so that a
        // rule added with `scripts/new-rule.py` passes once its fixtures do;
        // the new file is reviewed with the rest of the rule.
        let snap = Path::new("tests/snapshots/rules").join(format!("{}.snap", rule.name));
        if !snap.exists() {
            std::fs::create_dir_all(snap.parent().unwrap()).unwrap();
            std::fs::write(
                &snap,
                format!("---\nsource: tests/fixtures.rs\n---\n{text}"),
            )
            .unwrap();
            let _ = writeln!(
                std::io::stderr().lock(),
                "NEW SNAPSHOT {}: review it and commit it with the rule",
                snap.display()
            );
        }
        insta::assert_snapshot!(rule.name.as_str(), text);
    }
}
