// The real-time gateway's front door: picks the WebSocket dialect by the upgrade's path
// (SPEC §7): seed 000 at /api/workflows/ws, seed 004 at /api/v1/ws, seed 001 at
// /api/workflow/ws/{instance_id}. Other paths answer 404 in the envelope.
#pragma once

#include "http/websocket.hpp"
#include "http/ws_access.hpp"

namespace weft::actors {
class event_feed;
}

namespace weft::http {

class authenticator;

/// `auth` must outlive the server the function is given to; connections that outlive
/// `feed` stop hearing from it.
[[nodiscard]] ws_accept_fn make_gateway(const authenticator& auth, topic_access access,
                                        std::weak_ptr<actors::event_feed> feed);

}  // namespace weft::http
