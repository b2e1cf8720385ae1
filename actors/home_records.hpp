// Record collections in a sharded cluster (docs/cluster.md): saveRecords and fetchData see one
// set of collections, kept on the catalogue's home. A coordinator that is not the home gives
// its steps an environment whose record operations ask the home's door (records_save,
// records_scan, page by page); everything else in it stays its own.
#pragma once

#include <memory>
#include <string>

#include <caf/fwd.hpp>

namespace weft::nodes {
struct step_environment;
}

namespace weft::actors {

class cluster_peers;

/// `local` with its record operations on coordinator `home`, reached through `peers` (a step
/// of a record type runs on its own thread, which waits for the home's answer). While the
/// home is away, they fail with a message saying so, and the step's retry policy applies.
[[nodiscard]] std::shared_ptr<const nodes::step_environment> with_records_on_home(
    std::shared_ptr<const nodes::step_environment> local, caf::actor_system& sys, std::shared_ptr<const cluster_peers> peers,
    std::string home);

}  // namespace weft::actors
