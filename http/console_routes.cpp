#include "http/console_routes.hpp"

#include <nlohmann/json.hpp>

namespace weft::http {

void add_console_routes(router& public_routes, dev_session dev) {
  public_routes.add("GET", "/api/console/session", [dev = std::move(dev)](request&) {
    if (!dev.issue_token) return response::json(200, {{"mode", "token"}});
    response r = response::json(
        200, {{"mode", "dev"}, {"tenant_id", dev.tenant_id}, {"user", dev.user}, {"token", dev.issue_token()}});
    r.headers.emplace_back("Cache-Control", "no-store");
    return r;
  });
}

bool is_loopback_host(const std::string& host) {
  return host == "127.0.0.1" || host == "localhost" || host == "::1" || host == "[::1]" || host.rfind("127.", 0) == 0;
}

}  // namespace weft::http
