// Requests per second over loopback for the workflow API (issue [2/6]): an in-process
// `weft serve` stack (RocksDB in a temp dir, the Beast server, JWT auth) and keep-alive
// client connections on their own threads. Prints one JSON line per scenario.
// Usage: weft_bench_http [--seconds 3] [--connections 4]
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <nlohmann/json.hpp>

#include "core/expr/value_ops.hpp"
#include "http/api.hpp"
#include "http/server.hpp"
#include "nodes/registry.hpp"
#include "services/workflow_service.hpp"
#include "bench/temp_database.hpp"
#include "storage/database.hpp"
#include "storage/workflow_store.hpp"

namespace {

namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
namespace net = boost::asio;
using json = nlohmann::json;

const json definition = json::parse(R"({"name": "bench", "steps": [
  {"id": "input", "type": "input", "next": "t"},
  {"id": "t", "type": "transform", "config": {"set": {"n": "$.input.n + 1"}}, "next": "out"},
  {"id": "out", "type": "output", "config": {"value": "$.t"}}]})");

struct result {
  long requests = 0;
  long failures = 0;
  std::vector<double> latencies_us;
};

// One keep-alive connection sending `method target` until `deadline`.
result client_loop(std::uint16_t port, const std::string& token, const std::string& method, const std::string& target,
                   const std::string& body, std::chrono::steady_clock::time_point deadline) {
  result r;
  net::io_context ioc;
  beast::tcp_stream stream(ioc);
  beast::error_code ec;
  stream.connect(net::ip::tcp::endpoint(net::ip::make_address("127.0.0.1"), port), ec);
  if (ec) return r;
  beast::flat_buffer buffer;
  while (std::chrono::steady_clock::now() < deadline) {
    bhttp::request<bhttp::string_body> req{bhttp::string_to_verb(method), target, 11};
    req.set(bhttp::field::host, "127.0.0.1");
    req.set(bhttp::field::authorization, "Bearer " + token);
    req.set("X-Tenant-ID", "bench");
    if (!body.empty()) {
      req.set(bhttp::field::content_type, "application/json");
      req.body() = body;
    }
    req.keep_alive(true);
    req.prepare_payload();
    auto start = std::chrono::steady_clock::now();
    bhttp::write(stream, req, ec);
    bhttp::response<bhttp::string_body> res;
    if (!ec) bhttp::read(stream, buffer, res, ec);
    if (ec) {
      ++r.failures;
      break;
    }
    r.latencies_us.push_back(std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - start).count());
    ++r.requests;
    if (res.result_int() >= 300) ++r.failures;
  }
  return r;
}

double percentile(std::vector<double>& v, double p) {
  if (v.empty()) return 0;
  std::size_t k = static_cast<std::size_t>(p * (v.size() - 1));
  std::nth_element(v.begin(), v.begin() + static_cast<long>(k), v.end());
  return v[k];
}

void scenario(const char* name, const char* sync, std::uint16_t port, const std::string& token, const std::string& method,
              const std::string& target, const std::string& body, int connections, double seconds) {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                                                          std::chrono::duration<double>(seconds));
  std::vector<result> results(static_cast<std::size_t>(connections));
  std::vector<std::thread> threads;
  auto start = std::chrono::steady_clock::now();
  for (int c = 0; c < connections; ++c) {
    threads.emplace_back([&, c] { results[static_cast<std::size_t>(c)] = client_loop(port, token, method, target, body, deadline); });
  }
  for (auto& t : threads) t.join();
  double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  result all;
  for (auto& r : results) {
    all.requests += r.requests;
    all.failures += r.failures;
    all.latencies_us.insert(all.latencies_us.end(), r.latencies_us.begin(), r.latencies_us.end());
  }
  json line = {{"name", name},
               {"sync", sync},
               {"connections", connections},
               {"requests", all.requests},
               {"failures", all.failures},
               {"requests_per_s", all.requests / elapsed},
               {"p50_us", percentile(all.latencies_us, 0.50)},
               {"p99_us", percentile(all.latencies_us, 0.99)}};
  std::printf("%s\n", line.dump().c_str());
  std::fflush(stdout);
}

void run(weft::storage::sync_mode mode, const char* sync_name, int connections, double seconds) {
  using namespace weft;
  {
    bench::temp_database temp(mode);
    if (!temp.ok()) return;
    storage::workflow_store store(temp.db());
    services::workflow_service service(store, nodes::registry::builtin(), core::expr::system_now_ms);
    std::string why;
    auto auth = http::authenticator::make("bench-secret-0123456789", why);
    http::api api(*auth, service, {});
    http::server_options so;
    so.port = 0;
    http::server server(so, [&api](http::request& req, http::respond_fn respond) { api.handle(req, std::move(respond)); });
    if (!server.start(why)) {
      std::fprintf(stderr, "%s\n", why.c_str());
      return;
    }
    const std::string token = auth->issue({"bench", "bench", {}}, std::chrono::hours(1));
    scenario("create_workflow", sync_name, server.port(), token, "POST", "/api/workflows", definition.dump(), connections,
             seconds);
    // Read one workflow back many times.
    auto list = service.list({"bench", "bench"}, {});
    std::string id = list.value()["workflows"][0]["id"];
    scenario("get_workflow", sync_name, server.port(), token, "GET", "/api/workflows/" + id, "", connections, seconds);
    scenario("health", sync_name, server.port(), token, "GET", "/health", "", connections, seconds);
    server.stop();
  }
}

}  // namespace

int main(int argc, char** argv) {
  double seconds = 3;
  int connections = 4;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string flag = argv[i];
    if (flag == "--seconds") seconds = std::stod(argv[i + 1]);
    if (flag == "--connections") connections = std::stoi(argv[i + 1]);
  }
  run(weft::storage::sync_mode::group, "group", connections, seconds);
  run(weft::storage::sync_mode::none, "none", connections, seconds);
  return 0;
}
