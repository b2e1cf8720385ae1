// The benchmark workloads (chain10, fanout8, sleepers; SPEC §10), read from this folder by
// the benchmarks and by the tests that run them. WEFT_WORKLOADS_DIR comes from the
// weft_workloads CMake target.
#pragma once

#include <fstream>
#include <iterator>
#include <stdexcept>
#include <string>

#include <nlohmann/json.hpp>

namespace weft::bench {

/// The file of workload `name` (a file name in bench/workloads/, without `.json`), as written.
inline std::string workload_text(const std::string& name) {
  const std::string path = std::string(WEFT_WORKLOADS_DIR) + "/" + name + ".json";
  std::ifstream in(path);
  if (!in) throw std::runtime_error("no benchmark workload at " + path);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

/// The definition of workload `name`.
inline nlohmann::json workload(const std::string& name) { return nlohmann::json::parse(workload_text(name)); }

}  // namespace weft::bench
