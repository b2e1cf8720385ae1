// The `http` step (SPEC §3): renders method, URL, headers, query and body from the context,
// sends the request with a timeout and the Idempotency-Key `{execution_id}:{step_id}`, and
// returns { status, headers, body, success }. Blocks its calling thread for at most the
// timeout, so it runs in a detached step-run actor. Beast stays in http_step.cpp.
#pragma once

#include <optional>
#include <string>

#include "nodes/step_handler.hpp"

namespace weft::nodes {

/// Runs one attempt of an http step (http or https). Failure codes: `invalid_url`,
/// `unsupported_scheme`, `connection_error`, `tls_error` (handshake, untrusted or mismatched
/// certificate), `timeout`, `http_4xx`, `http_5xx` (when fail_on_status, the default),
/// `expression_error`.
[[nodiscard]] step_result run_http_step(const step_context& ctx, const std::string& idempotency_key);

/// A request with its templates already rendered: what run_http_step sends, and what other
/// steps that call HTTP APIs (llm) build themselves, so data is never read as a template.
struct http_call {
  std::string method = "GET";
  std::string url;
  nlohmann::json headers = nlohmann::json::object();
  nlohmann::json query = nlohmann::json::object();
  std::optional<nlohmann::json> body;  // a string is sent as text, anything else as JSON
  bool fail_on_status = true;
  std::string response_type = "auto";  // auto | json | text
  std::int64_t timeout_ms = 30'000;
  std::shared_ptr<cancellation> cancel;  // closes the connection when the attempt is abandoned; may be null
};

/// Sends `call` (blocking for at most its timeout); the same output and failure codes as
/// run_http_step.
[[nodiscard]] step_result send_http(const http_call& call, const std::string& idempotency_key);

struct parsed_url {
  std::string scheme;
  std::string host;
  std::string port;
  std::string target;  // path and query
};
/// Splits an absolute http(s) URL; false when it is not one.
[[nodiscard]] bool parse_url(const std::string& url, parsed_url& out);

}  // namespace weft::nodes
