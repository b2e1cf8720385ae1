// What every WebSocket dialect needs from the node: the token check, who may follow what,
// the event feed and the registry of connections. Copied into each connection; the pointers
// must outlive the server.
#pragma once

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
};

}  // namespace weft::http
