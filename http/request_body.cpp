#include "http/request_body.hpp"

#include "core/json_input.hpp"
#include "http/errors.hpp"

namespace weft::http {

nlohmann::json json_body(const request& req, bool required, nlohmann::json empty) {
  if (req.body.empty()) {
    if (required) throw api_failure{{errc::invalid_input, "the request needs a JSON body", nlohmann::json::object()}};
    return empty;
  }
  auto parsed = core::parse_json_input(req.body);
  if (!parsed.value) {
    throw api_failure{{errc::invalid_input, "malformed JSON: " + parsed.error.message,
                       parsed.error.byte ? nlohmann::json{{"byte", parsed.error.byte}} : nlohmann::json::object()}};
  }
  return std::move(*parsed.value);
}

nlohmann::json object_body(const request& req, const char* shape) {
  nlohmann::json body = json_body(req);
  if (!body.is_object()) {
    throw api_failure{{errc::invalid_input, std::string("the body must be ") + shape, nlohmann::json::object()}};
  }
  return body;
}

}  // namespace weft::http
