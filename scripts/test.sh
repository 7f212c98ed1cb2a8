#!/usr/bin/env bash
# Quick start, step 2: install what is missing, build, and run the whole test suite twice:
# an optimized build, then one under AddressSanitizer and UndefinedBehaviorSanitizer.
#   GRAPHLINT_SKIP_SANITIZERS=1 scripts/test.sh   runs only the first pass.
set -euo pipefail
cd "$(dirname "$0")/.."
jobs=${GRAPHLINT_JOBS:-2}

bash scripts/build.sh build
ctest --test-dir build --output-on-failure -j "$jobs"

if [ "${GRAPHLINT_SKIP_SANITIZERS:-0}" != 1 ]; then
  bash scripts/build.sh build-sanitize -DCMAKE_BUILD_TYPE=Debug -DGRAPHLINT_SANITIZE=ON
  ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    ctest --test-dir build-sanitize --output-on-failure -j "$jobs"
fi
