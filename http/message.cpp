// Small helpers of request and response. Pure.
#include "http/message.hpp"


#include <nlohmann/json.hpp>

#include "core/random_id.hpp"

namespace weft::http {

const std::string& request::header(const std::string& name) const {
  static const std::string empty;
  auto it = headers.find(name);
  return it == headers.end() ? empty : it->second;
}

std::string request::query_or(const std::string& name, const std::string& fallback) const {
  auto it = query.find(name);
  return it == query.end() ? fallback : it->second;
}

response response::json(int status, const nlohmann::json& body) {
  response r;
  r.status = status;
  r.body = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return r;
}

response response::text(int status, std::string body, std::string content_type) {
  response r;
  r.status = status;
  r.content_type = std::move(content_type);
  r.body = std::move(body);
  return r;
}

std::string new_request_id() { return core::random_id("", 32); }

response response::no_content() {
  response r;
  r.status = 204;
  r.content_type.clear();
  return r;
}

}  // namespace weft::http
