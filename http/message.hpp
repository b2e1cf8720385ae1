// The HTTP request and response as handlers see them: plain structs with no Beast types,
// so route code compiles fast and is tested without a socket. Owned by one request at a time.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "http/push.hpp"

namespace weft::http {

struct request {
  std::string method;                          // "GET", "POST", ...
  std::string path;                            // decoded path, without the query
  std::map<std::string, std::string> query;    // decoded query parameters (last one wins)
  std::map<std::string, std::string> headers;  // names lower-cased
  std::map<std::string, std::string> params;   // path parameters filled in by the router
  std::string body;
  std::string request_id;
  // Set by the API front door once the bearer token is verified.
  std::string tenant;
  std::string user;
  std::vector<std::string> roles;

  /// The header's value, or "" when absent. `name` must be lower case.
  [[nodiscard]] const std::string& header(const std::string& name) const;
  /// The query parameter's value, or `fallback`.
  [[nodiscard]] std::string query_or(const std::string& name, const std::string& fallback) const;
};

struct response {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
  /// Set for an open-ended answer (Server-Sent Events): the server sends the status and
  /// headers, calls `stream` with the connection, then writes whatever is pushed through it,
  /// as it comes, until the returned handler closes it or the client goes. `body` is unused.
  std::function<std::unique_ptr<push_handler>(std::shared_ptr<push_connection>)> stream;

  [[nodiscard]] static response json(int status, const nlohmann::json& body);
  [[nodiscard]] static response text(int status, std::string body, std::string content_type = "text/plain; charset=utf-8");
  [[nodiscard]] static response no_content();
};

/// Delivers a request's response; called exactly once, from any thread.
using respond_fn = std::function<void(response)>;

/// A fresh request id: 32 random hex characters.
[[nodiscard]] std::string new_request_id();

}  // namespace weft::http
