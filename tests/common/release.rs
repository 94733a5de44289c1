//! A release laid out in a directory as GitHub serves one
//! (`download/TAG/ASSET`, `latest/download/ASSET`): what
//! `scripts/install.sh` downloads when `PALISADE_DOWNLOAD_URL` names the
//! directory. The archives are made with the system's `tar` and the
//! checksums with `sha256sum` (or `shasum -a 256`), the programs the install
//! script itself uses.

use std::path::{Path, PathBuf};
use std::process::Command;

use super::tools;

/// The programs a fake release and the install script need, or the first
/// one that is missing.
pub fn missing_programs() -> Option<&'static str> {
    if tools::on_path("sh").is_none() {
        return Some("sh not found on PATH");
    }
    if tools::on_path("tar").is_none() {
        return Some("tar not found on PATH");
    }
    if tools::on_path("sha256sum").is_none() && tools::on_path("shasum").is_none() {
        return Some("neither sha256sum nor shasum found on PATH");
    }
    None
}

/// This machine's build, as the install script names it.
pub fn host_target() -> &'static str {
    match (std::env::consts::OS, std::env::consts::ARCH) {
        ("linux", "x86_64") => "x86_64-unknown-linux-musl",
        ("linux", "aarch64") => "aarch64-unknown-linux-musl",
        ("macos", "x86_64") => "x86_64-apple-darwin",
        ("macos", "aarch64") => "aarch64-apple-darwin",
        other => panic!("no release build for {other:?}"),
    }
}

/// The SHA-256 of a file, in hex, by the system's tool.
pub fn sha256(path: &Path) -> String {
    let out = if tools::on_path("sha256sum").is_some() {
        Command::new("sha256sum").arg(path).output()
    } else {
        Command::new("shasum")
            .args(["-a", "256"])
            .arg(path)
            .output()
    }
    .expect("run sha256sum");
    assert!(out.status.success(), "{out:?}");
    let text = String::from_utf8(out.stdout).unwrap();
    text.split_whitespace().next().unwrap().to_owned()
}

/// A release `tag` with one archive, `palisade-<target>.tar.gz` holding
/// `palisade-<target>/palisade` (the shell script `binary`), its
/// SHA256SUMS, and the same files under `latest/download`.
pub struct FakeRelease {
    pub dir: tempfile::TempDir,
    pub tag: String,
    pub target: String,
}

impl FakeRelease {
    pub fn new(tag: &str, target: &str, binary: &str) -> FakeRelease {
        let dir = tempfile::tempdir().unwrap();
        let name = format!("palisade-{target}");
        let pkg = dir.path().join("pkg");
        std::fs::create_dir_all(pkg.join(&name)).unwrap();
        let exe = pkg.join(&name).join("palisade");
        std::fs::write(&exe, binary).unwrap();
        set_mode(&exe, 0o755);
        let release = FakeRelease {
            dir,
            tag: tag.to_owned(),
            target: target.to_owned(),
        };
        std::fs::create_dir_all(release.assets()).unwrap();
        let out = Command::new("tar")
            .arg("-czf")
            .arg(release.archive())
            .arg("-C")
            .arg(&pkg)
            .arg(&name)
            .output()
            .expect("run tar");
        assert!(out.status.success(), "{out:?}");
        let sum = sha256(&release.archive());
        release.write_sums(&format!("{sum}  {}\n", release.archive_name()));
        release
    }

    /// What `PALISADE_DOWNLOAD_URL` is set to: the directory itself.
    pub fn url(&self) -> &Path {
        self.dir.path()
    }

    /// `download/TAG`, where the assets are.
    pub fn assets(&self) -> PathBuf {
        self.dir.path().join("download").join(&self.tag)
    }

    pub fn archive_name(&self) -> String {
        format!("palisade-{}.tar.gz", self.target)
    }

    pub fn archive(&self) -> PathBuf {
        self.assets().join(self.archive_name())
    }

    pub fn sums(&self) -> PathBuf {
        self.assets().join("SHA256SUMS")
    }

    /// Replaces SHA256SUMS (in `download/TAG` and `latest/download`).
    pub fn write_sums(&self, text: &str) {
        std::fs::write(self.sums(), text).unwrap();
        self.publish_latest();
    }

    /// Flips one byte in the middle of the archive.
    pub fn corrupt_archive(&self) {
        let mut bytes = std::fs::read(self.archive()).unwrap();
        let mid = bytes.len() / 2;
        bytes[mid] ^= 0x55;
        std::fs::write(self.archive(), bytes).unwrap();
        self.publish_latest();
    }

    fn publish_latest(&self) {
        let latest = self.dir.path().join("latest/download");
        std::fs::create_dir_all(&latest).unwrap();
        for entry in std::fs::read_dir(self.assets()).unwrap() {
            let entry = entry.unwrap();
            std::fs::copy(entry.path(), latest.join(entry.file_name())).unwrap();
        }
    }
}

pub fn set_mode(path: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
}
