#!/bin/sh
# Runs one fuzz target for a while, seeded from testdata/.
#
#   fuzz/run.sh TARGET SECONDS [LIBFUZZER_OPTION...]
#
# Targets: hcl, cfn_yaml, cfn_json, iam_policy, pipeline. Needs a nightly
# toolchain and cargo-fuzz (`cargo install cargo-fuzz`). New inputs go to
# fuzz/corpus/TARGET, crashes to fuzz/artifacts/TARGET (both ignored by git).
# An input may take up to 30 s (the HCL parser's own time budget is 10 s,
# and the targets are built with AddressSanitizer).
set -eu

if [ $# -lt 2 ]; then
    echo "usage: $0 TARGET SECONDS [LIBFUZZER_OPTION...]" >&2
    exit 2
fi
target=$1
seconds=$2
shift 2

here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
case $target in
    hcl) patterns='*.tf' ;;
    cfn_yaml) patterns='*.yaml *.yml' ;;
    cfn_json | iam_policy) patterns='*.json' ;;
    pipeline) patterns='*.tf *.json *.yaml *.yml' ;;
    *)
        echo "unknown target: $target" >&2
        exit 2
        ;;
esac

# The seed corpus: every file of testdata/ the target reads (read-only; the
# first corpus directory is where libFuzzer writes).
seeds="$here/corpus/$target-seeds"
mkdir -p "$here/corpus/$target" "$seeds"
# The patterns are for `find`, not for the shell to expand here.
set -f
for p in $patterns; do
    find "$root/testdata" -type f -name "$p" | while IFS= read -r f; do
        sum=$(cksum <"$f" | cut -d' ' -f1)
        cp "$f" "$seeds/$sum"
    done
done
set +f
if [ -z "$(ls "$seeds")" ]; then
    echo "no seed files found under $root/testdata" >&2
    exit 2
fi

cd "$here"
exec cargo +nightly fuzz run "$target" "corpus/$target" "corpus/$target-seeds" -- \
    -max_total_time="$seconds" -timeout=30 -rss_limit_mb=2048 "$@"
