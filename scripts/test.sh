#!/usr/bin/env bash
# Installs what is missing, builds everything, and runs the whole test suite with CTest.
# WEFT_SEEDS_DIR (the folder of the product's seed documents) lets the seed clients' test
# run; without it that test is reported skipped.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh --tests
./scripts/build.sh "$@"
build_dir=${WEFT_BUILD_DIR:-build}
jobs=$(nproc 2>/dev/null || echo 2)
if [ -z "${WEFT_SEEDS_DIR:-}" ]; then
  echo "test: WEFT_SEEDS_DIR is not set: seed_js_clients (the seed documents' JavaScript clients) will be skipped" >&2
fi
ctest --test-dir "$build_dir" --output-on-failure -j "$jobs"
