// A worker's link to one coordinator (SPEC §9, docs/cluster.md): joins its door, offers it a
// step runner with the worker's slots and labels, watches the door, and when it is lost
// (stopped, killed, cut off) drops the runner and joins again once the coordinator is back.
// A coordinator that refuses the worker's protocol version is final: `refused` is called.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include <caf/actor.hpp>
#include <caf/fwd.hpp>

namespace weft::actors {

struct coordinator_link_options {
  std::string address;  // HOST:PORT of the coordinator's door (--cluster-listen)
  std::string name;     // the worker's, in the coordinator's log and GET /api/cluster
  std::uint32_t slots = 1;
  std::vector<std::string> labels;
  std::uint32_t protocol = 0;  // announced; 0: this build's
  /// One line for the worker's log: "info" when joined, "warn" when waiting or lost.
  std::function<void(const std::string& level, const std::string& message)> log;
  /// The coordinator refused this worker (another protocol version); on the link's thread.
  std::function<void(const std::string& why)> refused;
};

/// Spawns the link. Send it an exit to stop it: its runner stops with it.
[[nodiscard]] caf::actor spawn_coordinator_link(caf::actor_system& sys, coordinator_link_options options);

}  // namespace weft::actors
