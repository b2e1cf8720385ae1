// Tenant secrets (SPEC §3): `PUT /api/secrets/{name}` `{ "value" }` (write-only),
// `GET /api/secrets` (names and times, never values), `DELETE /api/secrets/{name}`. Tenant
// admins only: a secret is the tenant's, not one user's.
#pragma once

#include "http/router.hpp"

namespace weft::services {
class secret_service;
}

namespace weft::http {

void add_secret_routes(router& r, services::secret_service& secrets);

}  // namespace weft::http
