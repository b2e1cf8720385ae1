// The benchmark workloads (chain10, fanout8, sleepers; SPEC §10), read from this folder by
// the benchmarks and by the tests that run them. WEFT_WORKLOADS_DIR comes from the
// weft_workloads CMake target.
#pragma once

#include <fstream>
#include <stdexcept>
#include <string>

#include <nlohmann/json.hpp>

namespace weft::bench {

/// The definition of workload `name` (a file name in bench/workloads/, without `.json`).
inline nlohmann::json workload(const std::string& name) {
  const std::string path = std::string(WEFT_WORKLOADS_DIR) + "/" + name + ".json";
  std::ifstream in(path);
  if (!in) throw std::runtime_error("no benchmark workload at " + path);
  return nlohmann::json::parse(in);
}

}  // namespace weft::bench
