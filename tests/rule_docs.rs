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
        for k in [
            "terraform bad",
            "terraform good",
            "cloudformation bad",
            "cloudformation good",
        ] {
            if !kinds.contains(k) {
                failures.push(format!("{} has no `{k}` example", rule.name));
            }
        }
    }
    assert!(count > 0);
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
