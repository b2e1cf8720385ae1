#!/usr/bin/env bash
# Installs every Debian 12 package Weft needs to build and run, and builds the web console
# (web/dist). With --tests, also what the tests need: the peers they talk to, Debian's
# Chromium for the console's browser tests, and the npm packages of the JavaScript tests.
# Idempotent: installs nothing (and prints nothing) when all is there.
# --print-packages [--tests]: prints the packages a fresh machine gets, one a line, and
# installs nothing (tests/build/dependencies_test.py checks the build against this list).
set -euo pipefail
for_tests=false
print_only=false
for arg in "$@"; do
  case "$arg" in
    --tests) for_tests=true ;;
    --print-packages) print_only=true ;;
    *) echo "setup: unknown argument $arg (expected --tests, --print-packages)" >&2; exit 2 ;;
  esac
done

# The build: compilers and tools, then the libraries (docs/building.md says what each is for).
packages=(
  build-essential cmake ninja-build ccache pkg-config git
  libcaf-dev libboost1.81-dev librocksdb-dev nlohmann-json3-dev
  libgtest-dev libgmock-dev libbenchmark-dev libcpp-jwt-dev libssl-dev
  libspdlog-dev prometheus-cpp-dev libvalijson-dev libcli11-dev libre2-dev
  libhowardhinnant-date-dev tzdata openssl libjemalloc-dev
)
# The tests: python3 runs the SMTP peer (aiosmtpd) and the dependency check; chromium is
# what the console's end-to-end tests drive; clang, its runtimes and llvm (its archiver, and
# llvm-symbolizer for the sanitizers' reports) build the sanitized suites and the libFuzzer
# targets (scripts/sanitize.sh, scripts/fuzz.sh, run by CI).
$for_tests && packages+=(python3 python3-aiosmtpd chromium clang libclang-rt-14-dev llvm)

# Node.js builds the web console and runs the JavaScript tests: Debian 12's (18) is enough.
# A Node.js already on the machine (another packaging of it) is used as it is.
node_packages=(nodejs npm)
if $print_only; then
  printf '%s\n' "${packages[@]}" "${node_packages[@]}"
  exit 0
fi
command -v node >/dev/null 2>&1 || packages+=(nodejs)
command -v npm >/dev/null 2>&1 || packages+=(npm)

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
if [ "$node_major" -lt 18 ]; then
  msg="the web console's build (Vite 6) needs Node.js 18 or later; this is $(node --version)"
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
