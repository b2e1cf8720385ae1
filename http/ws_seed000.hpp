// Seed 000's WebSocket dialect at /api/workflows/ws (SPEC §7): authenticated by the
// Authorization and X-Tenant-ID headers of the upgrade or by a first
// `{ "action": "authenticate", "token", "tenant_id" }`; `subscribe` / `unsubscribe` with
// `topics` (`execution:ID`, `workflow:ID` of the caller's tenant, admin-only
// `all_executions` and `all_workflows`; anything else is refused with permission_denied) and an optional `since: { "execution:ID": seq }` to resume; `ping`
// answers `{ "event": "pong" }`. Events are ws_messages.hpp's seed 000 messages.
#pragma once

#include <memory>

#include "http/websocket.hpp"
#include "http/ws_context.hpp"

namespace weft::http {

/// The dialect for one upgrade request: accepts it (authenticated or not yet), or refuses
/// it with 401 when it carries credentials that do not verify.
[[nodiscard]] ws_decision accept_seed000(const request& upgrade, std::shared_ptr<push_connection> connection,
                                         const ws_context& context);

}  // namespace weft::http
