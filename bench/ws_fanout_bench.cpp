// SPEC §10 / issue 4: fan-out of one execution's events to many WebSocket subscribers. The
// real `weft serve` in a child process; N seed 004 clients (`/api/v1/ws?token=`) on one
// io_context, each subscribed to the room `workflow:WF`; then, one at a time, executions of
// chain10. For each subscriber, the time from sending the execute POST to receiving the
// execution's `completed` update (every event of the run passes through every subscriber
// first); p50/p99 over all subscribers and runs. Server RSS per connection: (RSS with N
// subscribed - RSS before they connected) / N. One JSON line per N.
// Usage: weft_bench_ws_fanout [--subscribers 1000,10000] [--runs 5]
#include <sys/resource.h>

#include <atomic>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
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
using clock_type = std::chrono::steady_clock;

// What all subscribers share: counters the driver waits on, and the current run.
struct fanout {
  std::atomic<int> subscribed{0};
  std::atomic<int> failed{0};
  std::atomic<int> done{0};  // subscribers that saw the current run's end
  std::string room;
  std::string target;
  std::uint16_t port = 0;
  clock_type::time_point started;
  std::vector<double> latencies_us;  // io thread only
};

// One seed 004 client: connect, upgrade, subscribe to the room, then read forever; the
// run's end is the execution_update whose status is completed (a substring test: parsing
// every message of 10,000 clients would measure the client, not the server).
class subscriber : public std::enable_shared_from_this<subscriber> {
 public:
  subscriber(net::io_context& ioc, fanout& f) : ws_(ioc), f_(f) {}

  void start() {
    beast::get_lowest_layer(ws_).async_connect({net::ip::make_address("127.0.0.1"), f_.port},
                                               [self = shared_from_this()](beast::error_code ec) {
                                                 if (ec) return self->fail();
                                                 self->ws_.async_handshake("127.0.0.1", self->f_.target,
                                                                           [self](beast::error_code e) { self->on_handshake(e); });
                                               });
  }

 private:
  void on_handshake(beast::error_code ec) {
    if (ec) return fail();
    subscribe_ = json{{"type", "subscribe"}, {"room_id", f_.room}}.dump();
    ws_.async_write(net::buffer(subscribe_), [self = shared_from_this()](beast::error_code e, std::size_t) {
      if (e) return self->fail();
      self->read();
    });
  }

  void read() {
    ws_.async_read(buffer_, [self = shared_from_this()](beast::error_code ec, std::size_t) {
      if (ec) return;
      const std::string text = beast::buffers_to_string(self->buffer_.data());
      self->buffer_.consume(self->buffer_.size());
      if (!self->joined_ && text.find("\"subscribed\"") != std::string::npos && text.find(self->f_.room) != std::string::npos) {
        self->joined_ = true;
        ++self->f_.subscribed;
      } else if (text.find("\"execution_update\"") != std::string::npos && text.find("\"status\":\"completed\"") != std::string::npos) {
        self->f_.latencies_us.push_back(std::chrono::duration<double, std::micro>(clock_type::now() - self->f_.started).count());
        ++self->f_.done;
      }
      self->read();
    });
  }

  void fail() { ++f_.failed; }

  websocket::stream<beast::tcp_stream> ws_;
  beast::flat_buffer buffer_;
  fanout& f_;
  std::string subscribe_;
  bool joined_ = false;
};

template <class Predicate>
bool wait_for(Predicate done, std::chrono::seconds limit) {
  const auto until = clock_type::now() + limit;
  while (!done()) {
    if (clock_type::now() > until) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return true;
}

void run(int subscribers, int runs) {
  const json def = weft::bench::workload("chain10");
  std::string dir = (fs::temp_directory_path() / "weft_bench_fanout_XXXXXX").string();
  if (!::mkdtemp(dir.data())) return;
  {
    weft::bench::server_process server(dir, "none");
    if (server.port() == 0) return;
    const std::string token = weft::bench::token_for(dir);
    auto [status, body] = weft::bench::one_request(server.port(), token, "POST", "/api/workflows", def.dump());
    if (status != 201) return;
    const std::string wf = json::parse(body)["id"];
    // Warm up the server (one run) before taking its baseline RSS.
    (void)weft::bench::one_request(server.port(), token, "POST", "/api/workflows/" + wf + "/execute?wait_ms=10000", R"({"input": {"n": 1}})");
    const std::size_t rss_before = server.rss_bytes();

    fanout f;
    f.room = "workflow:" + wf;
    f.target = "/api/v1/ws?token=" + token;
    f.port = server.port();
    net::io_context ioc;
    auto guard = net::make_work_guard(ioc);
    std::thread io([&ioc] { ioc.run(); });
    std::vector<std::shared_ptr<subscriber>> clients;
    const auto connect_start = clock_type::now();
    for (int i = 0; i < subscribers; ++i) {
      // At most 256 handshakes in flight: a burst of 10,000 SYNs overflows the backlog.
      while (static_cast<int>(clients.size()) - f.subscribed.load() - f.failed.load() >= 256) {
        std::this_thread::sleep_for(std::chrono::microseconds(200));
      }
      clients.push_back(std::make_shared<subscriber>(ioc, f));
      net::post(ioc, [c = clients.back()] { c->start(); });
    }
    const bool all_in = wait_for([&] { return f.subscribed.load() + f.failed.load() >= subscribers; }, std::chrono::seconds(120));
    const double connect_s = std::chrono::duration<double>(clock_type::now() - connect_start).count();
    const std::size_t rss_connected = server.rss_bytes();

    int completed_runs = 0;
    for (int r = 0; r < runs && all_in; ++r) {
      net::post(ioc, [&f] {
        f.done = 0;
        f.started = clock_type::now();
      });
      wait_for([&] { return f.done.load() == 0; }, std::chrono::seconds(5));
      auto [code, answer] = weft::bench::one_request(server.port(), token, "POST", "/api/workflows/" + wf + "/execute",
                                                     R"({"input": {"n": 1}})");
      if (code != 202) break;
      if (!wait_for([&] { return f.done.load() >= f.subscribed.load(); }, std::chrono::seconds(60))) break;
      ++completed_runs;
    }
    const std::size_t rss_after = server.rss_bytes();
    ioc.stop();
    io.join();

    weft::bench::load_result res;
    res.latencies_us = f.latencies_us;
    json line = {{"name", "ws_fanout_chain10"},
                 {"subscribers", subscribers},
                 {"subscribed", f.subscribed.load()},
                 {"connect_failures", f.failed.load()},
                 {"connect_seconds", connect_s},
                 {"runs", completed_runs},
                 {"deliveries", res.latencies_us.size()},
                 {"p50_ms", res.percentile(0.50) / 1000.0},
                 {"p99_ms", res.percentile(0.99) / 1000.0},
                 {"max_ms", res.percentile(1.0) / 1000.0},
                 {"server_rss_before_mb", static_cast<double>(rss_before) / 1048576.0},
                 {"server_rss_subscribed_mb", static_cast<double>(rss_connected) / 1048576.0},
                 {"server_rss_after_runs_mb", static_cast<double>(rss_after) / 1048576.0},
                 {"rss_per_connection_kib", subscribers == 0 ? 0.0
                                                              : static_cast<double>(rss_after - rss_before) / 1024.0 / subscribers}};
    std::printf("%s\n", line.dump().c_str());
    std::fflush(stdout);
  }
  std::error_code ec;
  fs::remove_all(dir, ec);
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<int> counts = {1000, 10000};
  int runs = 5;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    if (flag == "--runs") runs = std::stoi(argv[i + 1]);
    if (flag == "--subscribers") {
      counts.clear();
      std::stringstream list(argv[i + 1]);
      for (std::string n; std::getline(list, n, ',');) counts.push_back(std::stoi(n));
    }
  }
  // Each connection is a descriptor here and one in the server (which inherits the limit).
  rlimit limit{};
  if (::getrlimit(RLIMIT_NOFILE, &limit) == 0) {
    limit.rlim_cur = limit.rlim_max;
    ::setrlimit(RLIMIT_NOFILE, &limit);
  }
  ::setenv("WEFT_JWT_SECRET", weft::bench::secret, 1);
  for (int n : counts) run(n, runs);
  return 0;
}
