#!/usr/bin/env bash
# Builds the libFuzzer targets with clang (ASan + UBSan) in build-fuzz/ and runs them:
#   scripts/fuzz.sh TARGET [SECONDS]   one target, e.g. scripts/fuzz.sh fuzz_expression 1800
#   scripts/fuzz.sh all [SECONDS]      every target in turn, SECONDS each (CI: a smoke run)
# The seed corpus is tests/fuzz/corpus/<name>/ (TARGET without fuzz_); what a run learns goes
# to build-fuzz/corpus/<name>/, crashes to build-fuzz/crashes/ (each becomes a regression
# test). A finding fails the script.
set -euo pipefail
cd "$(dirname "$0")/.."
target=${1:?usage: scripts/fuzz.sh TARGET|all [SECONDS]}
seconds=${2:-60}
targets=(fuzz_expression fuzz_definition fuzz_codecs fuzz_cron fuzz_jwt fuzz_request_target fuzz_websocket)
[ "$target" = all ] || targets=("$target")
./scripts/setup.sh --tests  # clang and its fuzzer runtime among them; quiet when all is there
cmake -S . -B build-fuzz -G Ninja -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DWEFT_FUZZ=ON -DWEFT_BUILD_TESTS=OFF -DWEFT_BUILD_BENCH=OFF -DWEFT_SANITIZE=address,undefined,fuzzer-no-link >/dev/null
cmake --build build-fuzz --target "${targets[@]}" -- -j "$(nproc 2>/dev/null || echo 2)"
mkdir -p build-fuzz/crashes
for t in "${targets[@]}"; do
  name=${t#fuzz_}
  mkdir -p "build-fuzz/corpus/$name"
  echo "fuzz: $t for ${seconds}s" >&2
  UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 ASAN_OPTIONS=detect_leaks=1 \
    "build-fuzz/tests/fuzz/$t" -max_total_time="$seconds" -print_final_stats=1 -artifact_prefix=build-fuzz/crashes/ \
    "build-fuzz/corpus/$name" "tests/fuzz/corpus/$name"
done
