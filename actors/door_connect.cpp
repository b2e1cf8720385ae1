#include "actors/door_connect.hpp"

#include <chrono>
#include <cstdint>
#include <set>

#include <caf/all.hpp>
#include <caf/io/middleman.hpp>

namespace weft::actors {

void connect_to_door(caf::event_based_actor* self, const std::string& address, std::function<void(caf::actor door)> reached,
                     std::function<void()> unreachable) {
  const auto colon = address.rfind(':');
  const std::string host = address.substr(0, colon);
  const auto port = static_cast<std::uint16_t>(std::stoi(address.substr(colon + 1)));
  self->request(self->system().middleman().actor_handle(), std::chrono::seconds(10), caf::connect_atom::value, host, port)
      .then(
          [reached, unreachable](const caf::node_id&, caf::strong_actor_ptr& door, const std::set<std::string>&) {
            if (!door) return unreachable();
            reached(caf::actor_cast<caf::actor>(door));
          },
          [unreachable](caf::error&) { unreachable(); });
}

}  // namespace weft::actors
