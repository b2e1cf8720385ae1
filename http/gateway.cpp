#include "http/gateway.hpp"

#include <nlohmann/json.hpp>

#include "http/errors.hpp"
#include "http/ws_seed000.hpp"
#include "http/ws_seed001.hpp"
#include "http/ws_seed004.hpp"

namespace weft::http {

ws_accept_fn make_gateway(ws_context context) {
  return [context](const request& upgrade, std::shared_ptr<push_connection> connection) -> ws_decision {
    if (upgrade.path == "/api/workflows/ws") return accept_seed000(upgrade, std::move(connection), context);
    if (upgrade.path == "/api/v1/ws") return accept_seed004(upgrade, std::move(connection), context);
    if (upgrade.path.rfind("/api/workflow/ws/", 0) == 0) return accept_seed001(upgrade, std::move(connection), context);
    return {nullptr, error_response({errc::not_found, "no WebSocket endpoint at '" + upgrade.path.substr(0, 128) + "'",
                                     nlohmann::json::object()},
                                    new_request_id())};
  };
}

}  // namespace weft::http
