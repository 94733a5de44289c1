#!/usr/bin/env bash
# Installs the third-party tools that the integration tests drive, pinned, into
# a Python virtual environment under the target directory:
#
#   target/test-tools/venv/bin/pre-commit
#
# `.ci/run` runs it; tests/precommit.rs finds pre-commit here (or on PATH) and
# never installs it.
# Idempotent: a second run with the tools already at their pinned versions
# does nothing. Usage: scripts/test-tools.sh [TOOLS_DIR]
# (default: $CARGO_TARGET_DIR/test-tools, or target/test-tools in the repo).
set -euo pipefail

PRE_COMMIT_VERSION=4.7.0

repo=$(cd "$(dirname "$0")/.." && pwd)
tools=${1:-${CARGO_TARGET_DIR:-$repo/target}/test-tools}
venv=$tools/venv

installed() {
    [ -x "$venv/bin/pre-commit" ] &&
        [ "$("$venv/bin/pre-commit" --version 2>/dev/null)" = "pre-commit $PRE_COMMIT_VERSION" ]
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
    "pre-commit==$PRE_COMMIT_VERSION"

if ! installed; then
    echo "error: pre-commit $PRE_COMMIT_VERSION did not install into $venv" >&2
    exit 1
fi
