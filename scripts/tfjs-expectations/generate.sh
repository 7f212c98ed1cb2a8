#!/usr/bin/env bash
# Regenerates tests/keras/expected/<stem>.tfjs.json from every tests/keras/corpus/*.json with
# TensorFlow.js. Deliberate, never run by the tests: review `git diff` before committing.
#   scripts/tfjs-expectations/generate.sh
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
corpus=$root/tests/keras/corpus
expected=$root/tests/keras/expected

if [ ! -d "$here/node_modules" ]; then
  (cd "$here" && npm ci --no-audit --no-fund)
fi

mkdir -p "$expected"
for model in "$corpus"/*.json; do
  stem=$(basename "$model" .json)
  out=$expected/$stem.tfjs.json
  node "$here/expectations.mjs" "$model" > "$out.tmp"
  node -e 'JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"))' "$out.tmp"
  mv "$out.tmp" "$out"
  if grep -q '^  "error"' "$out"; then echo "not built: $stem"; else echo "built:     $stem"; fi
done
