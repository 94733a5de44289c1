//! Documentation that shows output must show what the tool prints.

mod common;

use common::{palisade, repo};

/// The first ```json block after `## Example` in `docs/json-schema.md`.
fn json_example() -> serde_json::Value {
    let doc = std::fs::read_to_string(repo().join("docs/json-schema.md")).unwrap();
    let example = doc.split("## Example").nth(1).expect("an Example section");
    let block = example
        .split("```json\n")
        .nth(1)
        .and_then(|b| b.split("\n```").next())
        .expect("a json block");
    serde_json::from_str(block).expect("the example is valid JSON")
}

#[test]
fn the_json_schema_example_is_the_report_of_its_bundled_example() {
    let dir = repo().join("testdata/docs/json-example");
    let out = palisade(&["scan", "infra", "--format", "json", "--no-config"], &dir);
    // The example has a file that does not parse.
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    let mut actual: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let mut example = json_example();
    // The release number is the one thing that changes without the schema.
    for doc in [&mut actual, &mut example] {
        assert!(doc["tool"]["version"].is_string(), "{doc}");
        doc["tool"]["version"] = "X.Y.Z".into();
    }
    assert_eq!(
        example,
        actual,
        "docs/json-schema.md's example differs from the report; the report is:\n{}",
        String::from_utf8_lossy(&out.stdout)
    );
    // It shows every top-level key and one of each kind of entry.
    for key in ["findings", "suppressed", "errors"] {
        assert!(!example[key].as_array().unwrap().is_empty(), "{key}");
    }
    assert!(
        example["findings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["notes"][0] == "when `var.public` is true"),
        "a finding with a note"
    );
}

#[test]
fn readme_snippets_name_the_current_release() {
    let readme = std::fs::read_to_string(repo().join("README.md")).unwrap();
    let tag = format!("v{}", env!("CARGO_PKG_VERSION"));
    let pinned: Vec<&str> = readme
        .lines()
        .filter(|l| {
            l.trim_start().starts_with("rev: ") || l.contains("uses: palisade-iac/palisade@")
        })
        .collect();
    assert_eq!(pinned.len(), 2, "{pinned:?}");
    for line in pinned {
        let version = line
            .split(['@', ' '])
            .map(str::trim)
            .find(|w| w.starts_with('v') && w[1..].starts_with(|c: char| c.is_ascii_digit()))
            .unwrap_or_else(|| panic!("no version in {line:?}"));
        assert_eq!(version, tag, "{line}");
    }
}

/// The README's rule table, generated from the registry's shape: one row per
/// rule, in registry order (the pseudo-rules last), `| [ID](rules/SERVICE/NAME.md) | NAME | SERVICE |`.
/// `scripts/new-rule.py` appends the row for a new rule.
fn readme_rule_rows() -> Vec<String> {
    palisade::rules::all()
        .iter()
        .chain(palisade::rules::meta_rules())
        .map(|r| {
            format!(
                "| [{id}](rules/{svc}/{name}.md) | {name} | {svc} |",
                id = r.id,
                name = r.name,
                svc = r.service
            )
        })
        .collect()
}

#[test]
fn the_readme_lists_every_rule() {
    let readme = std::fs::read_to_string(repo().join("README.md")).unwrap();
    let table = readme
        .split("<!-- rules:begin -->\n")
        .nth(1)
        .and_then(|t| t.split("<!-- rules:end -->").next())
        .expect("README.md has a <!-- rules:begin --> ... <!-- rules:end --> table");
    let actual: Vec<&str> = table
        .lines()
        .filter(|l| l.starts_with("| [") || l.starts_with("| AWS") || l.starts_with("| PAL"))
        .collect();
    let expected = readme_rule_rows();
    assert_eq!(
        actual,
        expected,
        "README.md's rule table differs from the registry; its rows should be:\n{}",
        expected.join("\n")
    );
}
