#!/usr/bin/env python3
"""Smoke-runs `graphlint run` on every bundled example model with seeded weights and inputs.

Each example must run (exit 0) and write finite outputs. An example with error findings
must be refused (exit 1) and then run with --force; one with a custom layer must say that
its code is not in the model file (exit 2). Usage: run_examples.py GRAPHLINT EXAMPLES_DIR
"""

import math
import pathlib
import struct
import subprocess
import sys
import tempfile

# Examples whose checks find errors on purpose (the flagged form of the spine example).
REFUSED = {"text_classifier_tf_one_hot"}
# Examples with a custom layer, whose code no model file holds.
CANNOT_RUN = {"text_classifier_custom_layer"}


def float32_values(path):
    """The elements of a little-endian float32 .npy file (format 1.0), as Python floats."""
    data = path.read_bytes()
    header_length = struct.unpack_from("<H", data, 8)[0]
    header = data[10:10 + header_length].decode("latin1")
    if "'<f4'" not in header:
        return []
    body = data[10 + header_length:]
    return struct.unpack(f"<{len(body) // 4}f", body)


def run(graphlint, model, out_dir, *extra):
    return subprocess.run([graphlint, "run", str(model), "--output-dir", str(out_dir), *extra],
                          capture_output=True, text=True, timeout=600)


def main():
    graphlint, examples = sys.argv[1], pathlib.Path(sys.argv[2])
    failures = 0
    for model in sorted(examples.glob("*.yaml")):
        name = model.stem
        with tempfile.TemporaryDirectory() as out:
            out_dir = pathlib.Path(out)
            result = run(graphlint, model, out_dir)
            problem = None
            if name in CANNOT_RUN:
                if result.returncode != 2 or "custom layer" not in result.stderr:
                    problem = f"expected exit 2 naming the custom layer, got {result.returncode}: {result.stderr}"
            elif name in REFUSED:
                if result.returncode != 1:
                    problem = f"expected the run to be refused (exit 1), got {result.returncode}"
                else:
                    result = run(graphlint, model, out_dir, "--force")
            if problem is None and name not in CANNOT_RUN:
                if result.returncode != 0:
                    problem = f"exit {result.returncode}: {(result.stderr or result.stdout)[:1500]}"
                else:
                    outputs = sorted(out_dir.glob("*.npy"))
                    if not outputs:
                        problem = "wrote no outputs"
                    for path in outputs:
                        if any(not math.isfinite(v) for v in float32_values(path)):
                            problem = f"{path.name} holds a NaN or an infinity"
            print(f"{'FAIL' if problem else 'PASS'} {name}" + (f"\n     {problem}" if problem else ""))
            failures += problem is not None
    print(f"{failures} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
