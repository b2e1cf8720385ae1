#!/usr/bin/env bash
# Installs what is missing, builds, and runs weft. With no arguments it starts the service
# in dev mode on 127.0.0.1:8000 with its data in ./data (it prints an admin token and a
# curl line); with arguments it runs `weft ARGS...`.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
./scripts/build.sh >/dev/null
build_dir=${WEFT_BUILD_DIR:-build}
if [ $# -eq 0 ]; then
  set -- serve --dev --listen 127.0.0.1:8000 --data ./data
fi
exec "$build_dir/app/weft" "$@"
