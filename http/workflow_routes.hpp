// The canonical workflow routes of SPEC §7 (`/api/workflows...`), on a router.
#pragma once

#include "http/router.hpp"

namespace weft::services {
class workflow_service;
struct service_error;
}

namespace weft::http {

void add_workflow_routes(router& r, services::workflow_service& workflows);

/// The envelope error for a workflow service error (not_found is workflow_not_found), for
/// every route that reads or writes workflows.
[[nodiscard]] api_error workflow_api_error(const services::service_error& e);

}  // namespace weft::http
