// The CAF actor system configuration of a Weft node: every message type registered (the
// same on every node, or messages arrive empty), the middleman loaded for clustering, and
// the scheduler sized for the machine. Built by the composition root.
#pragma once

#include <caf/actor_system_config.hpp>

namespace weft::actors {

class system_config : public caf::actor_system_config {
 public:
  system_config();
};

}  // namespace weft::actors
