// Error codes, their statuses and the envelope.
#include "http/errors.hpp"

namespace weft::http {

const char* code_name(errc e) noexcept {
  switch (e) {
    case errc::workflow_not_found: return "workflow_not_found";
    case errc::execution_not_found: return "execution_not_found";
    case errc::not_found: return "not_found";
    case errc::method_not_allowed: return "method_not_allowed";
    case errc::invalid_workflow_definition: return "invalid_workflow_definition";
    case errc::step_configuration_error: return "step_configuration_error";
    case errc::invalid_input: return "invalid_input";
    case errc::timeout: return "timeout";
    case errc::unauthorized: return "unauthorized";
    case errc::permission_denied: return "permission_denied";
    case errc::tier_restriction: return "tier_restriction";
    case errc::rate_limited: return "rate_limited";
    case errc::payload_too_large: return "payload_too_large";
    case errc::conflict: return "conflict";
    case errc::internal_error: return "internal_error";
    case errc::unavailable: return "unavailable";
    case errc::insufficient_storage: return "insufficient_storage";
  }
  return "internal_error";
}

int http_status(errc e) noexcept {
  switch (e) {
    case errc::workflow_not_found:
    case errc::execution_not_found:
    case errc::not_found: return 404;
    case errc::method_not_allowed: return 405;
    case errc::invalid_workflow_definition:
    case errc::step_configuration_error: return 422;
    case errc::invalid_input: return 400;
    case errc::timeout: return 408;
    case errc::unauthorized: return 401;
    case errc::permission_denied:
    case errc::tier_restriction: return 403;
    case errc::rate_limited: return 429;
    case errc::payload_too_large: return 413;
    case errc::conflict: return 409;
    case errc::internal_error: return 500;
    case errc::unavailable: return 503;
    case errc::insufficient_storage: return 507;
  }
  return 500;
}

api_error engine_failure(actors::engine_errc code, std::string message) {
  using actors::engine_errc;
  errc e = errc::internal_error;
  switch (code) {
    case engine_errc::not_found: e = errc::execution_not_found; break;
    case engine_errc::already_exists: e = errc::conflict; break;
    case engine_errc::invalid_definition: e = errc::invalid_workflow_definition; break;
    case engine_errc::storage_full: e = errc::insufficient_storage; break;
    case engine_errc::storage_failed:
    case engine_errc::timeout: e = errc::unavailable; break;
    case engine_errc::none:
    case engine_errc::internal:
    case engine_errc::incompatible_peer: e = errc::internal_error; break;
  }
  return {e, std::move(message), nlohmann::json::object()};
}

api_error storage_failure(const storage::status& s) {
  switch (s.which()) {
    case storage::status::code::no_space: return {errc::insufficient_storage, s.message(), nlohmann::json::object()};
    case storage::status::code::io_error: return {errc::unavailable, s.message(), nlohmann::json::object()};
    default: return {errc::internal_error, s.to_string(), nlohmann::json::object()};
  }
}

namespace {

// The envelope of seed 000, `success: false` added for the seeds whose clients check it.
response error_envelope(const api_error& e, const std::string& request_id, bool with_success) {
  nlohmann::json body = {{"error",
                          {{"code", code_name(e.code)}, {"message", e.message}, {"details", e.details}, {"request_id", request_id}}}};
  if (with_success) body["success"] = false;
  response r = response::json(http_status(e.code), body);
  if (e.code == errc::unauthorized) r.headers.emplace_back("WWW-Authenticate", "Bearer");
  return r;
}

}  // namespace

response error_response(const api_error& e, const std::string& request_id) { return error_envelope(e, request_id, false); }

response seed_error_response(const api_error& e, const std::string& request_id) { return error_envelope(e, request_id, true); }

}  // namespace weft::http
