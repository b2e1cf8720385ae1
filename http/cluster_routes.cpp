#include "http/cluster_routes.hpp"

#include <nlohmann/json.hpp>

#include "http/roles.hpp"

namespace weft::http {

void add_cluster_routes(router& token, std::function<nlohmann::json()> describe) {
  token.add("GET", "/api/cluster", [describe = std::move(describe)](request& req) {
    require_role(req, "operator", "the cluster is seen by operators (roles: [\"operator\"])");
    return response::json(200, describe());
  });
}

}  // namespace weft::http
