// Role checks for routes that only a tenant admin may use (SPEC §6: `roles: ["admin"]`).
#pragma once

#include <algorithm>
#include <string>

#include <nlohmann/json.hpp>

#include "http/errors.hpp"
#include "http/message.hpp"

namespace weft::http {

/// Throws 403 permission_denied ("<what> are managed by tenant admins") unless the caller
/// is a tenant admin.
inline void require_admin(const request& req, const std::string& what) {
  if (std::find(req.roles.begin(), req.roles.end(), "admin") == req.roles.end()) {
    throw api_failure{{errc::permission_denied, what + " are managed by tenant admins", nlohmann::json::object()}};
  }
}

}  // namespace weft::http
