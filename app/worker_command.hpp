// `weft worker --join HOST:PORT[,HOST:PORT]`: a node that runs step attempts for coordinators
// (SPEC §9, docs/cluster.md). It joins each through its door, offers each a runner with its
// slots and labels, and runs what it is sent until SIGINT or SIGTERM; when a coordinator goes
// away (seen at once through a monitor on its door) it joins again once that one is back.
#pragma once

#include <cstdint>
#include <iosfwd>
#include <string>
#include <vector>

namespace weft::app {

struct worker_options {
  std::vector<std::string> join;    // HOST:PORT of each coordinator's --cluster-listen
  std::uint32_t slots = 8;          // attempts at once, offered to each coordinator
  std::vector<std::string> labels;  // steps pinned to a label go only to workers with it
  std::string name;                 // in the coordinator's log and GET /api/cluster; default: host and pid
  /// Cluster protocol to announce; 0: this build's. Only for testing that a coordinator
  /// refuses a worker of another version.
  std::uint32_t protocol = 0;
};

/// Exit codes: 0 stopped by a signal, 2 bad options or refused by the coordinator.
[[nodiscard]] int run_worker(const worker_options& options, std::ostream& out, std::ostream& err);

}  // namespace weft::app
