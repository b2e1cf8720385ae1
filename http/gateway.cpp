#include "http/gateway.hpp"

#include <nlohmann/json.hpp>

#include "http/errors.hpp"
#include "http/ws_seed000.hpp"
#include "http/ws_seed001.hpp"
#include "http/ws_seed004.hpp"

namespace weft::http {

ws_accept_fn make_gateway(const authenticator& auth, topic_access access, std::weak_ptr<actors::event_feed> feed) {
  return [&auth, access, feed](const request& upgrade, std::shared_ptr<ws_connection> connection) -> ws_decision {
    if (upgrade.path == "/api/workflows/ws") return accept_seed000(upgrade, std::move(connection), auth, access, feed);
    if (upgrade.path == "/api/v1/ws") return accept_seed004(upgrade, std::move(connection), auth, access, feed);
    if (upgrade.path.rfind("/api/workflow/ws/", 0) == 0) return accept_seed001(upgrade, std::move(connection), auth, access, feed);
    return {nullptr, error_response({errc::not_found, "no WebSocket endpoint at '" + upgrade.path.substr(0, 128) + "'",
                                     nlohmann::json::object()},
                                    new_request_id())};
  };
}

}  // namespace weft::http
