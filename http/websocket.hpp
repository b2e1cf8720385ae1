// WebSocket upgrades without Beast types (SPEC §7): the server accepts an upgrade when a
// ws_accept_fn says so, and runs the connection; the dialect (a push_handler) gets each text
// message and sends through its push_connection.
#pragma once

#include <functional>
#include <memory>

#include "http/message.hpp"
#include "http/push.hpp"

namespace weft::http {

/// An upgrade request's fate: a handler to accept it, or an HTTP answer refusing it.
struct ws_decision {
  std::unique_ptr<push_handler> handler;
  response refusal;
};

/// Called for every WebSocket upgrade request, on a worker thread (it may verify a token
/// and read storage).
using ws_accept_fn = std::function<ws_decision(const request& upgrade, std::shared_ptr<push_connection> connection)>;

}  // namespace weft::http
