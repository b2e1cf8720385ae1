// Routes by method and path pattern with `{name}` parameters, e.g.
// "/api/workflows/{id}/versions/{v}"; a last `{name...}` takes the rest of the path. Built at start-up, read-only afterwards (thread-safe).
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "http/errors.hpp"
#include "http/message.hpp"

namespace weft::http {

/// A route that answers at once.
using handler = std::function<response(request&)>;
/// A route that answers later (e.g. after the engine replied); it must call `respond` once.
/// Throwing api_failure before answering is allowed.
using async_handler = std::function<void(request&, respond_fn respond)>;

/// How a route's errors are shaped: our envelope, or (the routes of seed 001 and 003, whose
/// clients check `success`) the envelope with `success: false` — authentication, rate limit
/// and malformed bodies included.
enum class error_shape { standard, seed };

class router {
 public:
  /// Adds a route. `name` labels it in metrics (defaults to the pattern).
  void add(std::string method, std::string pattern, handler h, std::string name = "",
           error_shape shape = error_shape::standard);
  void add_async(std::string method, std::string pattern, async_handler h, std::string name = "",
                 error_shape shape = error_shape::standard);
  /// Adds a route whose answer is open-ended (Server-Sent Events): in a sharded cluster a
  /// request for another coordinator's execution is redirected there rather than relayed.
  void add_stream(std::string method, std::string pattern, handler h);

  struct match {
    const async_handler* h = nullptr;
    std::string name;          // the route's label, or "unmatched"
    bool path_known = false;   // some route has this path (for 405 rather than 404)
    error_shape shape = error_shape::standard;
    /// The execution the request is about, for a route whose path names one: the parameter
    /// right after a literal `executions` or `execution` segment ("/api/executions/{id}/…").
    /// In a sharded cluster such a request is answered by the execution's owner (SPEC §9).
    std::string execution_id;
    bool streams = false;  // added with add_stream()
    /// It starts an execution (its last segment is `execute` or `test-execute`): in a sharded
    /// cluster the node that takes it owns the execution, whoever owns the catalogue.
    bool starts = false;
  };
  /// Finds the route for `req.method` and `req.path` and fills `req.params`.
  [[nodiscard]] match find(request& req) const;

 private:
  struct route {
    std::string method;
    std::vector<std::string> segments;  // "{x}" marks a parameter
    async_handler h;
    std::string name;
    error_shape shape = error_shape::standard;
    std::string execution_param;  // see match::execution_id; empty: none
    bool streams = false;
    bool starts = false;
  };
  std::vector<route> routes_;
};

/// Splits "/a/b/" into {"a", "b"}.
[[nodiscard]] std::vector<std::string_view> split_path(std::string_view path);

}  // namespace weft::http
