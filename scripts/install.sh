#!/bin/sh
# Installs a released palisade binary, verified against the release's
# SHA256SUMS before anything is put in place.
#
#   curl -fsSL https://github.com/palisade-iac/palisade/releases/latest/download/install.sh | sh
#   sh install.sh --version v0.2.0 --to /usr/local/bin
#
# Options:
#   --version VERSION  a release tag (v0.2.0 or 0.2.0), or latest (default)
#   --to DIR           where to put palisade (default: $PALISADE_INSTALL_DIR,
#                      else ~/.local/bin)
#   --target TRIPLE    the build to install (default: this machine's, from
#                      uname; also $PALISADE_TARGET)
#
# The archives are looked for under $PALISADE_DOWNLOAD_URL (default
# https://github.com/palisade-iac/palisade/releases), laid out as GitHub lays
# out release assets: BASE/download/TAG/ASSET and BASE/latest/download/ASSET.
# BASE can also be a file:// URL or a directory.
#
# Nothing downloaded is run, except `palisade --version` once the verified
# binary is installed for this machine.
set -eu

DEFAULT_URL=https://github.com/palisade-iac/palisade/releases

say() {
    printf 'palisade-install: %s\n' "$*" >&2
}

die() {
    say "error: $*"
    exit 1
}

usage() {
    cat <<'EOF'
Usage: install.sh [--version VERSION] [--to DIR] [--target TRIPLE]

Installs a released palisade binary after checking it against the
release's SHA256SUMS.

  --version VERSION  a release tag (v0.2.0 or 0.2.0), or latest (default)
  --to DIR           where to put palisade (default: $PALISADE_INSTALL_DIR,
                     else ~/.local/bin)
  --target TRIPLE    the build to install (default: this machine's; also
                     $PALISADE_TARGET)

PALISADE_DOWNLOAD_URL replaces https://github.com/palisade-iac/palisade/releases
(a URL, a file:// URL or a directory laid out the same way).
EOF
}

version=latest
to=${PALISADE_INSTALL_DIR:-}
target=${PALISADE_TARGET:-}
while [ $# -gt 0 ]; do
    case $1 in
    --version) [ $# -ge 2 ] || die "--version needs a value"; version=$2; shift 2 ;;
    --version=*) version=${1#*=}; shift ;;
    --to) [ $# -ge 2 ] || die "--to needs a value"; to=$2; shift 2 ;;
    --to=*) to=${1#*=}; shift ;;
    --target) [ $# -ge 2 ] || die "--target needs a value"; target=$2; shift 2 ;;
    --target=*) target=${1#*=}; shift ;;
    -h | --help) usage; exit 0 ;;
    *) die "unknown argument '$1' (see --help)" ;;
    esac
done

if [ -z "$to" ]; then
    [ -n "${HOME:-}" ] || die "no --to directory and HOME is not set"
    to=$HOME/.local/bin
fi

case $version in
latest | v[0-9]*) ;;
[0-9]*) version=v$version ;;
*) die "--version takes a release tag such as v0.2.0, or latest (got '$version')" ;;
esac

# This machine's build, as the release names it.
detect_target() {
    os=$(uname -s)
    arch=$(uname -m)
    case $arch in
    x86_64 | amd64) arch=x86_64 ;;
    aarch64 | arm64) arch=aarch64 ;;
    *) die "no release build for the processor '$arch'; build from source with cargo install --locked" ;;
    esac
    case $os in
    Linux) echo "$arch-unknown-linux-musl" ;;
    Darwin)
        # An x86_64 shell under Rosetta on Apple silicon gets the native build.
        if [ "$arch" = x86_64 ] && [ "$(sysctl -n hw.optional.arm64 2>/dev/null || true)" = 1 ]; then
            arch=aarch64
        fi
        echo "$arch-apple-darwin"
        ;;
    MINGW* | MSYS* | CYGWIN* | Windows_NT)
        [ "$arch" = x86_64 ] || die "no release build for Windows on '$arch'"
        echo "x86_64-pc-windows-msvc"
        ;;
    *) die "no release build for the system '$os'; build from source with cargo install --locked" ;;
    esac
}

detected=
if [ -z "$target" ]; then
    target=$(detect_target)
    detected=1
fi
case $target in
*-windows-*) archive=palisade-$target.zip exe=palisade.exe ;;
*) archive=palisade-$target.tar.gz exe=palisade ;;
esac

base=${PALISADE_DOWNLOAD_URL:-$DEFAULT_URL}
base=${base%/}
if [ "$version" = latest ]; then
    release=$base/latest/download
else
    release=$base/download/$version
fi

# fetch URL FILE: a plain path is copied; file:// and http(s) URLs go
# through curl (or wget, for http(s)).
fetch() {
    case $1 in
    /*) cp "$1" "$2" 2>/dev/null ;;
    file://*)
        if command -v curl >/dev/null 2>&1; then
            curl -fsS -o "$2" "$1"
        else
            cp "${1#file://}" "$2" 2>/dev/null
        fi
        ;;
    *)
        if command -v curl >/dev/null 2>&1; then
            curl -fsSL --retry 3 -o "$2" "$1"
        elif command -v wget >/dev/null 2>&1; then
            wget -q -O "$2" "$1"
        else
            die "neither curl nor wget is installed"
        fi
        ;;
    esac
}

sha256() {
    if command -v sha256sum >/dev/null 2>&1; then
        sha256sum "$1" | cut -d ' ' -f 1
    elif command -v shasum >/dev/null 2>&1; then
        shasum -a 256 "$1" | cut -d ' ' -f 1
    else
        die "neither sha256sum nor shasum is installed, so $archive cannot be verified; refusing to install"
    fi
}

tmp=$(mktemp -d 2>/dev/null || mktemp -d -t palisade-install)
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM

say "downloading $archive ($version) from $release"
fetch "$release/$archive" "$tmp/$archive" || die "could not download $release/$archive"
fetch "$release/SHA256SUMS" "$tmp/SHA256SUMS" || die "could not download $release/SHA256SUMS"

# `sha256sum` lines: HASH, two spaces (or space and `*`), file name.
expected=$(awk -v name="$archive" '$2 == name || $2 == "*" name { print tolower($1); exit }' "$tmp/SHA256SUMS")
[ -n "$expected" ] || die "SHA256SUMS has no entry for $archive; refusing to install"
actual=$(sha256 "$tmp/$archive")
[ -n "$actual" ] || die "could not compute the SHA-256 checksum of $archive; refusing to install"
if [ "$actual" != "$expected" ]; then
    die "checksum mismatch for $archive: SHA256SUMS says $expected, the download is $actual; refusing to install"
fi
say "checksum verified: $archive $actual"

mkdir "$tmp/unpacked"
case $archive in
*.zip)
    if command -v unzip >/dev/null 2>&1; then
        unzip -q "$tmp/$archive" -d "$tmp/unpacked" || die "could not unpack $archive"
    else
        tar -xf "$tmp/$archive" -C "$tmp/unpacked" || die "could not unpack $archive"
    fi
    ;;
*) tar -xzf "$tmp/$archive" -C "$tmp/unpacked" || die "could not unpack $archive" ;;
esac
bin=$tmp/unpacked/palisade-$target/$exe
if [ -L "$bin" ] || [ ! -f "$bin" ]; then
    die "$archive holds no file palisade-$target/$exe"
fi

# Into place under a temporary name, then renamed: a reader never sees half
# a binary, and a failure leaves any previous one as it was.
mkdir -p "$to" || die "cannot create $to"
cp "$bin" "$to/.$exe.tmp.$$" || die "cannot write to $to"
chmod 755 "$to/.$exe.tmp.$$"
mv -f "$to/.$exe.tmp.$$" "$to/$exe" || die "cannot write $to/$exe"
say "installed $to/$exe"

if [ -n "$detected" ]; then
    "$to/$exe" --version || say "warning: $to/$exe --version failed"
fi
case ":${PATH:-}:" in
*":$to:"*) ;;
*) say "note: $to is not on PATH" ;;
esac
