#!/usr/bin/env python3
"""Compares graphlint's inferred shapes and parameter counts with TensorFlow.js's.

For every tests/keras/expected/<stem>.tfjs.json that TF.js could build (written by
scripts/tfjs-expectations/generate.sh), runs `graphlint shapes --format json` on
tests/keras/corpus/<stem>.json and checks, layer by layer (matched by name; a nested model's
layers as `outer/inner`, a shared layer's call k as `name@k`):
  - the output shape: TF.js's integers must match exactly; its nulls must be non-integers
    (a symbol such as `batch`, a declared None, or unknown) in graphlint;
  - the parameter count and the model's total and trainable totals.
Known, documented differences between TF.js and Keras are listed in KNOWN_DIFFERENCES and
reported as skipped, not hidden.

usage: compare_tfjs.py GRAPHLINT_BINARY TESTS_KERAS_DIR
"""
import json
import pathlib
import subprocess
import sys

# (file stem, layer name) -> why TF.js and Keras disagree there.
KNOWN_DIFFERENCES = {
    ("keras2_1_dl4j_seq2seq_bidir_states", "embedding_1"):
        "input_length=20 fills the time dim in TF.js (Keras 2's compute_output_shape); Keras 3 ignores "
        "input_length (deprecated), so the time dim stays the input's None",
    ("tfjs_jssaved_embedding_gru", "gru_GRU1"):
        "the config does not set reset_after; TF.js supports only reset_after=False (bias [3u], 300 params), "
        "Keras 3 defaults to True (bias [2, 3u], 312 params)",
}
# Totals that differ only because of a known per-layer difference: (file stem) -> (TF.js, graphlint).
KNOWN_TOTALS = {
    "tfjs_jssaved_embedding_gru": "the GRU's reset_after default, above",
}


def graphlint_shapes(binary, model):
    run = subprocess.run([binary, "shapes", "--format", "json", str(model)], capture_output=True, text=True)
    if run.returncode != 0:
        raise AssertionError(f"graphlint shapes failed ({run.returncode}): {run.stderr.strip()[:500]}")
    return json.loads(run.stdout)


def flatten(layers, prefix=""):
    """TF.js layers, nested models' layers under `outer/`."""
    for layer in layers:
        if prefix and layer.get("class_name") == "InputLayer":
            continue  # a nested model's input is the tensor its caller passes: no node of its own
        if "layers" in layer:
            yield from flatten(layer["layers"], prefix + layer["name"] + "/")
        else:
            yield prefix + layer["name"], layer


def shapes_of(layer):
    if "output_shapes_per_call" in layer:
        return layer["output_shapes_per_call"]
    return [layer["output_shape"]]


def single_shapes(shape):
    """TF.js writes one shape as a list of dims, several outputs as a list of lists."""
    if shape and all(isinstance(s, list) for s in shape):
        return shape
    return [shape]


def dims_agree(expected, actual):
    if actual is None:
        return False
    if len(expected) != len(actual):
        return False
    for e, a in zip(expected, actual):
        if e is None:
            if isinstance(a, int):
                return False
        elif a != e:
            return False
    return True


def compare(binary, stem, expected, model):
    problems = []
    nodes = {n["name"]: n for n in graphlint_shapes(binary, model)["nodes"]}
    for name, layer in flatten(expected["layers"]):
        if (stem, name) in KNOWN_DIFFERENCES:
            print(f"  skipped {name}: {KNOWN_DIFFERENCES[(stem, name)]}")
            continue
        for call, shape in enumerate(shapes_of(layer)):
            node_name = name if call == 0 else f"{name}@{call}"
            node = nodes.get(node_name)
            if node is None:
                problems.append(f"{node_name}: no such node in graphlint's graph")
                continue
            actual = [o["shape"] for o in node["outputs"]]
            wanted = single_shapes(shape)
            if len(actual) != len(wanted) or not all(dims_agree(w, a) for w, a in zip(wanted, actual)):
                problems.append(f"{node_name}: TF.js output shape {wanted}, graphlint {actual}")
        node = nodes.get(name)
        if node is not None and node["params"] != layer["params"]:
            problems.append(f"{name}: TF.js counts {layer['params']} params, graphlint {node['params']}")
    return problems


def main():
    binary, root = sys.argv[1], pathlib.Path(sys.argv[2])
    failures = 0
    compared = 0
    for expected_file in sorted((root / "expected").glob("*.tfjs.json")):
        expected = json.loads(expected_file.read_text())
        stem = expected_file.name[: -len(".tfjs.json")]
        if "error" in expected:
            continue
        compared += 1
        model = root / "corpus" / (stem + ".json")
        totals = graphlint_shapes(binary, model)
        problems = compare(binary, stem, expected, model)
        if stem in KNOWN_TOTALS:
            print(f"  totals skipped: {KNOWN_TOTALS[stem]}")
        elif totals["total_params"] != expected["total_params"]:
            problems.append(f"total params: TF.js {expected['total_params']}, graphlint {totals['total_params']}")
        if stem not in KNOWN_TOTALS and totals["trainable_params"] != expected["trainable_params"]:
            problems.append(
                f"trainable params: TF.js {expected['trainable_params']}, graphlint {totals['trainable_params']}")
        status = "ok" if not problems else f"{len(problems)} differences"
        print(f"{stem}: {status}")
        for p in problems:
            print(f"  {p}")
        failures += bool(problems)
    print(f"{compared} models compared with TF.js, {failures} with differences")
    return 1 if failures or compared == 0 else 0


if __name__ == "__main__":
    sys.exit(main())
