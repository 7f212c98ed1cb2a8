#!/usr/bin/env bash
# Rewrites every golden file from the current build. Deliberate: read `git diff` afterwards,
# and commit only the changes you meant.
#   scripts/update-goldens.sh [BUILD_DIR]   (default: build)
set -euo pipefail
cd "$(dirname "$0")/.."
graphlint=${1:-build}/graphlint
[ -x "$graphlint" ] || { echo "no $graphlint: build first (scripts/build.sh)" >&2; exit 1; }
for case in $(scripts/golden-cases.sh); do
  tests/golden/golden.sh update "$graphlint" "$case"
done
git --no-pager diff --stat -- '*.expected'
echo "goldens rewritten: review 'git diff -- \"*.expected\"' before committing"
