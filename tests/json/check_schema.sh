#!/usr/bin/env bash
# Validates graphlint's JSON output against the documented schemas in docs/, and checks
# that the schemas reject a malformed document (so this test can fail).
#   check_schema.sh GRAPHLINT   (run from the repository root)
set -euo pipefail
graphlint=$1
python=/usr/bin/python3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

validate() {  # schema document
  "$python" - "$1" "$2" <<'PY'
import json, sys
import jsonschema
schema = json.load(open(sys.argv[1]))
doc = json.load(open(sys.argv[2]))
jsonschema.Draft202012Validator.check_schema(schema)
jsonschema.Draft202012Validator(schema).validate(doc)
PY
}

status=0
"$graphlint" check --format json specs/examples/*.yaml tests/json/does-not-exist.yaml > "$tmp/check.json" || status=$?
[ "$status" -eq 2 ] || { echo "expected exit status 2 (one unreadable file), got $status"; exit 1; }
validate docs/findings.schema.json "$tmp/check.json"
grep -q '"rule": "backend-op-on-symbolic-tensor"' "$tmp/check.json" || { echo "headline finding missing from JSON"; exit 1; }

for spec in specs/examples/*.yaml; do
  "$graphlint" shapes --format json "$spec" > "$tmp/shapes.json"
  validate docs/shapes.schema.json "$tmp/shapes.json"
done

# A finding without its rule must be rejected: the schema really constrains the output.
"$python" -c "
import json,sys
d=json.load(open('$tmp/check.json'))
del d['findings'][0]['rule']
json.dump(d, open('$tmp/broken.json','w'))"
if validate docs/findings.schema.json "$tmp/broken.json" 2>/dev/null; then
  echo "schema accepted a finding without 'rule'"
  exit 1
fi
echo "JSON output matches docs/findings.schema.json and docs/shapes.schema.json"
