// Seed 001's WebSocket dialect at /api/workflow/ws/{instance_id} (SPEC §7): an instance is
// a saved workflow; every event of its executions goes out as
// `{ event_type, data, timestamp }` (data carries execution_id, step_id, seq, status).
// The token comes in `?token=` or the Authorization header; an instance of another tenant
// (or none) refuses the upgrade with 404. The first message, `event_type: "subscribed"`,
// says it listens. Read-only, but `{ "type": "ping" }` gets a pong.
#pragma once

#include <memory>

#include "http/websocket.hpp"
#include "http/ws_context.hpp"

namespace weft::http {

[[nodiscard]] ws_decision accept_seed001(const request& upgrade, std::shared_ptr<push_connection> connection,
                                         const ws_context& context);

}  // namespace weft::http
