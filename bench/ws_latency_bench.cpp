// SPEC §10: execute → completed-event latency over WebSocket, at low load. The real
// `weft serve` in a child process; one WebSocket client (seed 000's dialect, subscribed to
// all_executions) and, one at a time, `POST /api/workflows/{id}/execute` of chain10; the
// time from sending the POST to receiving `workflow_execution_completed` for that
// execution. One JSON line per sync mode with p50/p99 in ms.
// Usage: weft_bench_ws_latency [--runs 300]
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/websocket.hpp>
#include <nlohmann/json.hpp>

#include "bench/http_load.hpp"
#include "bench/serve_process.hpp"
#include "bench/workloads/workload.hpp"

namespace {

using json = nlohmann::json;
namespace fs = std::filesystem;
namespace beast = boost::beast;
namespace websocket = boost::beast::websocket;
namespace net = boost::asio;

void run(const char* sync, int runs) {
  const json def = weft::bench::workload("chain10");
  std::string dir = (fs::temp_directory_path() / "weft_bench_ws_XXXXXX").string();
  if (!::mkdtemp(dir.data())) return;
  {
    weft::bench::server_process server(dir, sync);
    if (server.port() == 0) return;
    const std::string token = weft::bench::token_for(dir, "--role admin");
    auto [status, body] = weft::bench::one_request(server.port(), token, "POST", "/api/workflows", def.dump());
    if (status != 201) return;
    const std::string wf = json::parse(body)["id"];

    net::io_context ioc;
    websocket::stream<beast::tcp_stream> ws(ioc);
    beast::error_code ec;
    beast::get_lowest_layer(ws).connect({net::ip::make_address("127.0.0.1"), server.port()}, ec);
    ws.set_option(websocket::stream_base::decorator([&token](websocket::request_type& req) {
      req.set(beast::http::field::authorization, "Bearer " + token);
      req.set("X-Tenant-ID", "bench");
    }));
    ws.handshake("127.0.0.1", "/api/workflows/ws", ec);
    if (ec) return;
    ws.write(net::buffer(json{{"action", "subscribe"}, {"topics", {"all_executions"}}}.dump()), ec);
    beast::flat_buffer buffer;
    ws.read(buffer, ec);  // subscribed
    buffer.consume(buffer.size());

    std::vector<double> latencies_us;
    for (int i = 0; i < runs && !ec; ++i) {
      const auto start = std::chrono::steady_clock::now();
      auto [code, answer] = weft::bench::one_request(server.port(), token, "POST", "/api/workflows/" + wf + "/execute",
                                                     R"({"input": {"n": 1}})");
      if (code != 202) break;
      const std::string id = json::parse(answer)["execution_id"];
      while (true) {
        ws.read(buffer, ec);
        if (ec) break;
        const json m = json::parse(beast::buffers_to_string(buffer.data()), nullptr, false);
        buffer.consume(buffer.size());
        if (m.is_object() && m.value("event", "") == "workflow_execution_completed" && m.value("execution_id", "") == id) break;
      }
      latencies_us.push_back(std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - start).count());
    }
    weft::bench::load_result r;
    r.latencies_us = std::move(latencies_us);
    json line = {{"name", "ws_execute_to_completed_chain10"},
                 {"sync", sync},
                 {"runs", r.latencies_us.size()},
                 {"p50_ms", r.percentile(0.50) / 1000.0},
                 {"p99_ms", r.percentile(0.99) / 1000.0}};
    std::printf("%s\n", line.dump().c_str());
    std::fflush(stdout);
    ws.close(websocket::close_code::normal, ec);
  }
  std::error_code ec;
  fs::remove_all(dir, ec);
}

}  // namespace

int main(int argc, char** argv) {
  int runs = 300;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (std::string(argv[i]) == "--runs") runs = std::stoi(argv[i + 1]);
  }
  ::setenv("WEFT_JWT_SECRET", weft::bench::secret, 1);
  run("none", runs);
  run("group", runs);
  return 0;
}
