#!/usr/bin/env bash
# Installs every Debian 12 package Weft needs to build, test and run.
# Idempotent: installs nothing (and prints nothing) when all is there.
set -euo pipefail

packages=(
  build-essential cmake ninja-build ccache pkg-config git
  libcaf-dev libboost1.81-dev librocksdb-dev nlohmann-json3-dev
  libgtest-dev libgmock-dev libbenchmark-dev libcpp-jwt-dev libssl-dev
  libspdlog-dev prometheus-cpp-dev libvalijson-dev libcli11-dev
  openssl libhowardhinnant-date-dev tzdata python3-aiosmtpd
)

# Node.js runs the seeds' JavaScript clients in the tests; Debian's will do if none is there.
command -v node >/dev/null 2>&1 || packages+=(nodejs npm)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if [ ${#missing[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  echo "setup: installing ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# The npm packages of the JavaScript tests (tests/js, pinned by its package-lock.json).
root="$(cd "$(dirname "$0")/.." && pwd)"
if [ ! -d "$root/tests/js/node_modules/ws" ]; then
  (cd "$root/tests/js" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
fi
