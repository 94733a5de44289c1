//! `palisade fix` over a small repository of several modules and
//! templates, copied from the fixtures: every finding with a fix is gone
//! after one run, the other findings are exactly as before, every file
//! still parses, and a second run changes nothing.

mod common;

use std::collections::BTreeMap;
use std::path::Path;

use common::{palisade, repo};
use palisade::scan::{scan, ScanOptions};

/// Fixtures copied into the repository, as (from, to).
const FILES: &[(&str, &str)] = &[
    ("testdata/demo/terraform/main.tf", "infra/demo/main.tf"),
    (
        "testdata/rules/s3-public-access-block/main.tf",
        "infra/buckets/main.tf",
    ),
    (
        "testdata/rules/s3-bucket-public-acl/main.tf",
        "infra/acls/main.tf",
    ),
    (
        "testdata/rules/ebs-volume-unencrypted/main.tf",
        "infra/ebs/main.tf",
    ),
    (
        "testdata/demo/cloudformation/template.yaml",
        "templates/demo.yaml",
    ),
    (
        "testdata/rules/s3-public-access-block/template.yaml",
        "templates/buckets.yaml",
    ),
    (
        "testdata/rules/s3-public-access-block/template.json",
        "templates/buckets.json",
    ),
    (
        "testdata/rules/s3-bucket-public-acl/template.yaml",
        "templates/acls.yaml",
    ),
];

/// Findings as (file, rule, resource, message): positions move when lines
/// are added above.
type Key = (String, String, String, String);

struct Scanned {
    /// Findings of rules without a fix, counted.
    others: BTreeMap<Key, usize>,
    /// Findings of rules with a fix, and whether `fix_in` has one.
    fixable: Vec<(Key, bool)>,
    errors: usize,
}

fn scan_dir(dir: &Path) -> Scanned {
    let result = scan(&ScanOptions {
        paths: vec![dir.to_path_buf()],
        ..Default::default()
    });
    let mut scanned = Scanned {
        others: BTreeMap::new(),
        fixable: Vec::new(),
        errors: result.errors.len(),
    };
    for f in &result.findings {
        let file = result.sources.get(f.range.file);
        let key = (
            file.path.strip_prefix(dir).unwrap().display().to_string(),
            f.rule.id.clone(),
            f.resource.clone(),
            f.message.clone(),
        );
        if palisade::fix::has_fix(&f.rule.id) {
            let fix = palisade::fix::fix_in(f, &result.sources).is_some();
            scanned.fixable.push((key, fix));
        } else {
            *scanned.others.entry(key).or_default() += 1;
        }
    }
    scanned
}

#[test]
fn fix_a_repository_of_modules_and_templates() {
    let dir = tempfile::tempdir().unwrap();
    for (from, to) in FILES {
        let text = std::fs::read_to_string(repo().join(from)).unwrap();
        common::write(dir.path(), to, &text);
    }
    let before = scan_dir(dir.path());
    assert_eq!(before.errors, 0);
    let with_fix: Vec<&str> = before
        .fixable
        .iter()
        .filter(|(_, fix)| *fix)
        .map(|((_, rule, _, _), _)| rule.as_str())
        .collect();
    // Both formats, every kind of fix.
    for rule in ["AWS-S3-001", "AWS-S3-002", "AWS-EBS-001", "AWS-CT-001"] {
        assert!(with_fix.contains(&rule), "{rule}: {with_fix:?}");
    }
    let fixed = palisade(&["fix", ".", "--no-config", "-q"], dir.path());
    assert_eq!(fixed.status.code(), Some(1), "{fixed:?}");

    let after = scan_dir(dir.path());
    assert_eq!(after.errors, 0, "a fixed file does not parse");
    // Every finding with a fix is gone; those left had none before.
    assert!(
        after.fixable.iter().all(|(_, fix)| !fix),
        "{:?}",
        after.fixable
    );
    let had_none: Vec<&Key> = before
        .fixable
        .iter()
        .filter(|(_, fix)| !fix)
        .map(|(k, _)| k)
        .collect();
    for (key, _) in &after.fixable {
        assert!(had_none.contains(&key), "{key:?} appeared");
    }
    // Nothing else changed.
    assert_eq!(after.others, before.others);

    let again = palisade(&["fix", ".", "--no-config", "--diff"], dir.path());
    assert_eq!(again.status.code(), Some(0), "{again:?}");
    assert!(again.stdout.is_empty(), "{again:?}");
}
