// A Google Benchmark reporter that prints one JSON object per benchmark on its own line,
// the format every Weft benchmark uses (easy to grep, diff and plot).
#pragma once

#include <cstdio>
#include <string>

#include <benchmark/benchmark.h>
#include <nlohmann/json.hpp>

namespace weft::bench {

class json_lines_reporter : public benchmark::BenchmarkReporter {
 public:
  bool ReportContext(const Context& context) override {
    nlohmann::json j = {{"context", {{"cpus", context.cpu_info.num_cpus},
                                     {"mhz_per_cpu", context.cpu_info.cycles_per_second / 1e6},
                                     {"build", WEFT_BENCH_BUILD_TYPE}}}};
    std::printf("%s\n", j.dump().c_str());
    return true;
  }

  void ReportRuns(const std::vector<Run>& runs) override {
    for (const auto& run : runs) {
      if (run.error_occurred) {
        std::printf("%s\n", nlohmann::json{{"name", run.benchmark_name()}, {"error", run.error_message}}.dump().c_str());
        continue;
      }
      const double ns = run.GetAdjustedRealTime() * to_ns(run.time_unit);
      nlohmann::json j = {{"name", run.benchmark_name()},
                          {"ns_per_op", ns},
                          {"ops_per_s", ns > 0 ? 1e9 / ns : 0.0},
                          {"iterations", run.iterations}};
      for (const auto& [k, c] : run.counters) j[k] = static_cast<double>(c);
      std::printf("%s\n", j.dump().c_str());
    }
    std::fflush(stdout);
  }

 private:
  static double to_ns(benchmark::TimeUnit unit) {
    switch (unit) {
      case benchmark::kNanosecond: return 1.0;
      case benchmark::kMicrosecond: return 1e3;
      case benchmark::kMillisecond: return 1e6;
      default: return 1e9;
    }
  }
};

}  // namespace weft::bench
