// Tenants and plans over HTTP (SPEC §6): `GET /api/tenants/me` and
// `GET /api/tenants/me/usage` for any user of a tenant (each limit with its current use,
// for a front end to draw); `PUT` and `GET /api/admin/tenants/{id}` for operators (tokens
// with `roles: ["operator"]`) to set a tenant's tier and per-limit overrides. And the front
// door's rate limit (SPEC §6): executions and writes per tenant and per user.
#pragma once

#include <cstdint>
#include <optional>

#include "http/message.hpp"
#include "http/router.hpp"

namespace weft::services {
class tenant_service;
}

namespace weft::http {

/// `me` routes go in `tenant`; admin routes in `token` (an operator's token names its own
/// tenant, not the one it manages).
void add_tenant_routes(router& tenant, router& token, services::tenant_service& tenants);

/// For api_options::rate_limit: execute calls (…/execute, …/test-execute) and writes (any
/// other POST, PUT, PATCH, DELETE) count against the caller's buckets; the seconds to wait
/// when one is empty.
[[nodiscard]] std::optional<std::int64_t> rate_limit(services::tenant_service& tenants, const request& req);

}  // namespace weft::http
