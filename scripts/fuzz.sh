#!/usr/bin/env bash
# Builds the libFuzzer targets with clang (ASan + UBSan) in build-fuzz/ and runs one:
#   scripts/fuzz.sh TARGET [SECONDS]      e.g. scripts/fuzz.sh fuzz_expression 60
# The seed corpus is tests/fuzz/corpus/<name>/ (TARGET without fuzz_); what the run learns goes
# to build-fuzz/corpus/<name>/, crashes to build-fuzz/crashes/ (each becomes a regression test).
set -euo pipefail
cd "$(dirname "$0")/.."
target=${1:?usage: scripts/fuzz.sh TARGET [SECONDS]}
seconds=${2:-60}
name=${target#fuzz_}
command -v clang++ >/dev/null || { sudo=""; [ "$(id -u)" -ne 0 ] && sudo=sudo; $sudo apt-get install -y -qq --no-install-recommends clang >/dev/null; }
cmake -S . -B build-fuzz -G Ninja -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DWEFT_FUZZ=ON -DWEFT_BUILD_TESTS=OFF -DWEFT_BUILD_BENCH=OFF -DWEFT_SANITIZE=address,undefined,fuzzer-no-link >/dev/null
cmake --build build-fuzz --target "$target"
mkdir -p "build-fuzz/corpus/$name" build-fuzz/crashes
UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
  "build-fuzz/tests/fuzz/$target" -max_total_time="$seconds" -print_final_stats=1 -artifact_prefix=build-fuzz/crashes/ \
  "build-fuzz/corpus/$name" "tests/fuzz/corpus/$name"
