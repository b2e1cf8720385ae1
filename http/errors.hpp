// The error envelope of SPEC §7 and seed 000:
// `{ "error": { "code", "message", "details", "request_id" } }`, and the one function that
// maps our error codes to HTTP statuses. Pure.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "actors/engine_error.hpp"
#include "http/message.hpp"
#include "storage/status.hpp"

namespace weft::http {

enum class errc {
  workflow_not_found,           // 404: no such workflow for this tenant
  execution_not_found,          // 404: no such execution for this tenant
  not_found,                    // 404: no such route or resource (version, ...)
  method_not_allowed,           // 405: the route exists, not with this method
  invalid_workflow_definition,  // 422: the definition does not validate
  step_configuration_error,     // 422: a step does not validate
  invalid_input,                // 400: malformed JSON, wrong types, bad parameters
  timeout,                      // 408: the request or execution took too long
  unauthorized,                 // 401: missing, malformed, forged or expired token
  permission_denied,            // 403: authenticated, but not for this tenant or role
  tier_restriction,             // 403: the tenant's tier does not allow it
  rate_limited,                 // 429: too many requests
  payload_too_large,            // 413: body over the limit
  conflict,                     // 409: the resource changed or already exists
  internal_error,               // 500: our fault
  unavailable,                  // 503: shutting down or storage unavailable
  insufficient_storage,         // 507: the disk is full; nothing was written, retry once it is not
};

[[nodiscard]] const char* code_name(errc e) noexcept;
/// The HTTP status of each code — the only place this mapping lives.
[[nodiscard]] int http_status(errc e) noexcept;

/// An error a handler returns; becomes the envelope.
struct api_error {
  errc code = errc::internal_error;
  std::string message;
  nlohmann::json details = nlohmann::json::object();
};

/// What the engine's refusal or failure `code` means to a client, with `message`.
[[nodiscard]] api_error engine_failure(actors::engine_errc code, std::string message);
/// The same for a storage status that is not ok (a full disk, an I/O error, ...).
[[nodiscard]] api_error storage_failure(const storage::status& s);

[[nodiscard]] response error_response(const api_error& e, const std::string& request_id);
/// The envelope plus `"success": false`, for the seed routes whose clients read `success`
/// (seeds 001 and 003).
[[nodiscard]] response seed_error_response(const api_error& e, const std::string& request_id);

/// Thrown by a route handler to answer with an error; the API front door catches it. It
/// never leaves the http module.
struct api_failure {
  api_error error;
};

}  // namespace weft::http
