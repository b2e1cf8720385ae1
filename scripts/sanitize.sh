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
source scripts/sanitizer_env.sh
# Reports also go to files (log_path: REPORT.PID, one per process): a server the tests start
# as a child process writes its stderr nowhere, and its report would be lost with it.
sanitizer_reports=$PWD/build-sanitizer-reports
mkdir -p "$sanitizer_reports"
rm -f "$sanitizer_reports"/report.*
for v in UBSAN_OPTIONS ASAN_OPTIONS TSAN_OPTIONS; do
  export "$v=${!v}:log_path=$sanitizer_reports/report"
done
# Every report of the run, the test's own or a child server's, printed and fatal.
print_reports() {
  local found=0
  for f in "$sanitizer_reports"/report.*; do
    [ -e "$f" ] || continue
    found=1
    echo "sanitize: report of process ${f##*.}:" >&2
    cat "$f" >&2
  done
  return $found
}
trap 'print_reports || exit 1' EXIT
case "$kind" in
  address)
    ./scripts/sanitizer_build.sh address
    # The console's unit tests and bundle build run no C++ of ours: the plain run has them.
    ctest --test-dir build-asan --output-on-failure -j "$jobs" -E '^(web_components|web_build)$'
    ;;
  thread)
    ./scripts/sanitizer_build.sh thread weft actors_tests http_tests app_tests
    concurrent='^(admission_test|engine_test|event_feed_test|hub_test|log_writer_test|wire_event|middleman'
    concurrent+='|busy_timer_test|passivation_test|shared_commit_test|scheduler_test|shared_json|websocket_test|websocket_one_thread_test|live_updates_test|ws_messages_test|server_test'
    concurrent+='|crash_recovery|disk_full|serve_cli|cluster|worker_pool_test)\.'
    # A server that stops on a report leaves its test waiting for it: a bound, not 25 minutes.
    ctest --test-dir build-tsan --output-on-failure -j "$jobs" --timeout 600 -R "$concurrent"
    ;;
  *) echo "sanitize: unknown kind $kind (expected address or thread)" >&2; exit 2 ;;
esac
