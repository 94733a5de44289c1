//! Outside programs that some integration tests drive (Neovim, pre-commit).
//!
//! `cargo test` installs nothing: a test whose program is missing is skipped
//! with a `SKIPPED` line on the terminal. `PALISADE_REQUIRE_TOOLS=1` turns a
//! missing program into a failure, and `PALISADE_SLOW_TESTS=1` runs the
//! end-to-end tests that take minutes; `.ci/run` installs the programs and
//! sets both.

use std::io::Write;
use std::path::{Path, PathBuf};

/// Whether `PALISADE_REQUIRE_TOOLS=1`: a missing program fails the test.
pub fn required() -> bool {
    std::env::var_os("PALISADE_REQUIRE_TOOLS").is_some_and(|v| v == "1")
}

/// Whether `PALISADE_SLOW_TESTS=1`: the tests that take minutes run.
pub fn slow_tests() -> bool {
    std::env::var_os("PALISADE_SLOW_TESTS").is_some_and(|v| v == "1")
}

/// The executable `name` in a directory of `PATH`, if there is one.
pub fn on_path(name: &str) -> Option<PathBuf> {
    std::env::split_paths(&std::env::var_os("PATH")?)
        .map(|dir| dir.join(name))
        .find(|p| is_executable(p))
}

/// Whether `path` is a file that can be executed.
pub fn is_executable(path: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
}

/// `target/test-tools`, where `scripts/test-tools.sh` installs by default.
pub fn tools_dir() -> PathBuf {
    Path::new(env!("CARGO_TARGET_TMPDIR"))
        .parent()
        .expect("target directory")
        .join("test-tools")
}

/// Skips the calling test because of `reason` (`nvim not found`), or fails
/// it when `PALISADE_REQUIRE_TOOLS=1`. The line is written to standard error
/// directly: libtest captures only `print!` and `eprint!`, so it shows in
/// the output of a plain `cargo test`.
pub fn skip(test: &str, reason: &str) {
    assert!(
        !required(),
        "{test}: {reason}, and PALISADE_REQUIRE_TOOLS=1 makes that a failure"
    );
    let _ = writeln!(
        std::io::stderr().lock(),
        "SKIPPED {test}: {reason} (set PALISADE_REQUIRE_TOOLS=1 to make this a failure)"
    );
}

/// Skips the calling test unless `PALISADE_SLOW_TESTS=1`; returns whether
/// it should run.
pub fn slow(test: &str, what: &str) -> bool {
    if slow_tests() {
        return true;
    }
    let _ = writeln!(
        std::io::stderr().lock(),
        "SKIPPED {test}: {what} (set PALISADE_SLOW_TESTS=1 to run it)"
    );
    false
}
