#!/usr/bin/env python3
"""Every file of tests/keras/corpus imports, graphlint gives every layer a shape, and the
YAML spec `graphlint convert` writes loads back with the same nodes, shapes and counts.

A file that holds no graph (the pre-1.0 Graph container) must fail with exit status 2 and a
message saying what it is. In every other file each node must have outputs of known rank,
except Lambda layers without an output_shape and the nodes computed from them, where the
information is truly absent (the Lambda's Python function).

usage: check_corpus.py GRAPHLINT_BINARY TESTS_KERAS_DIR
"""
import json
import pathlib
import subprocess
import sys
import tempfile

# file -> a fragment of the message its import must fail with
EXPECTED_FAILURES = {
    "keras0_caffe2keras_googlenet_graph_container.json": "Keras 0.x 'Graph' container",
}
# file -> nodes whose shape is legitimately unknown, and why
ALLOWED_UNKNOWN = {
    "keras2_1_dl4j_yolo9000_lambda.json": "a Lambda whose output_shape is Python bytecode, and its consumers",
}


def summary(shapes):
    """What must survive conversion: every node's name, kind, op, output shapes, dtypes and
    parameter count (in any order: a spec lists its inputs first), and the model totals."""
    nodes = sorted((n["name"], n["kind"], n["op"], json.dumps(n["outputs"]), json.dumps(n["params"])) for n in shapes["nodes"])
    return nodes, shapes["total_params"], shapes["trainable_params"]


def round_trip(binary, model, shapes):
    """Problems found converting `model` to a spec and reading that back; empty if none."""
    with tempfile.TemporaryDirectory() as tmp:
        spec = pathlib.Path(tmp) / "model.yaml"
        run = subprocess.run([binary, "convert", str(model), "-o", str(spec)], capture_output=True, text=True)
        if run.returncode != 0:
            return [f"convert failed ({run.returncode}): {run.stderr.strip()[:300]}"]
        back = subprocess.run([binary, "shapes", "--format", "json", str(spec)], capture_output=True, text=True)
        if back.returncode != 0:
            return [f"the converted spec does not load ({back.returncode}): {back.stderr.strip()[:300]}"]
        before, after = summary(shapes), summary(json.loads(back.stdout))
        if before == after:
            return []
        diffs = [f"{a} became {b}" for a, b in zip(before[0], after[0]) if a != b][:5]
        if len(before[0]) != len(after[0]):
            diffs.append(f"{len(before[0])} nodes became {len(after[0])}")
        if before[1:] != after[1:]:
            diffs.append(f"totals {before[1:]} became {after[1:]}")
        return diffs


def main():
    binary, root = sys.argv[1], pathlib.Path(sys.argv[2])
    failures = 0
    for model in sorted((root / "corpus").glob("*.json")):
        run = subprocess.run([binary, "shapes", "--format", "json", str(model)], capture_output=True, text=True)
        name = model.name
        if name in EXPECTED_FAILURES:
            ok = run.returncode == 2 and EXPECTED_FAILURES[name] in run.stderr
            print(f"{name}: {'fails as expected' if ok else 'UNEXPECTED: ' + str(run.returncode) + ' ' + run.stderr[:300]}")
            failures += not ok
            continue
        if run.returncode != 0:
            print(f"{name}: UNEXPECTED exit {run.returncode}: {run.stderr.strip()[:300]}")
            failures += 1
            continue
        shapes = json.loads(run.stdout)
        nodes = shapes["nodes"]
        problems = round_trip(binary, model, shapes)
        if problems:
            print(f"{name}: converting to a spec changed it: " + "; ".join(problems))
            failures += 1
        unknown = [n["name"] for n in nodes if any(o["shape"] is None for o in n["outputs"])]
        if unknown and name not in ALLOWED_UNKNOWN:
            print(f"{name}: {len(unknown)} nodes without a shape: {', '.join(unknown[:8])}")
            failures += 1
        else:
            why = f" ({len(unknown)} unknown: {ALLOWED_UNKNOWN[name]})" if unknown else ""
            print(f"{name}: {len(nodes)} nodes{why}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
