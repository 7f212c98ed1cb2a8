#!/usr/bin/env bash
# The parameter totals graphlint infers for the Keras Applications specs must equal the
# figures Keras documents for the ImageNet configurations (keras.io/api/applications).
#   check_param_totals.sh GRAPHLINT   (run from the repository root)
set -euo pipefail
graphlint=$1
status=0
while read -r spec total trainable; do
  json=$("$graphlint" shapes --format json "specs/examples/$spec.yaml")
  got=$(printf '%s' "$json" | /usr/bin/python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["total_params"], d["trainable_params"])')
  if [ "$got" = "$total $trainable" ]; then
    echo "ok   $spec: $total params, $trainable trainable"
  else
    echo "FAIL $spec: expected $total params, $trainable trainable (Keras); graphlint says $got"
    status=1
  fi
done <<'TABLE'
vgg16 138357544 138357544
resnet50 25636712 25583592
mobilenet_v2 3538984 3504872
TABLE
exit $status
