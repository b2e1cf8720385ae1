#include "http/secret_routes.hpp"

#include <algorithm>

#include <nlohmann/json.hpp>

#include "http/errors.hpp"
#include "http/request_body.hpp"
#include "http/roles.hpp"
#include "services/secret_service.hpp"

namespace weft::http {
namespace {

using json = nlohmann::json;
using kind = services::service_error::kind;

response answer(const services::outcome& o, int status) {
  if (o.ok()) return o.value().is_null() ? response::no_content() : response::json(status, o.value());
  const auto& e = o.error();
  const errc code = e.what == kind::invalid_input ? errc::invalid_input : e.what == kind::not_found ? errc::not_found : errc::internal_error;
  throw api_failure{{code, e.message, e.details}};
}

}  // namespace

void add_secret_routes(router& r, services::secret_service& secrets) {
  r.add("PUT", "/api/secrets/{name}", [&secrets](request& req) {
    require_admin(req, "secrets");
    const json body = object_body(req, "{ \"value\": \"...\" }");
    return answer(secrets.put({req.tenant, req.user}, req.params["name"], body.value("value", json())), 200);
  });
  r.add("GET", "/api/secrets", [&secrets](request& req) {
    require_admin(req, "secrets");
    return answer(secrets.list({req.tenant, req.user}), 200);
  });
  r.add("DELETE", "/api/secrets/{name}", [&secrets](request& req) {
    require_admin(req, "secrets");
    return answer(secrets.remove({req.tenant, req.user}, req.params["name"]), 204);
  });
}

}  // namespace weft::http
