// `GET /api/cluster` (SPEC §9, docs/cluster.md): the nodes this coordinator knows — itself and
// the workers that joined — with their roles, slots, load and health, and who owns which
// shard of executions. For operators (tokens with `roles: ["operator"]`): it names machines.
#pragma once

#include <functional>

#include <nlohmann/json_fwd.hpp>

#include "http/router.hpp"

namespace weft::http {

/// `describe` gives the document (app/serve_command.cpp builds it from the node's pool).
void add_cluster_routes(router& token, std::function<nlohmann::json()> describe);

}  // namespace weft::http
