#!/usr/bin/env bash
# Scale benchmark (issue 3): check-plus-inference CPU time and peak memory per node for
# generated specs of 1k, 10k and 100k nodes, as deep chains and wide DAGs. Each size runs
# REPEATS times in fresh processes; the table shows medians (min-max).
# The anchors: time per node should stay flat as the graph grows (ratio to the 1k size), and
# 100k nodes should check in well under 1 s of CPU.
#   bench/scale/run.sh [REPEATS]   (default 5; builds a Release binary in build-release)
set -euo pipefail
cd "$(dirname "$0")/../.."
repeats=${1:-5}
bash scripts/install-deps.sh
cmake -S . -B build-release -G Ninja -DCMAKE_BUILD_TYPE=Release -DGRAPHLINT_TESTS=OFF >/dev/null
ninja -C build-release -j "${GRAPHLINT_JOBS:-2}" graphlint_scale_bench >/dev/null
bench=build-release/bench/graphlint_scale_bench

raw=$(mktemp)
trap 'rm -f "$raw"' EXIT
for kind in chain wide; do
  for size in 1000 10000 100000; do
    for _ in $(seq "$repeats"); do "$bench" "$kind" "$size" >> "$raw"; done
  done
done

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); $(date -u +%Y-%m-%d)"
echo "command: bench/scale/run.sh $repeats"
echo
python3 - "$raw" <<'PY'
import statistics, sys
from collections import defaultdict
runs = defaultdict(list)
for line in open(sys.argv[1]):
    kind, nodes, size, startup, load, check, peak, errors = line.split()
    runs[(kind, int(nodes))].append((int(size), float(startup), float(load), float(check), int(peak)))
def med(xs): return statistics.median(xs)
def spread(xs, scale, fmt): return f"{fmt.format(med(xs)*scale)} ({fmt.format(min(xs)*scale)}-{fmt.format(max(xs)*scale)})"
print("| graph | nodes | spec MB | check CPU ms | check us/node | vs 1k | load (YAML) CPU ms | peak MB added | KB/node |")
print("|---|---|---|---|---|---|---|---|---|")
base = {}
for (kind, nodes), rs in sorted(runs.items()):
    check = [r[3] for r in rs]; load = [r[2] for r in rs]; peak = [r[4] for r in rs]
    per_node = med(check) / nodes * 1e6
    base.setdefault(kind, per_node)
    print(f"| {kind} | {nodes:,} | {rs[0][0]/1e6:.1f} | {spread(check, 1e3, '{:.1f}')} | {per_node:.2f} | "
          f"{per_node/base[kind]:.2f} | {spread(load, 1e3, '{:.0f}')} | {med(peak)/1e6:.0f} | {med(peak)/nodes/1e3:.2f} |")
startup = [r[1] for rs in runs.values() for r in rs]
print()
print(f"catalogue start-up (parsing the compiled-in rules/backend_ops.yaml, once per process): "
      f"{med(startup)*1e3:.1f} ms median")
PY
