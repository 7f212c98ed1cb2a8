#!/usr/bin/env bash
# Golden cases: a model file X.yaml (checked with `graphlint check`) or a command file X.cmd
# (graphlint's arguments, one line), and beside it X.expected: the exact output (stdout and
# stderr) followed by the exit status.
#
#   golden.sh run GRAPHLINT CASE      compare; print a diff and fail on any difference
#   golden.sh update GRAPHLINT CASE   rewrite X.expected (see scripts/update-goldens.sh)
#
# Run from the repository root: paths in the output are as given here.
set -uo pipefail

mode=$1 graphlint=$2 case=$3
base=${case%.*}
expected=$base.expected

if [[ $case == *.cmd ]]; then
  read -r -a args < "$case"
else
  args=(check "$case")
fi
actual=$("$graphlint" --no-color "${args[@]}" 2>&1 </dev/null; echo "[exit status $?]")

if [[ $mode == update ]]; then
  printf '%s\n' "$actual" > "$expected"
  exit 0
fi
if [[ ! -f $expected ]]; then
  echo "missing $expected (create it with scripts/update-goldens.sh and read the diff)"
  exit 1
fi
if ! diff -u --label "$expected" --label "actual output of graphlint ${args[*]}" "$expected" <(printf '%s\n' "$actual"); then
  echo "golden mismatch for $case; if the change is intended, run scripts/update-goldens.sh and review 'git diff'"
  exit 1
fi
