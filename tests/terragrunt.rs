//! Terragrunt units through the command line: a `terragrunt.hcl` evaluates
//! its source module with its inputs (the fixtures under
//! `testdata/terraform/terragrunt*` check the details exactly, through the
//! library).

mod common;

use common::{palisade, repo, write};

fn stdout(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn a_terragrunt_tree_reports_module_findings_and_what_it_could_not_evaluate() {
    let out = palisade(
        &[
            "scan",
            "--format",
            "compact",
            "testdata/terraform/terragrunt",
        ],
        repo(),
    );
    assert_eq!(
        stdout(&out),
        "testdata/terraform/terragrunt/live/prod/cached/.terragrunt-cache/Xk2/p9Q/volume/main.tf:12:23: HIGH AWS-EBS-001 EBS volume aws_ebs_volume.cached sets encryption to false\n\
         testdata/terraform/terragrunt/modules/volume/main.tf:13:23: HIGH AWS-EBS-001 EBS volume aws_ebs_volume.data sets encryption to false\n\
         testdata/terraform/terragrunt/live/prod/broken/terragrunt.hcl:7:1: ERROR missing closing \"}\" for block \"terraform\" opened on line 1\n\
         testdata/terraform/terragrunt/live/prod/orphan/terragrunt.hcl:2:10: WARNING find_in_parent_folders: no `root.hcl` in the directories above testdata/terraform/terragrunt/live/prod/orphan (Terragrunt fails here); the configuration is not evaluated\n\
         testdata/terraform/terragrunt/live/prod/uncached/terragrunt.hcl:6:3: WARNING module source `tfr:///terraform-aws-modules/s3-bucket/aws?version=4.1.0` is not available locally: run `terragrunt init` (or `terragrunt run-all init`) so that .terragrunt-cache holds it, then scan again; its resources are not checked\n\
         Found 2 findings (2 high) in 11 files; 1 file could not be scanned; 2 warnings about the input.\n"
    );
    assert_eq!(out.status.code(), Some(2), "the syntax error");
    // The text report names the configuration under the finding.
    let out = palisade(
        &[
            "scan",
            "testdata/terraform/terragrunt/live/prod/volume",
            "testdata/terraform/terragrunt/modules",
        ],
        repo(),
    );
    let text = stdout(&out);
    assert!(
        text.contains(
            "note: instantiated by terragrunt.hcl at\n        testdata/terraform/terragrunt/live/prod/volume/terragrunt.hcl:7:3"
        ),
        "{text}"
    );
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn an_include_outside_the_scanned_paths_is_not_read() {
    // live/root.hcl and live/prod/env.hcl are above the scanned directory
    // (where find_in_parent_folders looks) and are read; _envcommon is not.
    let out = palisade(
        &[
            "scan",
            "--format",
            "compact",
            "testdata/terraform/terragrunt-includes/live/prod/logs",
        ],
        repo(),
    );
    assert_eq!(
        stdout(&out),
        "testdata/terraform/terragrunt-includes/live/prod/logs/terragrunt.hcl:5:1: WARNING testdata/terraform/terragrunt-includes/live/_envcommon/bucket.hcl is outside the scanned paths and not read (scan a directory that contains it); the configuration is not evaluated\n\
         No findings in 1 file; 1 warning about the input.\n"
    );
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn absolute_sources_and_a_stale_cache_beside_a_local_source() {
    let dir = tempfile::tempdir().unwrap();
    let module = "variable \"encrypted\" {\n  type    = bool\n  default = false\n}\n\nresource \"aws_ebs_volume\" \"v\" {\n  availability_zone = \"a\"\n  size              = 1\n  encrypted         = var.encrypted\n}\n";
    write(dir.path(), "modules/disk/main.tf", module);
    write(
        dir.path(),
        "live/app/terragrunt.hcl",
        "terraform {\n  source = \"${get_terragrunt_dir()}/../../modules//disk\"\n}\n\ninputs = {\n  encrypted = false\n}\n",
    );
    // A copy Terragrunt made for an earlier source: not a root, not read.
    write(
        dir.path(),
        "live/app/.terragrunt-cache/a/b/disk/main.tf",
        module,
    );
    write(
        dir.path(),
        "live/db/terragrunt.hcl",
        "terraform {\n  source = \"../../modules/disk\"\n}\n\ninputs = {\n  encrypted = get_env(\"ENCRYPTED\", \"false\")\n}\n",
    );
    let out = palisade(&["scan", "--format", "compact", "."], dir.path());
    // live/db's input comes from the environment: unknown, so no finding
    // from it; live/app's (an absolute source) is false.
    assert_eq!(
        stdout(&out),
        "modules/disk/main.tf:9:23: HIGH AWS-EBS-001 EBS volume aws_ebs_volume.v sets encryption to false\n\
         Found 1 finding (1 high) in 3 files.\n"
    );
    let abs = dir.path().canonicalize().unwrap();
    let out = palisade(
        &["scan", "--format", "compact", abs.to_str().unwrap()],
        repo(),
    );
    assert_eq!(
        stdout(&out).lines().count(),
        2,
        "the same with absolute paths: {}",
        stdout(&out)
    );
}
