#!/usr/bin/env bash
# Builds the libFuzzer targets (clang, ASan + UBSan: the build-asan/ of
# scripts/sanitizer_build.sh, which the sanitized suite shares) and runs them:
#   scripts/fuzz.sh TARGET [SECONDS]   one target, e.g. scripts/fuzz.sh fuzz_expression 1800
#   scripts/fuzz.sh all [SECONDS]      every target in turn, SECONDS each (CI: a smoke run)
# The seed corpus is tests/fuzz/corpus/<name>/ (TARGET without fuzz_); what a run learns goes
# to build-asan/fuzz/corpus/<name>/, crashes to build-asan/fuzz/crashes/ (each becomes a
# regression test). A finding fails the script.
set -euo pipefail
cd "$(dirname "$0")/.."
target=${1:?usage: scripts/fuzz.sh TARGET|all [SECONDS]}
seconds=${2:-60}
targets=(fuzz_expression fuzz_definition fuzz_codecs fuzz_cron fuzz_jwt fuzz_request_target fuzz_websocket)
[ "$target" = all ] || targets=("$target")
./scripts/sanitizer_build.sh address "${targets[@]}"
source scripts/sanitizer_env.sh
out=build-asan/fuzz
mkdir -p "$out/crashes"
for t in "${targets[@]}"; do
  name=${t#fuzz_}
  mkdir -p "$out/corpus/$name"
  echo "fuzz: $t for ${seconds}s" >&2
  "build-asan/tests/fuzz/$t" -max_total_time="$seconds" -print_final_stats=1 -artifact_prefix="$out/crashes/" \
    "$out/corpus/$name" "tests/fuzz/corpus/$name"
done
