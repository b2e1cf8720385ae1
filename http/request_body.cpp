#include "http/request_body.hpp"

#include "core/json_input.hpp"
#include "http/errors.hpp"

namespace weft::http {

nlohmann::json object_body(const request& req, const char* shape) {
  if (req.body.empty()) return nlohmann::json::object();
  auto parsed = core::parse_json_input(req.body);
  if (!parsed.value) {
    throw api_failure{{errc::invalid_input, "malformed JSON: " + parsed.error.message, nlohmann::json::object()}};
  }
  if (!parsed.value->is_object()) {
    throw api_failure{{errc::invalid_input, std::string("the body must be ") + shape, nlohmann::json::object()}};
  }
  return std::move(*parsed.value);
}

}  // namespace weft::http
