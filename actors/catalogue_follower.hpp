// A coordinator that is not the catalogue's home keeps its copy of the catalogue current
// (SPEC §9, docs/cluster.md): told of each new write by the home's door — and nudged when it
// joins the home, to catch up — it pulls the writes it lacks, applies them in order
// (storage::database::apply_catalogue), and has the node forget what it cached of the tenants
// they touched. A front that sent a catalogue write on to the home waits here until this
// copy has it, so the caller reads its own write on this node next.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <caf/actor.hpp>
#include <caf/fwd.hpp>

namespace weft::storage {
class database;
}

namespace weft::actors {

class cluster_peers;

struct catalogue_follower_options {
  storage::database* db = nullptr;                   // set_catalogue_role(follower) done
  std::shared_ptr<const cluster_peers> peers;        // where the home's door is, while joined
  std::string home;                                  // the home's name
  /// After each applied write: the tenants it touched (their cached settings, workflows and
  /// catalogs must be read again).
  std::function<void(const std::vector<std::string>& tenants)> applied;
  std::function<void(const std::string& level, const std::string& message)> log;
};

[[nodiscard]] caf::actor spawn_catalogue_follower(caf::actor_system& sys, catalogue_follower_options options);

/// Calls `then` once the follower's copy has catalogue write `seq`, or after `at_most`
/// (the home may have gone away meanwhile); on one of the follower's threads.
void when_catalogue_has(const caf::actor& follower, std::uint64_t seq, std::function<void()> then,
                        std::chrono::milliseconds at_most = std::chrono::seconds(5));

}  // namespace weft::actors
