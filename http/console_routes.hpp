// What the web console asks before anyone signs in: GET /api/console/session answers
// { mode: "token" } (the user pastes a token), or in dev mode on a loopback address
// { mode: "dev", tenant_id, user, token } so the sign-in form comes filled in.
#pragma once

#include <functional>
#include <string>

#include "http/router.hpp"

namespace weft::http {

struct dev_session {
  std::string tenant_id;
  std::string user;
  std::function<std::string()> issue_token;  // a fresh token for that tenant and user
};

/// `dev` unset (no issue_token): outside dev mode, nobody gets a token from here.
void add_console_routes(router& public_routes, dev_session dev);

/// Whether `host` (of --listen) only accepts connections from this machine.
[[nodiscard]] bool is_loopback_host(const std::string& host);

}  // namespace weft::http
