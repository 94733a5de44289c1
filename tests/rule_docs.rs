//! Every example in every rule's documentation is a test: each `bad` example
//! must fire its rule, each `good` example must not.

use palisade::scan::{scan, ScanOptions};

#[test]
fn rule_doc_examples_behave_as_documented() {
    let mut failures = Vec::new();
    let mut count = 0;
    for rule in palisade::rules::all() {
        let mut kinds = std::collections::BTreeSet::new();
        let mut rest = rule.doc;
        while let Some(start) = rest.find("```") {
            let after = &rest[start + 3..];
            let Some(nl) = after.find('\n') else { break };
            let info = after[..nl].trim();
            let body_start = &after[nl + 1..];
            let Some(end) = body_start.find("```") else {
                break;
            };
            let body = &body_start[..end];
            rest = &body_start[end + 3..];
            let (format, verdict) = match info.split_once(' ') {
                Some((f, v))
                    if ["terraform", "cloudformation"].contains(&f)
                        && ["bad", "good"].contains(&v) =>
                {
                    (f, v)
                }
                _ => continue,
            };
            kinds.insert(format!("{format} {verdict}"));
            count += 1;
            let dir = tempfile::tempdir().unwrap();
            let file = dir.path().join(if format == "terraform" {
                "main.tf"
            } else {
                "template.yaml"
            });
            std::fs::write(&file, body).unwrap();
            let result = scan(&ScanOptions {
                paths: vec![dir.path().to_path_buf()],
                ..Default::default()
            });
            if !result.errors.is_empty() {
                failures.push(format!("{} `{info}`: {:?}", rule.name, result.errors));
                continue;
            }
            let fired = result.findings.iter().any(|f| f.rule.id == rule.id);
            if fired != (verdict == "bad") {
                failures.push(format!(
                    "{} `{info}` example {}:\n{body}",
                    rule.name,
                    if fired {
                        "fired but should not"
                    } else {
                        "did not fire"
                    }
                ));
            }
        }
        // Every format the rule applies to (front matter `formats`) needs
        // a bad and a good example.
        for format in &rule.formats {
            for verdict in ["bad", "good"] {
                let k = format!("{} {verdict}", format.as_str());
                if !kinds.contains(&k) {
                    failures.push(format!("{} has no `{k}` example", rule.name));
                }
            }
        }
    }
    assert!(count > 0);
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// Ids and names are how users, suppressions and baselines name a rule:
/// each must be unique and follow the conventions CONTRIBUTING.md sets
/// (`AWS-<SERVICE>-<NNN>` or `PAL-<NNN>`; lowercase kebab-case names), and
/// a rule's doc lives at `rules/<service>/<name>.md`.
#[test]
fn rule_ids_and_names_are_unique_and_well_formed() {
    let mut ids = std::collections::BTreeMap::new();
    let mut names = std::collections::BTreeMap::new();
    for rule in palisade::rules::all()
        .iter()
        .chain(palisade::rules::meta_rules())
    {
        if let Some(other) = ids.insert(rule.id.clone(), rule.name.clone()) {
            panic!("{} is the id of both {other} and {}", rule.id, rule.name);
        }
        if let Some(other) = names.insert(rule.name.clone(), rule.id.clone()) {
            panic!("{} is the name of both {other} and {}", rule.name, rule.id);
        }
        let parts: Vec<&str> = rule.id.split('-').collect();
        let well_formed = match parts.as_slice() {
            ["AWS", service, n] => {
                !service.is_empty()
                    && service
                        .chars()
                        .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
                    && n.len() == 3
                    && n.chars().all(|c| c.is_ascii_digit())
            }
            ["PAL", n] => n.len() == 3 && n.chars().all(|c| c.is_ascii_digit()),
            _ => false,
        };
        assert!(well_formed, "malformed rule id {}", rule.id);
        assert!(
            !rule.name.is_empty()
                && rule.name.split('-').all(|w| !w.is_empty()
                    && w.chars()
                        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())),
            "rule name {} is not lowercase kebab-case",
            rule.name
        );
        let doc = std::path::Path::new("rules")
            .join(&rule.service)
            .join(format!("{}.md", rule.name));
        assert!(doc.is_file(), "{}: no doc at {}", rule.id, doc.display());
    }
    assert!(ids.len() > 1);
}

/// A rule whose findings `palisade fix` can fix says so in its doc, and no
/// other rule claims it.
#[test]
fn rule_docs_say_whether_palisade_fix_applies() {
    for rule in palisade::rules::all() {
        let says = rule.doc.contains("`palisade fix`");
        assert_eq!(
            says,
            palisade::fix::has_fix(&rule.id),
            "{}: the doc {} `palisade fix`",
            rule.id,
            if says { "mentions" } else { "does not mention" }
        );
    }
}
