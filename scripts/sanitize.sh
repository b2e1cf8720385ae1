#!/usr/bin/env bash
# Runs the tests under sanitizers (CI runs both):
#   scripts/sanitize.sh address   ASan + UBSan (build-asan/): the whole suite
#   scripts/sanitize.sh thread    TSan (build-tsan/): the concurrent suites — the actors, the
#                                 hub and event feed, WebSocket and SSE, crash and restart
# scripts/sanitizer_build.sh builds them. Every sanitizer halts on its first report, so a
# report fails the test that made it. A report inside a dependency is suppressed in
# tests/sanitizers/ (each suppression says why it is not ours); none is allowed in our code.
set -euo pipefail
cd "$(dirname "$0")/.."
kind=${1:?usage: scripts/sanitize.sh address|thread}
jobs=$(nproc 2>/dev/null || echo 2)
supp=$PWD/tests/sanitizers
# clang's runtimes symbolize with llvm-symbolizer (suppressions by function name need it).
export ASAN_SYMBOLIZER_PATH=/usr/lib/llvm-14/bin/llvm-symbolizer
export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1:suppressions=$supp/ubsan.supp:external_symbolizer_path=$ASAN_SYMBOLIZER_PATH"
case "$kind" in
  address)
    ./scripts/sanitizer_build.sh address
    export ASAN_OPTIONS="detect_leaks=1:abort_on_error=1:detect_stack_use_after_return=0:external_symbolizer_path=$ASAN_SYMBOLIZER_PATH"
    # The console's unit tests and bundle build run no C++ of ours: the plain run has them.
    ctest --test-dir build-asan --output-on-failure -j "$jobs" -E '^(web_components|web_build)$'
    ;;
  thread)
    ./scripts/sanitizer_build.sh thread weft actors_tests http_tests app_tests
    export TSAN_OPTIONS="halt_on_error=1:second_deadlock_stack=1:suppressions=$supp/tsan.supp:external_symbolizer_path=$ASAN_SYMBOLIZER_PATH"
    concurrent='^(admission_test|engine_test|event_feed_test|hub_test|log_writer_test|wire_event|middleman'
    concurrent+='|busy_timer_test|passivation_test|websocket_test|live_updates_test|ws_messages_test|server_test'
    concurrent+='|crash_recovery|disk_full|serve_cli)\.'
    # A server that stops on a report leaves its test waiting for it: a bound, not 25 minutes.
    ctest --test-dir build-tsan --output-on-failure -j "$jobs" --timeout 600 -R "$concurrent"
    ;;
  *) echo "sanitize: unknown kind $kind (expected address or thread)" >&2; exit 2 ;;
esac
