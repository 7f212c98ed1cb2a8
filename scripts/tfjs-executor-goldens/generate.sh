#!/usr/bin/env bash
# Regenerates tests/executor/golden/<case>/ (model, weights, inputs, expected outputs) for
# graphlint's executor with TensorFlow.js, from the cases in cases.mjs. Deliberate, never run by
# the tests: review `git diff --stat -- tests/executor/golden` before committing.
#   scripts/tfjs-executor-goldens/generate.sh [CASE ...]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
golden=$root/tests/executor/golden

if [ ! -d "$here/node_modules" ]; then
  (cd "$here" && npm ci --no-audit --no-fund)
fi

if [ $# -eq 0 ]; then
  # A full run rewrites every case; drop case folders whose case is gone from cases.mjs.
  find "$golden" -mindepth 1 -maxdepth 1 -type d -exec rm -rf {} +
fi
node "$here/goldens.mjs" "$golden" "$@"
