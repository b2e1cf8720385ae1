#!/usr/bin/env bash
# Installs every Debian 12 package Weft needs to build and run, and builds the web console
# (web/dist). With --tests, also what the tests need: Debian's Chromium for the console's
# browser tests and the npm packages of the JavaScript tests.
# Idempotent: installs nothing (and prints nothing) when all is there.
set -euo pipefail
for_tests=false
[ "${1:-}" = "--tests" ] && for_tests=true

packages=(
  build-essential cmake ninja-build ccache pkg-config git
  libcaf-dev libboost1.81-dev librocksdb-dev nlohmann-json3-dev
  libgtest-dev libgmock-dev libbenchmark-dev libcpp-jwt-dev libssl-dev
  libspdlog-dev prometheus-cpp-dev libvalijson-dev libcli11-dev
  openssl libhowardhinnant-date-dev tzdata
)
# The tests' own peers: an SMTP server, and the browser the console's end-to-end tests drive.
$for_tests && packages+=(python3-aiosmtpd chromium)

# Node.js builds the web console and runs the JavaScript tests; Debian's if none is there.
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

root="$(cd "$(dirname "$0")/.." && pwd)"
node_major=$(node -p 'process.versions.node.split(".")[0]')
if [ "$node_major" -lt 20 ]; then
  msg="the web console's build (Vite) needs Node.js 20 or later; this is $(node --version)"
  if $for_tests; then
    echo "setup: $msg" >&2
    exit 1
  fi
  echo "setup: $msg: the service runs without its console" >&2
  exit 0
fi

# npm packages, pinned by each package-lock.json: installed again when the lock changes.
npm_ci() {
  if [ ! -f "$1/node_modules/.package-lock.json" ] || [ "$1/package-lock.json" -nt "$1/node_modules/.package-lock.json" ]; then
    (cd "$1" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
  fi
}
npm_ci "$root/web"
$for_tests && npm_ci "$root/tests/js"

# The web console, built again when any of its sources is newer than the build.
web="$root/web"
if [ ! -f "$web/dist/index.html" ] ||
   [ -n "$(find "$web/src" "$web/public" "$web/index.html" "$web/vite.config.ts" "$web/package-lock.json" \
             -newer "$web/dist/index.html" -print -quit)" ]; then
  echo "setup: building the web console (web/dist)" >&2
  (cd "$web" && node scripts/build.mjs)
fi
