// Every outgoing HTTP call of the steps (http, llm, custom components) goes through here:
// asynchronous Beast operations on one io_context shared by the process and run by its own
// two threads, so a call in flight holds a socket, never a thread. Each call has its own
// strand, a deadline covering resolve, connect, handshake, write and read, and a
// cancellation that closes its socket. Beast stays in http_client.cpp.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>
#include <variant>

#include <nlohmann/json.hpp>

#include "nodes/cancellation.hpp"
#include "nodes/step_handler.hpp"

namespace weft::nodes {

/// A request with its templates already rendered, so data is never read as a template.
struct http_call {
  std::string method = "GET";
  std::string url;
  nlohmann::json headers = nlohmann::json::object();
  nlohmann::json query = nlohmann::json::object();
  std::optional<nlohmann::json> body;  // a string is sent as text, anything else as JSON
  bool fail_on_status = true;
  std::string response_type = "auto";  // auto | json | text
  std::int64_t timeout_ms = 30'000;
  std::string idempotency_key;           // sent as Idempotency-Key (SPEC §5)
  std::vector<std::string> secret_headers;  // headers holding a secret: redacted in a failure's request
  std::shared_ptr<cancellation> cancel;  // closes the connection when the attempt is abandoned; may be null
};

/// Sends `call` and calls `done` exactly once, on one of the client's threads, with
/// { status, headers, body, success } or a failure: `invalid_url`, `unsupported_scheme`,
/// `invalid_config`, `connection_error`, `tls_error` (handshake, untrusted or mismatched
/// certificate), `timeout`, `cancelled`, `http_4xx` / `http_5xx` (when fail_on_status).
/// Never blocks the caller.
void send_http(http_call call, std::function<void(step_result)> done);

/// An attempt that must make an outside call before it knows its result: the call, and what
/// its answer makes of the attempt (null: the answer is the result). `then` runs on the
/// client's thread, so it owns everything it reads.
struct pending_call {
  http_call call;
  std::function<step_result(step_result answer)> then;
};

/// How a step that calls out begins: its result at once (a bad config, a missing secret),
/// or the call to make.
using step_start = std::variant<step_result, pending_call>;

/// Makes the call, if any, and waits for the result: for tools and tests. Actors never
/// wait; the step-run actor sends the call and receives its answer as a message.
[[nodiscard]] step_result wait_for(step_start start);

struct parsed_url {
  std::string scheme;
  std::string host;
  std::string port;
  std::string target;  // path and query
};
/// Percent-encodes everything but A-Z a-z 0-9 - _ . ~ (a query key or value, a path segment).
[[nodiscard]] std::string url_encode(std::string_view s);

/// Splits an absolute http(s) URL; false when it is not one.
[[nodiscard]] bool parse_url(const std::string& url, parsed_url& out);

}  // namespace weft::nodes
