// Role checks (SPEC §6): tenant admins (`roles: ["admin"]`) and operators (`"operator"`).
#pragma once

#include <algorithm>
#include <string>

#include <nlohmann/json.hpp>

#include "http/errors.hpp"
#include "http/message.hpp"

namespace weft::http {

/// Throws 403 permission_denied with `message` unless the caller's token has `role`.
inline void require_role(const request& req, const std::string& role, const std::string& message) {
  if (std::find(req.roles.begin(), req.roles.end(), role) == req.roles.end()) {
    throw api_failure{{errc::permission_denied, message, nlohmann::json::object()}};
  }
}

/// Tenant admins only: "<what> are managed by tenant admins".
inline void require_admin(const request& req, const std::string& what) {
  require_role(req, "admin", what + " are managed by tenant admins");
}

}  // namespace weft::http
