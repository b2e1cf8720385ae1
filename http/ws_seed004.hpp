// Seed 004's WebSocket dialect at /api/v1/ws?token=JWT (SPEC §7): `connection`/`connected`
// with a connection_id on open, the `user:ID` room joined automatically, `subscribe` /
// `unsubscribe` by `room_id` (`execution:ID`, `workflow:ID` of the caller's tenant; an
// optional `since` seq to resume) answered `subscription` / `subscribed` | `unsubscribed`,
// `execution_update` and `node_update` events, `ping` → `pong`, and
// `{ "type": "error", "message": "Access denied to room", "room_id" }` for rooms that are
// not the caller's.
#pragma once

#include <memory>

#include "http/websocket.hpp"
#include "http/ws_context.hpp"

namespace weft::http {

/// Accepts an upgrade whose token (query `token`, or an Authorization header) verifies;
/// refuses it with 401 otherwise.
[[nodiscard]] ws_decision accept_seed004(const request& upgrade, std::shared_ptr<push_connection> connection,
                                         const ws_context& context);

}  // namespace weft::http
