#!/usr/bin/env bash
# Executor benchmark (issue 5): graphlint run against PyTorch (Debian's python3-torch, on
# /usr/bin/python3) on three models with the same weights and inputs: an MLP 784-1024-1024-10
# (batch 256), the spine text classifier in its Embedding form (vocabulary 10000, sequence 200,
# batch 64) and a small CNN (three Conv2D-BatchNormalization-ReLU-MaxPool blocks on 32x32x3,
# batch 64), on 1 and 2 threads; graphlint's sgemm() rate on the models' own matrix products;
# and the spine example's one_hot form against its Embedding form in graphlint.
# It first checks that graphlint's outputs equal PyTorch's within 1e-4 of the output scale.
# Each round runs every measurement once, in fresh processes, the peers alternating; medians
# (min-max) over ROUNDS rounds. See bench/executor/bench.py for what each figure is.
#   bench/executor/run.sh [REPEATS]   (default 5 rounds; builds a Release binary in build-release)
# ONE_HOT_BATCH=N sets the batch of the one_hot comparison (default 64, the model's batch).
set -euo pipefail
cd "$(dirname "$0")/../.."
repeats=${1:-5}
bash scripts/install-deps.sh
cmake -S . -B build-release -G Ninja -DCMAKE_BUILD_TYPE=Release -DGRAPHLINT_TESTS=OFF >/dev/null
ninja -C build-release -j "${GRAPHLINT_JOBS:-2}" graphlint graphlint_gemm_bench >/dev/null

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); $(date -u +%Y-%m-%d); load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "peers: graphlint $(git rev-parse --short HEAD); PyTorch $(/usr/bin/python3 -c 'import torch; print(torch.__version__)')"
echo "command: bench/executor/run.sh $repeats"
echo
/usr/bin/python3 bench/executor/bench.py build-release/graphlint build-release/bench/graphlint_gemm_bench "$work" "$repeats"
echo
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
