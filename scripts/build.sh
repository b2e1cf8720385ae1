#!/usr/bin/env bash
# Configures (once) and builds Weft in build/ with Ninja. Extra arguments go to cmake's
# configure step, e.g. scripts/build.sh -DWEFT_SANITIZE=address,undefined
set -euo pipefail
cd "$(dirname "$0")/.."
build_dir=${WEFT_BUILD_DIR:-build}
if [ ! -f "$build_dir/build.ninja" ] || [ $# -gt 0 ]; then
  cmake -S . -B "$build_dir" -G Ninja "$@" >/dev/null
fi
jobs=$(nproc 2>/dev/null || echo 2)
cmake --build "$build_dir" -- -j "$jobs"
