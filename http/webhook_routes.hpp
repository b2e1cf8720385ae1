// Webhook triggers (SPEC §3): `POST /api/hooks/{tenant}/{path...}` starts the tenant's
// workflow whose `webhook` step has that `path`, with the request as its input
// `{ method, path, query, headers, body }`. With the step's `secret` (a tenant secret's
// name) the request must carry `X-Weft-Signature: sha256=<hex HMAC-SHA256 of the body>`.
// It answers 202 `{ execution_id, status }`, or with `respond: "on_completion"` waits (up
// to 30 s) and answers the finished execution. No bearer token: the path (and the
// signature) are the credentials; an unknown hook is 404 either way.
#pragma once

#include "http/router.hpp"

namespace weft::actors {
class engine_client;
}
namespace weft::services {
class workflow_service;
class secret_service;
}  // namespace weft::services

namespace weft::http {

void add_webhook_routes(router& public_routes, services::workflow_service& workflows, const services::secret_service& secrets,
                        actors::engine_client& engine);

}  // namespace weft::http
