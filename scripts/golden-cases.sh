#!/usr/bin/env bash
# Lists the golden cases (relative to the repository root), one per line.
cd "$(dirname "$0")/.."
ls specs/examples/*.yaml tests/golden/*.yaml tests/golden/*.cmd tests/bad_input/*.yaml tests/bad_input/*.cmd tests/bad_input/*.json tests/bad_input/*.h5 tests/bad_input/*.keras 2>/dev/null | sort
