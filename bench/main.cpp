// Runs every registered benchmark and prints JSON lines (see json_lines_reporter.hpp).
// Usage: weft_bench_core [--benchmark_filter=REGEX] [--benchmark_min_time=0.5]
#include "bench/json_lines_reporter.hpp"

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  weft::bench::json_lines_reporter reporter;
  benchmark::RunSpecifiedBenchmarks(&reporter);
  benchmark::Shutdown();
  return 0;
}
