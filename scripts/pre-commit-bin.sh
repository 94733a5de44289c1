#!/bin/sh
# The `palisade-bin` pre-commit hook: runs the released palisade binary of
# the version in this checkout's Cargo.toml (at a release tag, that
# release), downloaded once with scripts/install.sh (checksum verified) and
# kept in $PALISADE_CACHE_DIR, else $XDG_CACHE_HOME/palisade, else
# ~/.cache/palisade, under the version.
#
# Usage (by pre-commit): pre-commit-bin.sh [ARGS...] FILE...
# runs `palisade scan --skip-other-files ARGS... FILE...`.
set -eu

here=$(cd "$(dirname "$0")/.." && pwd)
version=$(sed -n 's/^version = "\([^"]*\)"$/\1/p' "$here/Cargo.toml" | head -n 1)
if [ -z "$version" ]; then
    echo "palisade-bin: no version in $here/Cargo.toml" >&2
    exit 2
fi

cache=${PALISADE_CACHE_DIR:-${XDG_CACHE_HOME:-${HOME:?}/.cache}/palisade}
case $(uname -s) in
MINGW* | MSYS* | CYGWIN* | Windows_NT) exe=palisade.exe ;;
*) exe=palisade ;;
esac
dir=$cache/v$version
if [ ! -x "$dir/$exe" ]; then
    sh "$here/scripts/install.sh" --version "v$version" --to "$dir" >&2 || {
        echo "palisade-bin: could not install palisade v$version (use the hook palisade, which builds from source, or palisade-system)" >&2
        exit 2
    }
fi
exec "$dir/$exe" scan --skip-other-files "$@"
