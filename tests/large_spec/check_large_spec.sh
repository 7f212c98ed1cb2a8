#!/usr/bin/env bash
# A 10 MB spec (about 180,000 nodes) must load and check cleanly: no crash, no hang
# (CTest's timeout), exit status 0. Timing belongs to bench/, not here.
#   check_large_spec.sh GRAPHLINT WORKDIR
set -euo pipefail
graphlint=$1 work=$2
mkdir -p "$work"
python3 "$(dirname "$0")/make_large_spec.py" "$work/large.yaml" 10
size=$(stat -c %s "$work/large.yaml")
[ "$size" -ge 10000000 ] || { echo "generated spec is only $size bytes"; exit 1; }
output=$("$graphlint" check --no-color "$work/large.yaml")
echo "$output" | tail -1
[ "$(echo "$output" | tail -1)" = "graphlint: 0 errors, 0 warnings in 1 file" ]
