#include "http/forward.hpp"

#include <algorithm>
#include <array>
#include <cstdlib>
#include <memory>
#include <mutex>
#include <string_view>

#include <nlohmann/json.hpp>

#include "http/errors.hpp"
#include "nodes/http_client.hpp"

namespace weft::http {
namespace {

using json = nlohmann::json;

// What the owner needs to answer as this node would have: who asks, for which tenant, the
// body's type, the start's key, and the request id the answer is logged under.
constexpr std::array<const char*, 6> request_headers = {"authorization", "x-tenant-id", "content-type", "idempotency-key",
                                                        "x-request-id", "accept"};
// What of the owner's answer goes back beyond its status, type and body.
constexpr std::array<std::string_view, 3> answer_headers = {"retry-after", "location", catalogue_seq_header};

// The path again, each segment percent-encoded (the router saw it decoded).
std::string encoded_path(const std::string& path) {
  std::string out;
  std::size_t i = 0;
  while (i <= path.size()) {
    const std::size_t slash = std::min(path.find('/', i), path.size());
    out += nodes::url_encode(std::string_view(path).substr(i, slash - i));
    if (slash < path.size()) out += '/';
    i = slash + 1;
  }
  return out;
}

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

}  // namespace

void forward(const request& req, const std::string& address, const std::string& this_node, respond_fn respond) {
  nodes::http_call call;
  call.method = req.method;
  call.url = "http://" + address + encoded_path(req.path);
  for (const auto& [k, v] : req.query) call.query[k] = v;
  for (const char* name : request_headers) {
    if (const std::string& value = req.header(name); !value.empty()) call.headers[name] = value;
  }
  call.headers[forwarded_by_header] = this_node;
  if (!req.body.empty()) call.body = req.body;
  call.fail_on_status = false;
  call.response_type = "text";
  // Long enough for the longest wait a route takes (wait_ms, at most 300 s), and then some.
  std::int64_t wait_ms = 30'000;
  if (auto w = req.query.find("wait_ms"); w != req.query.end()) {
    wait_ms = std::clamp<std::int64_t>(std::atoll(w->second.c_str()), 0, 300'000);
  }
  call.timeout_ms = wait_ms + 30'000;
  const std::string request_id = req.request_id;
  nodes::send_http(std::move(call), [respond = std::move(respond), request_id, address](nodes::step_result r) {
    if (!r.ok) {
      respond(error_response({errc::unavailable, "the node owning this execution (" + address + ") did not answer: " +
                                                     r.error.value("message", std::string("unreachable")),
                              {{"owner", address}}},
                             request_id));
      return;
    }
    response out;
    out.status = r.output.value("status", 502);
    const json& headers = r.output["headers"];
    out.content_type = "application/json";
    for (const auto& [name, value] : headers.items()) {
      const std::string key = lower(name);
      if (key == "content-type") out.content_type = value.get<std::string>();
      if (std::find(answer_headers.begin(), answer_headers.end(), key) != answer_headers.end()) {
        out.headers.emplace_back(name, value.get<std::string>());
      }
    }
    const json& body = r.output["body"];
    out.body = body.is_string() ? body.get<std::string>() : body.dump();
    respond(std::move(out));
  });
}

void gather(const request& req, const std::vector<std::string>& addresses, const std::string& this_node,
            std::function<void(std::vector<response>)> done) {
  struct answers {
    std::mutex mutex;
    std::vector<response> got;
    std::size_t left = 0;
    std::function<void(std::vector<response>)> done;
  };
  auto a = std::make_shared<answers>();
  a->got.resize(addresses.size());
  a->left = addresses.size();
  a->done = std::move(done);
  if (addresses.empty()) return a->done({});
  for (std::size_t i = 0; i < addresses.size(); ++i) {
    forward(req, addresses[i], this_node, [a, i](response r) {
      std::unique_lock lock(a->mutex);
      a->got[i] = std::move(r);
      if (--a->left > 0) return;
      lock.unlock();
      a->done(std::move(a->got));
    });
  }
}

response redirect_to(const request& req, const std::string& address) {
  std::string location = "http://" + address + encoded_path(req.path);
  char separator = '?';
  for (const auto& [k, v] : req.query) {
    location += separator + nodes::url_encode(k) + "=" + nodes::url_encode(v);
    separator = '&';
  }
  response r = response::json(307, {{"location", location}});
  r.headers.emplace_back("Location", location);
  return r;
}

}  // namespace weft::http
