#!/usr/bin/env bash
# Installs what is missing, builds, and runs weft. With no arguments it validates the
# example workflow (the service's `serve` command arrives with the storage and HTTP issue);
# with arguments it runs `weft ARGS...`.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
./scripts/build.sh >/dev/null
build_dir=${WEFT_BUILD_DIR:-build}
if [ $# -eq 0 ]; then
  set -- validate schemas/examples/valid/data_enrichment.json
fi
exec "$build_dir/app/weft" "$@"
