#!/usr/bin/env bash
# Configures and builds Weft with sanitizers, with clang, in a folder of its own:
#   scripts/sanitizer_build.sh address [TARGET...]   build-asan/: ASan + UBSan, the tests and
#                                                    the libFuzzer targets in one build
#   scripts/sanitizer_build.sh thread [TARGET...]    build-tsan/: TSan, against a CAF built
#                                                    with TSan too (below)
# No TARGET: everything the folder builds. scripts/sanitize.sh (the suites) and
# scripts/fuzz.sh (the fuzzers) call it; it first installs what scripts/setup.sh --tests does
# (clang, its runtimes, llvm), quietly when all is there.
#
# One ASan build serves both the suite and the fuzzers: the fuzzers' coverage instrumentation
# (fuzzer-no-link) costs the tests little, and a second instrumented build of everything
# would cost CI tens of minutes. Debug at -O1 -g1: assertions on (nlohmann's among them
# catch a missing key read from a const object), the optimisation sanitizer runs usually
# take, and line tables are all a report needs.
#
# ThreadSanitizer sees only what is instrumented: Debian's libcaf_core hands messages between
# threads through atomics that TSan cannot see, so every message would read as a race. The
# thread build therefore compiles CAF 0.17.6 itself, from Debian's own source package (the
# one libcaf-dev is built from; apt checks it against Debian's signed index), with TSan, into
# build-tsan/caf, once; ccache keeps it cheap afterwards.
set -euo pipefail
cd "$(dirname "$0")/.."
kind=${1:?usage: scripts/sanitizer_build.sh address|thread [TARGET...]}
shift
./scripts/setup.sh --tests
jobs=$(nproc 2>/dev/null || echo 2)
common=(-G Ninja -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=Debug "-DCMAKE_CXX_FLAGS_DEBUG=-O1 -g1"
        -DWEFT_BUILD_BENCH=OFF)

# CAF 0.17.6 (core and io) with TSan into build-tsan/caf.
build_caf_with_tsan() {
  local root=$PWD/build-tsan/caf
  [ -f "$root/lib/libcaf_core.so" ] && [ -f "$root/lib/libcaf_io.so" ] && return 0
  local work=$PWD/build-tsan/caf-source
  rm -rf "$work" && mkdir -p "$work/sources.list.d" "$work/lists/partial"
  # Debian's source index, read into a folder of our own: the machine's apt set-up is left
  # as it is.
  cat >"$work/sources.list.d/debian-src.sources" <<'EOF'
Types: deb-src
URIs: http://deb.debian.org/debian
Suites: bookworm
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
EOF
  local apt=(apt-get -qq -o Dir::Etc::SourceList=/dev/null -o "Dir::Etc::SourceParts=$work/sources.list.d"
             -o "Dir::State::Lists=$work/lists" -o APT::Sandbox::User=root)
  "${apt[@]}" update
  # Only the upstream tarball is needed. Its receive_buffer.hpp uses std::numeric_limits
  # without <limits> (newer libstdc++ no longer brings it in on the way): the build
  # includes it first rather than patching the source.
  (cd "$work" && "${apt[@]}" source --download-only actor-framework >/dev/null 2>&1 || true)
  local tarball
  tarball=$(ls "$work"/actor-framework_0.17.6.orig.tar.* 2>/dev/null | head -1)
  [ -n "$tarball" ] || { echo "sanitizer_build: could not fetch CAF 0.17.6's source from Debian" >&2; exit 1; }
  tar -xf "$tarball" -C "$work"
  echo "sanitizer_build: building CAF 0.17.6 with ThreadSanitizer (once)" >&2
  cmake -S "$work/actor-framework-0.17.6" -B "$work/build" -G Ninja -DCMAKE_BUILD_TYPE=Release \
    -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_CXX_COMPILER_LAUNCHER=ccache \
    "-DCMAKE_CXX_FLAGS=-fsanitize=thread -O1 -g1 -include limits" "-DCMAKE_SHARED_LINKER_FLAGS=-fsanitize=thread" \
    -DCAF_NO_AUTO_LIBCPP=yes -DCAF_NO_EXAMPLES=yes -DCAF_NO_UNIT_TESTS=yes -DCAF_NO_OPENSSL=yes \
    -DCAF_NO_OPENCL=yes -DCAF_NO_PYTHON=yes -DCAF_NO_TOOLS=yes -DCAF_NO_SUMMARY=yes \
    -DCMAKE_INSTALL_PREFIX="$root" >/dev/null
  if ! cmake --build "$work/build" -- -j "$jobs" >"$work/build.log" 2>&1; then
    tail -40 "$work/build.log" >&2
    echo "sanitizer_build: CAF's build failed (whole log: $work/build.log)" >&2
    exit 1
  fi
  cmake --install "$work/build" >/dev/null
}

case "$kind" in
  address)
    dir=build-asan
    cmake -S . -B "$dir" "${common[@]}" -DWEFT_FUZZ=ON -DWEFT_SANITIZE=address,undefined,fuzzer-no-link >/dev/null
    ;;
  thread)
    dir=build-tsan
    build_caf_with_tsan
    # The instrumented CAF is found first; its folder is on the programs' run path.
    cmake -S . -B "$dir" "${common[@]}" -DWEFT_SANITIZE=thread -DCMAKE_PREFIX_PATH="$PWD/build-tsan/caf" \
      -DCMAKE_BUILD_RPATH="$PWD/build-tsan/caf/lib" >/dev/null
    ;;
  *) echo "sanitizer_build: unknown kind $kind (expected address or thread)" >&2; exit 2 ;;
esac
if [ $# -gt 0 ]; then
  cmake --build "$dir" --target "$@" -- -j "$jobs"
else
  cmake --build "$dir" -- -j "$jobs"
fi
