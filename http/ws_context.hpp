// What every WebSocket dialect needs from the node: the token check, who may follow what,
// the event feed and the registry of connections. Copied into each connection; the pointers
// must outlive the server.
#pragma once

#include <functional>
#include <memory>

#include "http/ws_access.hpp"

namespace weft::actors {
class event_feed;
}

namespace weft::http {

class authenticator;
class ws_registry;

struct ws_context {
  const authenticator* auth = nullptr;
  topic_access access;
  std::weak_ptr<actors::event_feed> feed;
  ws_registry* registry = nullptr;
  /// SPEC §6: tenants whose plan has execution-level live events only; null: none.
  std::function<bool(const std::string& tenant)> execution_level_only = nullptr;
};

}  // namespace weft::http
