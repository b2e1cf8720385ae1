// A request target from untrusted bytes, as the server reads the request line: split and
// decoded into path and query, routed over patterns like the API's, and its paging and
// number parameters read by the one rule every route uses (a 400 is an answer, not a crash).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "http/errors.hpp"
#include "http/query_params.hpp"
#include "http/request_target.hpp"
#include "http/router.hpp"

namespace {

weft::http::router make_router() {
  weft::http::router r;
  auto ok = [](weft::http::request&) { return weft::http::response::no_content(); };
  for (const char* pattern : {"/api/workflows", "/api/workflows/{id}", "/api/workflows/{id}/versions/{v}",
                              "/api/workflows/{id}/execute", "/api/executions", "/api/executions/{id}/events",
                              "/api/workflow/ws/{instance_id}", "/webhooks/{tenant}/{path...}", "/{file...}"}) {
    r.add("GET", pattern, ok);
    r.add("POST", pattern, ok);
  }
  return r;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const weft::http::router routes = make_router();
  weft::http::request req;
  req.method = size % 2 ? "GET" : "POST";
  if (!weft::http::parse_target(std::string_view(reinterpret_cast<const char*>(data), size), req)) return 0;
  (void)routes.find(req);
  try {
    (void)weft::http::page_limit(req, 50, 200);
    (void)weft::http::integer_param(req, "since", 0, 0, UINT64_MAX);
    (void)weft::http::integer_param(req, "wait_ms", 0, 0, 30'000);
  } catch (const weft::http::api_failure& failure) {
    (void)weft::http::error_response(failure.error, "req-1");
  }
  return 0;
}
