#!/usr/bin/env bash
# Keras import benchmark (issue 4): CPU time and peak memory of a whole `graphlint check` run
# (read, parse JSON, import, every pass and rule, print) on a generated Keras 2.13 functional
# model of 20,000 layers (about 12 MB of JSON, as model.to_json() writes it), and on 2,000 for
# scale. Target from the issue: well under a second for the 20,000-layer file. Each size runs
# REPEATS times in fresh processes; medians (min-max).
#   bench/keras/run.sh [REPEATS]   (default 7; builds a Release binary in build-release)
set -euo pipefail
cd "$(dirname "$0")/../.."
repeats=${1:-7}
bash scripts/install-deps.sh
cmake -S . -B build-release -G Ninja -DCMAKE_BUILD_TYPE=Release -DGRAPHLINT_TESTS=OFF >/dev/null
ninja -C build-release -j "${GRAPHLINT_JOBS:-2}" graphlint >/dev/null

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
raw=$work/raw
for layers in 2000 20000; do
  python3 bench/keras/generate.py "$layers" "$work/model_$layers.json"
done
# "default": as graphlint runs (it restarts with glibc's heap on huge pages, see
# src/support/Allocator.h); "4k-pages": with that turned off.
for _ in $(seq "$repeats"); do
  for layers in 2000 20000; do
    model=$work/model_$layers.json
    for pages in default 4k-pages; do
      # %U %S: user and system CPU seconds; %M: peak resident KB. Exit 0: the model is clean.
      if [ "$pages" = 4k-pages ]; then export GRAPHLINT_NO_HUGE_PAGES=1; else unset GRAPHLINT_NO_HUGE_PAGES; fi
      /usr/bin/time -f "$pages $layers $(stat -c %s "$model") %U %S %M" -a -o "$raw" \
        build-release/graphlint check "$model" > /dev/null
    done
  done
done
unset GRAPHLINT_NO_HUGE_PAGES

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); $(date -u +%Y-%m-%d); load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "command: bench/keras/run.sh $repeats"
echo
python3 - "$raw" <<'PY'
import statistics, sys
from collections import defaultdict
runs = defaultdict(list)
for line in open(sys.argv[1]):
    pages, layers, size, user, system, peak = line.split()
    runs[(int(layers), pages)].append((int(size), float(user) + float(system), int(peak)))
print("| layers | JSON MB | heap pages | graphlint check CPU s | us per layer | peak RSS MB |")
print("|---|---|---|---|---|---|")
for (layers, pages), rs in sorted(runs.items()):
    cpu = [r[1] for r in rs]
    med = statistics.median(cpu)
    print(f"| {layers:,} | {rs[0][0]/1e6:.1f} | {pages} | {med:.2f} ({min(cpu):.2f}-{max(cpu):.2f}) | "
          f"{med/layers*1e6:.0f} | {statistics.median(r[2] for r in rs)/1024:.0f} |")
PY
