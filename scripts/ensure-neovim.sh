#!/bin/sh
# Makes sure `nvim` is installed, for the headless Neovim test of the editor
# integration (tests/neovim.rs). Installs Debian's `neovim` package with
# apt-get when it is missing; running it again changes nothing. `.ci/run`
# runs it; the test itself never installs anything (it is skipped without
# nvim, or fails with PALISADE_REQUIRE_TOOLS=1).
set -eu

if command -v nvim >/dev/null 2>&1; then
    exit 0
fi

fail() {
    echo "ensure-neovim: $*" >&2
    exit 1
}

command -v apt-get >/dev/null 2>&1 ||
    fail "nvim is not installed and apt-get is not available; install Neovim (0.7 or later) yourself"

if [ "$(id -u)" -eq 0 ]; then
    SUDO=
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    SUDO="sudo -n"
else
    fail "nvim is not installed and installing it needs root (or password-less sudo)"
fi

echo "ensure-neovim: installing Debian's neovim package" >&2
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq >&2 || fail "apt-get update failed"
$SUDO apt-get install -y -qq --no-install-recommends neovim >&2 ||
    fail "apt-get install neovim failed"
command -v nvim >/dev/null 2>&1 || fail "neovim was installed but nvim is not on PATH"
