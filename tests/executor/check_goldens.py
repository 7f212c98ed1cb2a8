#!/usr/bin/env python3
"""Runs graphlint's executor on every golden case and compares its outputs with TF.js's.

Each tests/executor/golden/<case>/ (written by scripts/tfjs-executor-goldens/generate.sh) holds
model.json, weights.npz, inputs/<name>.npy, expected/<output>.npy and case.json. For each case:
    graphlint run <case>/model.json --weights <case>/weights.npz
                  --input NAME=<case>/inputs/NAME.npy ... --output-dir TMP
then every expected/<output>.npy must have a TMP/<output>.npy of the same shape whose values
agree: max |actual - expected| <= tolerance * max(1, max |expected|), tolerance 1e-5 unless the
case's case.json sets "tolerance" (with a reason in its notes).

Python standard library only (CI has no numpy): .npy files are read here, for the dtypes the
goldens and the executor write ('<f4', '<f8', '<i4', '<i8', '|b1', '|u1').

usage: check_goldens.py GRAPHLINT_BINARY GOLDEN_DIR [--only CASE]...
exit status: 0 if every case passes, 1 if any fails, 2 on bad usage
"""
import argparse
import ast
import json
import math
import pathlib
import struct
import subprocess
import sys
import tempfile

DEFAULT_TOLERANCE = 1e-5
RUN_TIMEOUT_SECONDS = 120

# descr -> (struct format character, size in bytes)
NPY_TYPES = {
    "<f4": ("f", 4), "<f8": ("d", 8), "<i4": ("i", 4), "<i8": ("q", 8), "|b1": ("?", 1), "|u1": ("B", 1),
}


class NpyError(Exception):
    pass


def read_npy(path):
    """(shape, flat list of values in C order) of a .npy file of one of NPY_TYPES."""
    data = pathlib.Path(path).read_bytes()
    if data[:6] != b"\x93NUMPY":
        raise NpyError(f"{path}: not a .npy file (bad magic)")
    major = data[6]
    if major == 1:
        header_length, start = struct.unpack_from("<H", data, 8)[0], 10
    elif major in (2, 3):
        header_length, start = struct.unpack_from("<I", data, 8)[0], 12
    else:
        raise NpyError(f"{path}: unsupported .npy version {major}")
    header = ast.literal_eval(data[start:start + header_length].decode("latin-1"))
    descr, fortran, shape = header["descr"], header["fortran_order"], tuple(header["shape"])
    if descr not in NPY_TYPES:
        raise NpyError(f"{path}: unsupported dtype {descr!r} (supported: {', '.join(NPY_TYPES)})")
    code, size = NPY_TYPES[descr]
    count = math.prod(shape)
    body = data[start + header_length:]
    if len(body) != count * size:
        raise NpyError(f"{path}: shape {shape} of {descr} needs {count * size} bytes, file has {len(body)}")
    values = list(struct.unpack(f"<{count}{code}", body))
    if fortran and len(shape) > 1:
        values = fortran_to_c(values, shape)
    return shape, values


def fortran_to_c(values, shape):
    out = [None] * len(values)
    for c_index in range(len(values)):
        rest, f_index, stride = c_index, 0, 1
        coords = []
        for dim in reversed(shape):
            coords.append(rest % dim)
            rest //= dim
        coords.reverse()
        for coord, dim in zip(coords, shape):
            f_index += coord * stride
            stride *= dim
        out[c_index] = values[f_index]
    return out


def unravel(flat_index, shape):
    coords = []
    for dim in reversed(shape):
        coords.append(flat_index % dim)
        flat_index //= dim
    return tuple(reversed(coords))


def compare(expected_path, actual_path, tolerance):
    """None if the arrays agree, else a message saying where they differ most."""
    if not actual_path.exists():
        return f"no output file {actual_path.name}"
    expected_shape, expected = read_npy(expected_path)
    try:
        actual_shape, actual = read_npy(actual_path)
    except NpyError as error:
        return str(error)
    if actual_shape != expected_shape:
        return f"shape {list(actual_shape)} != expected {list(expected_shape)}"
    scale = max([1.0] + [abs(v) for v in expected])
    limit = tolerance * scale
    worst_index, worst_error = None, -1.0
    for i, (e, a) in enumerate(zip(expected, actual)):
        error = abs(float(a) - e) if math.isfinite(a) else math.inf
        if error > worst_error:
            worst_index, worst_error = i, error
    if worst_index is None or worst_error <= limit:
        return None
    where = list(unravel(worst_index, expected_shape))
    return (f"max abs error {worst_error:.3g} > {limit:.3g} at {where}: "
            f"got {actual[worst_index]!r}, expected {expected[worst_index]!r}")


def run_case(binary, case_dir, out_dir):
    """(failures, number of outputs compared) for one case; failures are messages."""
    facts = json.loads((case_dir / "case.json").read_text())
    tolerance = float(facts.get("tolerance", DEFAULT_TOLERANCE))
    command = [binary, "run", str(case_dir / "model.json"), "--weights", str(case_dir / "weights.npz")]
    for input_fact in facts["inputs"]:
        command += ["--input", f"{input_fact['name']}={case_dir / input_fact['file']}"]
    command += ["--output-dir", str(out_dir)]
    # A case whose file Keras 3 would reject (TF.js' own spellings) but whose numbers are
    # still checked says why in "force".
    if facts.get("force"):
        command.append("--force")
    try:
        run = subprocess.run(command, capture_output=True, text=True, timeout=RUN_TIMEOUT_SECONDS)
    except subprocess.TimeoutExpired:
        return [f"graphlint run took over {RUN_TIMEOUT_SECONDS} s"], 0
    if run.returncode != 0:
        message = (run.stderr.strip() or run.stdout.strip())[:800]
        return [f"graphlint run exited {run.returncode}: {message}"], 0
    failures = []
    expected_files = sorted((case_dir / "expected").glob("*.npy"))
    for expected_path in expected_files:
        problem = compare(expected_path, out_dir / expected_path.name, tolerance)
        if problem:
            failures.append(f"{expected_path.stem}: {problem}")
    return failures, len(expected_files)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("graphlint")
    parser.add_argument("golden_dir", type=pathlib.Path)
    parser.add_argument("--only", action="append", default=[], metavar="CASE", help="check only this case (repeatable)")
    args = parser.parse_args()

    cases = sorted(p for p in args.golden_dir.iterdir() if (p / "case.json").is_file())
    if not cases:
        print(f"no cases (no */case.json) under {args.golden_dir}")
        return 2
    if args.only:
        unknown = sorted(set(args.only) - {p.name for p in cases})
        if unknown:
            print(f"unknown case(s): {', '.join(unknown)}")
            return 2
        cases = [p for p in cases if p.name in args.only]

    failed = 0
    for case_dir in cases:
        with tempfile.TemporaryDirectory(prefix=f"golden-{case_dir.name}-") as out_dir:
            try:
                failures, compared = run_case(args.graphlint, case_dir, pathlib.Path(out_dir))
            except (NpyError, OSError, KeyError, ValueError) as error:
                failures, compared = [f"cannot check: {error}"], 0
        if failures:
            failed += 1
            print(f"FAIL {case_dir.name}")
            for failure in failures:
                print(f"     {failure}")
        else:
            print(f"PASS {case_dir.name} ({compared} output{'s' if compared != 1 else ''})")
    print(f"{len(cases) - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
