#!/usr/bin/env bash
# Builds Weft with sanitizers in its own folder and runs the tests under them (CI runs it):
#   scripts/sanitize.sh address   ASan + UBSan in build-asan/, the whole suite
# A report fails the test that made it: every sanitizer halts on its first error. Needs what
# scripts/setup.sh --tests installs. (ThreadSanitizer over the concurrent suites comes next.)
set -euo pipefail
cd "$(dirname "$0")/.."
kind=${1:?usage: scripts/sanitize.sh address}
jobs=$(nproc 2>/dev/null || echo 2)
# -O1 -g1: the optimisation sanitizer runs usually take (fast enough to run the suite, less
# to compile than -O2 -g); line tables are all a report needs.
common=(-G Ninja -DCMAKE_BUILD_TYPE=Debug "-DCMAKE_CXX_FLAGS_DEBUG=-O1 -g1" -DWEFT_BUILD_BENCH=OFF)
case "$kind" in
  address)
    dir=build-asan
    cmake -S . -B "$dir" "${common[@]}" -DWEFT_SANITIZE=address,undefined >/dev/null
    cmake --build "$dir" -- -j "$jobs"
    export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:detect_stack_use_after_return=0
    export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
    # The console's unit tests and bundle build run no C++ of ours: the plain run has them.
    ctest --test-dir "$dir" --output-on-failure -j "$jobs" -E '^(web_components|web_build)$'
    ;;
  *) echo "sanitize: unknown kind $kind (expected address)" >&2; exit 2 ;;
esac
