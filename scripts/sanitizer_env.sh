# Sourced by scripts/sanitize.sh and scripts/fuzz.sh: how the sanitizers' runtimes report.
# Every sanitizer halts on its first report; suppressions (tests/sanitizers/, each with the
# reason it is not ours) are matched by function name, which needs llvm-symbolizer.
sanitizer_supp="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/tests/sanitizers"
export ASAN_SYMBOLIZER_PATH=/usr/lib/llvm-14/bin/llvm-symbolizer
sanitizer_common="print_stacktrace=1:external_symbolizer_path=$ASAN_SYMBOLIZER_PATH"
export UBSAN_OPTIONS="halt_on_error=1:$sanitizer_common:suppressions=$sanitizer_supp/ubsan.supp"
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=1:detect_stack_use_after_return=0:$sanitizer_common"
export TSAN_OPTIONS="halt_on_error=1:second_deadlock_stack=1:$sanitizer_common:suppressions=$sanitizer_supp/tsan.supp"
