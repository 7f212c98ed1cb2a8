#!/usr/bin/python3
"""Driver of the executor benchmark (bench/executor/run.sh): checks that graphlint run gives
PyTorch's numbers on the three models, then times both, interleaved, and prints the tables.

  bench.py GRAPHLINT GEMM_BENCH WORKDIR ROUNDS

Every timing is one fresh process; within a round the peers alternate (graphlint, torch,
graphlint, torch, ...) per model and thread count, and each process reports the median of its
runs. The tables show the median over rounds with the min-max, and the torch/graphlint ratio as
the median of the rounds' ratios (each measured side by side).

graphlint's figures are its own `--repeat N` timing line (the executor alone, no file loading).
Its CPU time per wall time comes from two processes of the same round: one with --repeat N and
one with --repeat 1; their difference in process CPU time over their difference in wall time is
what the N-1 extra runs cost. PyTorch's comes from inside its process (torch_models.py).
"""
import os
import re
import resource
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
TORCH = [sys.executable, os.path.join(HERE, "torch_models.py")]
THREADS = (1, 2)
TOLERANCE = 1e-4  # relative to the output's largest magnitude

# model: (spec, input name, output node, runs per process)
MODELS = {
    "mlp": ("mlp.yaml", "pixels", "probabilities", 30),
    "text": ("../../specs/examples/text_classifier_embedding.yaml", "inputs", "outputs", 10),
    "cnn": ("cnn.yaml", "image", "logits", 20),
}
ONE_HOT_SPEC = "../../specs/examples/text_classifier_tf_one_hot.yaml"
ONE_HOT_RUNS = 3
# Floating-point operations of one run (multiply-adds count 2), for the rates against sgemm.
MLP_FLOPS = 2 * 256 * (784 * 1024 + 1024 * 1024 + 1024 * 10)
GEMM_SHAPES_OF = {"mlp": ("mlp.hidden1", "mlp.hidden2", "mlp.probabilities"),
                  "cnn": ("cnn.conv1", "cnn.conv2", "cnn.conv3")}


def env_for(threads):
    env = dict(os.environ)
    env["OPENBLAS_NUM_THREADS"] = env["OMP_NUM_THREADS"] = str(threads)
    return env


class Failed(Exception):
    """A process exited with an error; the message holds its command and output."""


def run_measured(command, threads):
    """Runs a process to completion; returns (stdout, its CPU seconds, wall seconds). Raises
    Failed if it exits with an error."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(command, env=env_for(threads), capture_output=True, text=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise Failed(f"{' '.join(command)} failed ({done.returncode}):\n{done.stdout}{done.stderr}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return done.stdout, cpu, wall


def graphlint_command(args, spec, weights, input_name, input_path, threads, repeat, extra=()):
    return [args.graphlint, "run", os.path.join(HERE, spec), "--weights", weights,
            "--input", f"{input_name}={input_path}", "--threads", str(threads), "--repeat", str(repeat), *extra]


def time_graphlint(args, spec, weights, input_name, input_path, threads, runs, extra=()):
    """(median ms, fastest ms, CPU/wall, CPU ms per run) of graphlint's executor."""
    base = run_measured(graphlint_command(args, spec, weights, input_name, input_path, threads, 1, extra), threads)
    out, cpu, wall = run_measured(graphlint_command(args, spec, weights, input_name, input_path, threads, runs, extra),
                                  threads)
    match = re.search(r"timing: \d+ runs, fastest ([\d.]+) ms, median ([\d.]+) ms", out)
    if not match:
        sys.exit(f"bench: no timing line in graphlint's output:\n{out}")
    extra_cpu, extra_wall = cpu - base[1], wall - base[2]
    return (float(match.group(2)), float(match.group(1)), extra_cpu / extra_wall if extra_wall > 0 else float("nan"),
            extra_cpu / (runs - 1) * 1e3)


def time_torch(args, model, threads, runs, layout="nchw"):
    """(median ms, fastest ms, CPU/wall) of model(x) in PyTorch."""
    out, _, _ = run_measured(TORCH + ["time", args.workdir, model, str(threads), str(runs), layout], threads)
    median, fastest, cpu_per_wall = (float(x) for x in out.split())
    return median, fastest, cpu_per_wall


def check(args, name, spec, weights, input_name, input_path, output, expected, extra=()):
    """graphlint's output against PyTorch's: (max abs diff, relative to the output's scale), or
    graphlint's error message when it cannot run the model (a kernel not written yet)."""
    outdir = os.path.join(args.workdir, f"out-{name}")
    try:
        run_measured(graphlint_command(args, spec, weights, input_name, input_path, 1, 1, extra) +
                     ["--output-dir", outdir], 1)
    except Failed as e:
        missing = re.findall(r"no kernel for (?:layer class|op) (\S+)", str(e))
        if missing:
            return "no kernel for " + ", ".join(dict.fromkeys(missing))
        return str(e).splitlines()[-1]
    out, _, _ = run_measured(TORCH + ["compare", expected, os.path.join(outdir, f"{output}.npy")], 1)
    diff, _, relative = (float(x) for x in out.split())
    return diff, relative


def spread(values, fmt="{:.2f}"):
    return f"{fmt.format(statistics.median(values))} ({fmt.format(min(values))}-{fmt.format(max(values))})"


class Args:
    def __init__(self, argv):
        self.graphlint, self.gemm_bench, self.workdir, self.rounds = argv[1], argv[2], argv[3], int(argv[4])


def main(argv):
    if len(argv) != 5:
        sys.exit(__doc__)
    args = Args(argv)
    w = args.workdir
    run_measured(TORCH + ["prepare", w], 1)
    one_hot_batch = int(os.environ.get("ONE_HOT_BATCH", "64"))
    import numpy as np  # only the driver's one_hot input needs it
    np.save(f"{w}/text_small.input.npy", np.load(f"{w}/text.input.npy")[:one_hot_batch])

    # Correctness first: a benchmark on wrong numbers is worthless.
    checks = {}
    for name, (spec, input_name, output, _) in MODELS.items():
        checks[name] = check(args, name, spec, f"{w}/{name}.npz", input_name, f"{w}/{name}.input.npy", output,
                             f"{w}/{name}.expected.npy")
    np.save(f"{w}/text_small.expected.npy", np.load(f"{w}/text.expected.npy")[:one_hot_batch])
    checks["text_one_hot"] = check(args, "text_one_hot", ONE_HOT_SPEC, f"{w}/text_one_hot.npz", "inputs",
                                   f"{w}/text_small.input.npy", "outputs", f"{w}/text_small.expected.npy",
                                   ["--force"])

    timings = {}  # (model, threads, peer) -> list over rounds
    gemm = {}  # (library, threads, shape) -> list of (median ms, gflops, cpu/wall)
    gemm_dims = {}
    for _ in range(args.rounds):
        for threads in THREADS:
            out, _, _ = run_measured([args.gemm_bench, str(threads)], threads)
            for line in out.splitlines():
                library, t, shape, m, n, k, median, _, gflops, cpu_per_wall = line.split()
                gemm.setdefault((library, int(t), shape), []).append((float(median), float(gflops), float(cpu_per_wall)))
                gemm_dims[shape] = (int(m), int(n), int(k))
        for name, (spec, input_name, _, runs) in MODELS.items():
            if isinstance(checks[name], str):
                continue
            for threads in THREADS:
                timings.setdefault((name, threads, "graphlint"), []).append(
                    time_graphlint(args, spec, f"{w}/{name}.npz", input_name, f"{w}/{name}.input.npy", threads, runs))
                layouts = ("nchw", "channels_last") if name == "cnn" else ("nchw",)
                for layout in layouts:
                    timings.setdefault((name, threads, f"torch-{layout}"), []).append(
                        time_torch(args, name, threads, runs, layout))
        for threads in THREADS if not any(isinstance(checks[k], str) for k in ("text", "text_one_hot")) else ():
            for form, spec, weights in (("embedding", MODELS["text"][0], f"{w}/text.npz"),
                                        ("one_hot", ONE_HOT_SPEC, f"{w}/text_one_hot.npz")):
                timings.setdefault((f"text-{form}", threads, "graphlint"), []).append(
                    time_graphlint(args, spec, weights, "inputs", f"{w}/text_small.input.npy", threads, ONE_HOT_RUNS,
                                   ["--force"] if form == "one_hot" else []))

    report(args, checks, timings, gemm, gemm_dims, one_hot_batch)


def report(args, checks, timings, gemm, gemm_dims, one_hot_batch):
    print("Correctness (graphlint run --output-dir against PyTorch, same weights and inputs):")
    print()
    print("| model | max abs diff | relative to output scale | within 1e-4 |")
    print("|---|---|---|---|")
    for name, result in checks.items():
        if isinstance(result, str):
            print(f"| {name} | not run: {result} | | |")
            continue
        diff, relative = result
        print(f"| {name} | {diff:.2e} | {relative:.2e} | {'yes' if relative <= TOLERANCE else 'NO'} |")
    print()
    print("Models (ms per run, median over rounds of each process's median; CPU/wall proves the threads):")
    print()
    print("| model | batch | threads | graphlint ms | torch ms | torch layout | torch/graphlint | "
          "graphlint CPU/wall | torch CPU/wall |")
    print("|---|---|---|---|---|---|---|---|---|")
    medians = {}
    for name in MODELS:
        for threads in THREADS if (name, 1, "graphlint") in timings else ():
            ours = timings[(name, threads, "graphlint")]
            layouts = [k[2] for k in timings if k[0] == name and k[1] == threads and k[2].startswith("torch")]
            best = min(layouts, key=lambda peer: statistics.median(r[0] for r in timings[(name, threads, peer)]))
            theirs = timings[(name, threads, best)]
            ratios = [t[0] / g[0] for g, t in zip(ours, theirs)]
            medians[(name, threads)] = statistics.median(r[0] for r in ours)
            others = [p for p in layouts if p != best]
            other = "".join(f"; {p[6:]} {statistics.median(r[0] for r in timings[(name, threads, p)]):.1f}"
                            for p in others)
            print(f"| {name} | {BATCH_OF[name]} | {threads} | {spread([r[0] for r in ours], '{:.1f}')} | "
                  f"{spread([r[0] for r in theirs], '{:.1f}')} | {best[6:]}{other} | {spread(ratios)} | "
                  f"{statistics.median(r[2] for r in ours):.2f} | {statistics.median(r[2] for r in theirs):.2f} |")
    print()
    print("sgemm (graphlint's sgemm() on OpenBLAS; Eigen 3 with the project's flags, one thread), GFLOP/s:")
    print()
    libraries = sorted({(lib, t) for lib, t, _ in gemm}, key=lambda x: (x[0] != "openblas", x[1]))
    print("| product | m x n x k | " + " | ".join(f"{lib} {t}T" for lib, t in libraries) + " |")
    print("|---|---|" + "---|" * len(libraries))
    for shape, (m, n, k) in gemm_dims.items():
        cells = [spread([g[1] for g in gemm[(lib, t, shape)]], "{:.0f}") if (lib, t, shape) in gemm else "-"
                 for lib, t in libraries]
        print(f"| {shape} | {m} x {n} x {k} | " + " | ".join(cells) + " |")
    print()
    print("Matrix-product models against the sgemm rate of their own products:")
    print()
    print("| model | threads | FLOPs per run | graphlint GFLOP/s | sgemm time of its products ms | fraction of sgemm rate |")
    print("|---|---|---|---|---|---|")
    for name, shapes in GEMM_SHAPES_OF.items():
        flops = sum(2 * gemm_dims[s][0] * gemm_dims[s][1] * gemm_dims[s][2] for s in shapes)
        for threads in THREADS if (name, 1) in medians else ():
            product_ms = sum(statistics.median(g[0] for g in gemm[("openblas", threads, s)]) for s in shapes)
            ours = medians[(name, threads)]
            print(f"| {name} | {threads} | {flops / 1e6:.0f} M | {flops / ours / 1e6:.1f} | {product_ms:.2f} | "
                  f"{product_ms / ours:.2f} |")
    print()
    print(f"Spine text classifier, Embedding form against one_hot form in graphlint (batch {one_hot_batch}):")
    print()
    print("| form | threads | graphlint ms | CPU/wall | one_hot / embedding |")
    print("|---|---|---|---|---|")
    for threads in THREADS if ("text-embedding", 1, "graphlint") in timings else ():
        embedding = timings[("text-embedding", threads, "graphlint")]
        for form in ("embedding", "one_hot"):
            rs = timings[(f"text-{form}", threads, "graphlint")]
            ratio = spread([r[0] / e[0] for r, e in zip(rs, embedding)]) if form == "one_hot" else "1"
            print(f"| {form} | {threads} | {spread([r[0] for r in rs], '{:.1f}')} | "
                  f"{statistics.median(r[2] for r in rs):.2f} | {ratio} |")


BATCH_OF = {"mlp": 256, "text": 64, "cnn": 64}

if __name__ == "__main__":
    main(sys.argv)
