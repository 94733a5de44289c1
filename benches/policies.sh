#!/bin/sh
# Measures what custom policies cost: a scan of the corpus without policies,
# then with 50 generated Checkov-format YAML policies (attribute, wildcard,
# boolean and connection conditions over common AWS types).
#
#   benches/policies.sh [BINARY] [CORPUS]
#
# Prints the median wall time of 5 runs of each, and the ratio.
set -eu
bin=${1:-target/release/palisade}
corpus=${2:-../shared/corpus}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT

types="aws_s3_bucket aws_security_group aws_instance aws_db_instance aws_lb aws_iam_role aws_lambda_function aws_kms_key aws_vpc aws_ebs_volume"
i=0
for t in $types; do
  for kind in exists equals wildcard or connection; do
    i=$((i + 1))
    f="$dir/p$i.yaml"
    case $kind in
      exists) def="  cond_type: attribute
  resource_types: [$t]
  attribute: tags.Owner
  operator: exists" ;;
      equals) def="  cond_type: attribute
  resource_types: [$t, AWS::S3::Bucket]
  attribute: name
  operator: not_equals
  value: forbidden" ;;
      wildcard) def="  cond_type: attribute
  resource_types: [$t]
  attribute: ingress.*.cidr_blocks
  operator: not_contains
  value: 0.0.0.0/0" ;;
      or) def="  or:
    - cond_type: attribute
      resource_types: [$t]
      attribute: tags.Environment
      operator: within
      value: [prod, dev]
    - cond_type: attribute
      resource_types: [$t]
      attribute: description
      operator: regex_match
      value: '^[A-Z].*'" ;;
      connection) def="  and:
    - cond_type: filter
      attribute: resource_type
      operator: within
      value: [$t]
    - cond_type: connection
      resource_types: [$t]
      connected_resource_types: [aws_kms_key, aws_iam_role]
      operator: exists" ;;
    esac
    printf 'metadata:\n  id: BENCH_%s\n  name: bench %s %s\ndefinition:\n%s\n' "$i" "$kind" "$t" "$def" > "$f"
  done
done

median() {
  sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'
}
run() {
  for _ in 1 2 3 4 5; do
    s=$(date +%s.%N)
    "$bin" scan "$corpus" --no-config -q -f json -o /dev/null "$@" >/dev/null 2>&1 || true
    e=$(date +%s.%N)
    echo "$e - $s" | bc
  done | median
}
"$bin" scan "$corpus" --no-config -q -f json -o /dev/null >/dev/null 2>&1 || true # warm the cache
without=$(run)
with=$(run --policy "$dir")
findings=$("$bin" scan "$corpus" --no-config -q -f json --policy "$dir" 2>/dev/null | grep -c '"rule_id": "BENCH_' || true)
echo "policies: $(ls "$dir" | wc -l) YAML"
echo "without policies: ${without}s"
echo "with policies:    ${with}s"
echo "ratio:            $(echo "scale=2; $with / $without" | bc)"
echo "custom findings:  $findings"
