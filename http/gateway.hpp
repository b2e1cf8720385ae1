// The real-time gateway's front door: picks the WebSocket dialect by the upgrade's path
// (SPEC §7): seed 000 at /api/workflows/ws, seed 004 at /api/v1/ws, seed 001 at
// /api/workflow/ws/{instance_id}. Other paths answer 404 in the envelope.
#pragma once

#include "http/websocket.hpp"
#include "http/ws_context.hpp"

namespace weft::http {

/// The context's authenticator, services and registry must outlive the server the function
/// is given to; connections that outlive the feed stop hearing from it.
[[nodiscard]] ws_accept_fn make_gateway(ws_context context);

}  // namespace weft::http
