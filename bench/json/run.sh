#!/usr/bin/env bash
# JSON reading benchmark (Keras model files): CPU time to read a generated Keras 2 functional
# model config of 20,000 Dense layers (about 12 MB) with simdjson's DOM parser alone (the
# anchor) and with parseJson into a Value tree with positions. Inputs: one line, as Keras'
# to_json writes it; indented; and one line again with glibc's heap on transparent huge pages
# (GLIBC_TUNABLES=glibc.malloc.hugetlb=1), to show what first touching fresh pages costs.
# "cold" is a process's first read (what a graphlint run pays), "warm" its fifth read, on
# memory earlier reads freed: what the reader itself costs. Each reader runs REPEATS times, interleaved,
# each in a fresh process; the table shows medians (min-max). Target: parseJson well under
# 0.1 s for 12 MB.
#   bench/json/run.sh [REPEATS]   (default 7; builds a Release binary in build-release)
set -euo pipefail
cd "$(dirname "$0")/../.."
repeats=${1:-7}
bash scripts/install-deps.sh
cmake -S . -B build-release -G Ninja -DCMAKE_BUILD_TYPE=Release -DGRAPHLINT_TESTS=OFF >/dev/null
ninja -C build-release -j "${GRAPHLINT_JOBS:-2}" graphlint_json_bench >/dev/null
bench=build-release/bench/graphlint_json_bench

raw=$(mktemp)
trap 'rm -f "$raw"' EXIT
for input in compact indented compact-hugepages; do
  for _ in $(seq "$repeats"); do
    for reader in dom value; do
      if [ "$input" = compact-hugepages ]; then
        echo "$input $(GLIBC_TUNABLES=glibc.malloc.hugetlb=1 "$bench" "$reader" compact)" >> "$raw"
      else
        echo "$input $("$bench" "$reader" "$input")" >> "$raw"
      fi
    done
  done
done

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); $(date -u +%Y-%m-%d); load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "command: bench/json/run.sh $repeats"
echo
python3 - "$raw" <<'PY'
import statistics, sys
from collections import defaultdict
runs = defaultdict(list)
size = {}
for line in open(sys.argv[1]):
    input_, reader, layout, nbytes, cold, warm, peak = line.split()
    runs[(input_, reader)].append((float(cold), float(warm), int(peak)))
    size[input_] = int(nbytes)
def med(xs): return statistics.median(xs)
def spread(xs): return f"{med(xs)*1e3:.0f} ({min(xs)*1e3:.0f}-{max(xs)*1e3:.0f})"
print("| input | MB | DOM cold ms | parseJson cold ms | ratio | DOM warm ms | parseJson warm ms | ratio | parseJson peak MB added |")
print("|---|---|---|---|---|---|---|---|---|")
for input_ in ("compact", "indented", "compact-hugepages"):
    dom, value = runs[(input_, "dom")], runs[(input_, "value")]
    col = lambda rs, i: [r[i] for r in rs]
    print(f"| {input_} | {size[input_]/1e6:.1f} | {spread(col(dom, 0))} | {spread(col(value, 0))} | "
          f"{med(col(value, 0))/med(col(dom, 0)):.1f} | {spread(col(dom, 1))} | {spread(col(value, 1))} | "
          f"{med(col(value, 1))/med(col(dom, 1)):.1f} | {med(col(value, 2))/1e6:.0f} |")
PY
