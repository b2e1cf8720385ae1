#!/usr/bin/env bash
# Builds Weft with sanitizers in its own folder and runs the tests under them (CI runs both):
#   scripts/sanitize.sh address   ASan + UBSan in build-asan/, the whole suite
#   scripts/sanitize.sh thread    TSan in build-tsan/, the concurrent suites (actors, hub,
#                                 event feed, WebSocket and SSE, crash and restart)
# A report fails the test that made it: every sanitizer halts on its first error. The TSan
# suppressions (tests/sanitizers/tsan.supp) are for reports inside CAF or RocksDB only, each
# with its reason. Needs what scripts/setup.sh --tests installs.
set -euo pipefail
cd "$(dirname "$0")/.."
kind=${1:?usage: scripts/sanitize.sh address|thread}
root=$(pwd)
jobs=$(nproc 2>/dev/null || echo 2)
# -O1 -g1: sanitizer builds an eighth slower to compile than -O2 -g, and line tables are
# all a report needs.
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
  thread)
    dir=build-tsan
    cmake -S . -B "$dir" "${common[@]}" -DWEFT_SANITIZE=thread >/dev/null
    cmake --build "$dir" --target weft actors_tests http_tests app_tests storage_tests storage_crash_writer -- -j "$jobs"
    export TSAN_OPTIONS="halt_on_error=1:second_deadlock_stack=1:suppressions=$root/tests/sanitizers/tsan.supp"
    ctest --test-dir "$dir" --output-on-failure -j "$jobs" \
      -R '^(engine_test|event_feed_test|hub_test|log_writer_test|passivation_test|admission_test|busy_timer_test|middleman|websocket_test|live_updates_test|server_test|crash|crash_recovery|serve_cli|disk_full)\.'
    ;;
  *) echo "sanitize: unknown kind $kind (expected address or thread)" >&2; exit 2 ;;
esac
