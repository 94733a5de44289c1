//! `ScanOptions::overlay`: text supplied for some paths (open editor
//! buffers) is scanned instead of the disk, with the rest of a Terraform
//! module still read from disk.

use std::path::Path;
use std::sync::Arc;

use palisade::finding::ScanResult;
use palisade::scan::{scan, Overlay, ScanOptions};

fn found(result: &ScanResult) -> Vec<String> {
    result
        .findings
        .iter()
        .map(|f| {
            let file = result.sources.get(f.range.file);
            let lc = file.line_col(f.range.span.start);
            let name = file.path.file_name().unwrap().to_string_lossy();
            format!("{} {name}:{}:{}", f.rule.id, lc.line, lc.col)
        })
        .collect()
}

fn run(paths: &[&Path], overlay: &[(&Path, &str)]) -> ScanResult {
    let overlay: Overlay = overlay
        .iter()
        .map(|(p, t)| (p.to_path_buf(), Arc::from(*t)))
        .collect();
    scan(&ScanOptions {
        paths: paths.iter().map(|p| p.to_path_buf()).collect(),
        overlay,
        ..Default::default()
    })
}

#[test]
fn buffers_replace_and_add_to_the_disk() {
    let dir = tempfile::tempdir().unwrap();
    let main = dir.path().join("main.tf");
    let vars = dir.path().join("variables.tf");
    let new = dir.path().join("new.tf");
    std::fs::write(
        &main,
        "resource \"aws_ebs_volume\" \"a\" {\n  encrypted = var.enc\n}\n",
    )
    .unwrap();
    std::fs::write(&vars, "variable \"enc\" {\n  default = false\n}\n").unwrap();

    assert_eq!(found(&run(&[&main], &[])), ["AWS-EBS-001 main.tf:2:15"]);
    // The named file's buffer.
    let edited = "\n\nresource \"aws_ebs_volume\" \"a\" {\n  encrypted = var.enc\n}\n";
    assert_eq!(
        found(&run(&[&main], &[(&main, edited)])),
        ["AWS-EBS-001 main.tf:4:15"]
    );
    // A sibling's buffer is the module's context.
    let on = "variable \"enc\" {\n  default = true\n}\n";
    assert!(found(&run(&[&main], &[(&vars, on)])).is_empty());
    // A buffer that is not on disk, named or as context.
    let text = "resource \"aws_efs_file_system\" \"f\" {\n  encrypted = var.enc\n}\n";
    assert_eq!(
        found(&run(&[&new], &[(&new, text)])),
        ["AWS-EFS-001 new.tf:2:15"]
    );
    let result = run(&[&main], &[(&new, text), (&vars, on)]);
    assert!(found(&result).is_empty());
    assert_eq!(result.stats.files, 1, "context files are not reported");
    assert_eq!(result.stats.resources, 2, "the unsaved file was evaluated");
    assert!(result.errors.is_empty());
}
