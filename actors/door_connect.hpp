// Reaching another node's cluster door (docs/cluster.md) without holding a thread: the
// middleman actor connects (`connect_atom`) and the asking actor hears the answer as a message.
// A worker's coordinator links and a coordinator's peer connectors both join doors this way.
#pragma once

#include <functional>
#include <string>

#include <caf/actor.hpp>
#include <caf/fwd.hpp>

namespace weft::actors {

/// Asks the middleman to connect `self` to the door published at `address` (HOST:PORT): calls
/// `reached` with the door, or `unreachable` when nothing answers there (within 10 s).
void connect_to_door(caf::event_based_actor* self, const std::string& address, std::function<void(caf::actor door)> reached,
                     std::function<void()> unreachable);

}  // namespace weft::actors
