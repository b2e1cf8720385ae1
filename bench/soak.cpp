// Issue 18's soak: load held for minutes, memory flat. The real `weft serve` in a child
// process takes, for `--seconds`:
//   - mixed REST load, open loop at `--fraction` (0.8) of the rate the same mix reaches in a
//     closed loop of 32 connections measured first: executions of chain10 and fanout8 that
//     wait for their end (every output checked), reads of an execution, its events, lists of
//     executions and workflows, and one request in twenty for an execution that does not
//     exist (404 on purpose);
//   - `--subscribers` (2000) live clients of a watched workflow run once a second
//     (`--watch-every-ms`): seed 004
//     and seed 001 WebSockets following the workflow, seed 000 WebSockets following each new
//     execution (`since: 0`), SSE streams reading one execution to its end, then the next;
//     `--slow` (0.1) of the WebSocket clients read one message every 20 ms and are allowed to
//     fall behind (their lagged notice and reconnect are counted, not errors).
// Sampled every second: the server's RSS. One JSON line a minute (requests, p50/p99, errors,
// deliveries, RSS) and a summary: the RSS slope after warm-up (least squares, MiB a minute),
// p99 per minute, unexpected answers. With --check, exits 1 when an answer was unexpected, a
// subscriber failed or heard nothing, or the server died (CI runs 60 s of it).
// Usage: weft_soak [--seconds 600] [--fraction 0.8] [--subscribers 2000] [--slow 0.1]
//                  [--calibrate 10] [--sync group] [--watch-every-ms 1000] [--check]
#include <sys/resource.h>

#include <array>
#include <atomic>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <deque>
#include <filesystem>
#include <future>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
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
namespace bhttp = boost::beast::http;
namespace websocket = boost::beast::websocket;
namespace net = boost::asio;
using clock_type = std::chrono::steady_clock;

struct options {
  double seconds = 600;
  double fraction = 0.8;
  int subscribers = 2000;
  double slow = 0.1;
  double calibrate = 10;
  int watch_every_ms = 1000;
  std::string sync = "group";
  bool check = false;
};

// ---- REST load -------------------------------------------------------------------------

struct ids {
  std::string chain10, fanout8, watched;
};

// The mix, one request in twenty each: what it asks, and the answer that is right.
struct request_kind {
  std::string method, target, body;
  int expect;
  const char* must_contain;  // in the body of a right answer; "" for anything
};

request_kind pick(long k, const ids& w, const std::string& recent) {
  const std::string wait = "?wait_ms=30000";
  const std::string input = R"({"input": {"n": 1}})";
  switch (k % 20) {
    case 0: case 1: case 2: case 3: case 4: case 5: case 6: case 7:
      return {"POST", "/api/workflows/" + w.chain10 + "/execute" + wait, input, 200, "\"status\":\"completed\""};
    case 8: case 9:
      return {"POST", "/api/workflows/" + w.fanout8 + "/execute" + wait, input, 200, "\"status\":\"completed\""};
    case 10: case 11: case 12: case 13:
      return {"GET", "/api/executions/" + recent, "", 200, "\"execution_id\""};
    case 14: case 15:
      return {"GET", "/api/executions?limit=20", "", 200, "\"executions\""};
    case 16: case 17:
      return {"GET", "/api/executions/" + recent + "/events?limit=100", "", 200, "\"events\""};
    case 18:
      return {"GET", "/api/workflows?limit=20", "", 200, ""};
    default:
      return {"GET", "/api/executions/ex_does_not_exist", "", 404, "\"error\""};
  }
}

// Counters of one minute of REST load, and what the whole run keeps.
struct rest_stats {
  std::mutex mutex;
  std::vector<double> minute_latencies_us;
  long minute_requests = 0;
  long minute_unexpected = 0;
  long requests = 0;
  long unexpected = 0;
  long on_purpose = 0;  // the 404s asked for
  long late = 0;        // sent after their slot: the server was behind
  std::string first_unexpected;

  void record(double us, bool ok, bool purposeful, bool was_late, const std::string& what) {
    std::lock_guard lock(mutex);
    minute_latencies_us.push_back(us);
    ++minute_requests;
    ++requests;
    if (!ok) {
      ++minute_unexpected;
      ++unexpected;
      if (first_unexpected.empty()) first_unexpected = what.substr(0, 300);
    }
    if (purposeful && ok) ++on_purpose;
    if (was_late) ++late;
  }
};

// One keep-alive connection sending its share of an open-loop schedule: request k leaves at
// start + k / rate (or at once when it is already late).
void open_loop(std::uint16_t port, const std::string& token, const ids& w, double rate, std::atomic<long>& next,
               clock_type::time_point start, clock_type::time_point deadline, rest_stats& stats) {
  net::io_context ioc;
  beast::tcp_stream stream(ioc);
  beast::error_code ec;
  stream.connect(net::ip::tcp::endpoint(net::ip::make_address("127.0.0.1"), port), ec);
  if (ec) {
    stats.record(0, false, false, false, "connect: " + ec.message());
    return;
  }
  beast::flat_buffer buffer;
  std::string recent = "ex_none_yet";
  while (true) {
    const long k = next.fetch_add(1);
    const auto slot = start + std::chrono::duration_cast<clock_type::duration>(std::chrono::duration<double>(k / rate));
    if (slot >= deadline || clock_type::now() >= deadline) return;
    const bool late = clock_type::now() > slot + std::chrono::milliseconds(50);
    std::this_thread::sleep_until(slot);
    request_kind r = pick(k, w, recent);
    if (recent == "ex_none_yet" && r.method == "GET" && r.expect == 200 && r.target.find("/api/executions/") == 0) {
      r = pick(0, w, recent);  // nothing to read yet: run one first
    }
    bhttp::request<bhttp::string_body> req{bhttp::string_to_verb(r.method), r.target, 11};
    req.set(bhttp::field::host, "127.0.0.1");
    req.set(bhttp::field::authorization, "Bearer " + token);
    req.set("X-Tenant-ID", "bench");
    if (!r.body.empty()) {
      req.set(bhttp::field::content_type, "application/json");
      req.body() = r.body;
    }
    req.keep_alive(true);
    req.prepare_payload();
    const auto sent = clock_type::now();
    bhttp::write(stream, req, ec);
    bhttp::response<bhttp::string_body> res;
    if (!ec) bhttp::read(stream, buffer, res, ec);
    const double us = std::chrono::duration<double, std::micro>(clock_type::now() - sent).count();
    if (ec) {
      stats.record(us, false, false, late, r.method + " " + r.target + ": " + ec.message());
      return;
    }
    const bool ok = static_cast<int>(res.result_int()) == r.expect &&
                    (r.must_contain[0] == '\0' || res.body().find(r.must_contain) != std::string::npos);
    stats.record(us, ok, r.expect == 404, late,
                 r.method + " " + r.target + " -> " + std::to_string(res.result_int()) + " " + res.body());
    if (ok && r.method == "POST") {
      const auto answer = json::parse(res.body(), nullptr, false);
      if (answer.is_object() && answer.contains("execution_id")) recent = answer["execution_id"].get<std::string>();
    }
  }
}

// 32 connections sharing one schedule at `rate` requests/s (1e9: a closed loop) for `seconds`.
struct rest_load {
  std::atomic<long> next{0};
  clock_type::time_point start, deadline;
  std::vector<std::thread> threads;

  rest_load(std::uint16_t port, const std::string& token, const ids& w, double rate, double seconds, rest_stats& stats)
      : start(clock_type::now()),
        deadline(start + std::chrono::duration_cast<clock_type::duration>(std::chrono::duration<double>(seconds))) {
    for (int c = 0; c < 32; ++c) {
      threads.emplace_back([=, this, &token, &w, &stats] { open_loop(port, token, w, rate, next, start, deadline, stats); });
    }
  }
  void join() {
    for (auto& t : threads) t.join();
  }
};

// ---- live subscribers ------------------------------------------------------------------

enum class dialect { seed004, seed001, seed000, sse };

// What every subscriber shares with the driver. Touched on the io thread only, except the
// atomics.
struct live {
  std::uint16_t port = 0;
  std::string token, watched;
  std::atomic<long> messages{0};
  std::atomic<long> ends{0};        // an execution's end heard
  std::atomic<long> lagged{0};      // slow readers told they fell behind (then reconnected)
  std::atomic<long> failures{0};    // connections that failed other than by lagging
  std::atomic<long> reconnects{0};
  std::string latest_execution;     // the newest watched execution (io thread)
  std::string first_failure;        // io thread
  std::map<std::string, long> failures_by_kind;  // "dialect, fast|slow: what" -> count (io thread)
};

class subscriber : public std::enable_shared_from_this<subscriber> {
 public:
  subscriber(net::io_context& ioc, live& l, dialect d, bool slow)
      : ioc_(ioc), l_(l), d_(d), slow_(slow), timer_(ioc) {}

  void start() {
    if (d_ == dialect::sse) return start_sse();
    ws_ = std::make_unique<websocket::stream<beast::tcp_stream>>(ioc_);
    if (d_ == dialect::seed000) {
      ws_->set_option(websocket::stream_base::decorator(
          [token = l_.token](websocket::request_type& req) { req.set(bhttp::field::authorization, "Bearer " + token); }));
    }
    ws_->read_message_max(1 << 20);
    beast::get_lowest_layer(*ws_).async_connect({net::ip::make_address("127.0.0.1"), l_.port},
                                                [self = shared_from_this()](beast::error_code ec) {
                                                  if (ec) return self->fail("connect: " + ec.message());
                                                  self->ws_->async_handshake("127.0.0.1", self->target(),
                                                                             [self](beast::error_code e) { self->on_open(e); });
                                                });
  }

  /// Seed 000 clients follow each new execution of the watched workflow.
  void follow(const std::string& execution_id) {
    if (d_ != dialect::seed000 || !open_) return;
    json m = {{"action", "subscribe"}, {"topics", {"execution:" + execution_id}}, {"since", {{"execution:" + execution_id, 0}}}};
    if (!following_.empty()) send(json{{"action", "unsubscribe"}, {"topics", {"execution:" + following_}}}.dump());
    following_ = execution_id;
    send(m.dump());
  }

  [[nodiscard]] long ends() const { return ends_; }
  [[nodiscard]] dialect kind() const { return d_; }

 private:
  std::string target() const {
    switch (d_) {
      case dialect::seed004: return "/api/v1/ws?token=" + l_.token;
      case dialect::seed001: return "/api/workflow/ws/" + l_.watched + "?token=" + l_.token;
      default: return "/api/workflows/ws";
    }
  }

  void on_open(beast::error_code ec) {
    if (ec) return fail("handshake: " + ec.message());
    open_ = true;
    if (d_ == dialect::seed004) send(json{{"type", "subscribe"}, {"room_id", "workflow:" + l_.watched}}.dump());
    if (d_ == dialect::seed000 && !l_.latest_execution.empty()) follow(l_.latest_execution);
    read();
  }

  // Writes one at a time: a Beast stream takes one write in flight.
  void send(std::string text) {
    outbox_.push_back(std::move(text));
    if (outbox_.size() == 1) write_next();
  }
  void write_next() {
    ws_->async_write(net::buffer(outbox_.front()), [self = shared_from_this()](beast::error_code ec, std::size_t) {
      if (ec) return;  // the read side reports the connection's end
      self->outbox_.pop_front();
      if (!self->outbox_.empty()) self->write_next();
    });
  }

  void read() {
    ws_->async_read(buffer_, [self = shared_from_this()](beast::error_code ec, std::size_t) { self->on_message(ec); });
  }

  void on_message(beast::error_code ec) {
    if (ec) {
      if (lagging_) return reconnect();
      return fail("read: " + ec.message());
    }
    const std::string text = beast::buffers_to_string(buffer_.data());
    buffer_.consume(buffer_.size());
    ++l_.messages;
    if (text.find("lagged") != std::string::npos) {
      lagging_ = true;  // the server closes next: expected of a slow reader
      ++l_.lagged;
    } else if (is_end(text)) {
      ++ends_;
      ++l_.ends;
    } else if (text.find("\"event\":\"error\"") != std::string::npos || text.find("\"type\":\"error\"") != std::string::npos) {
      return fail("error frame: " + text.substr(0, 200));
    }
    if (!slow_) return read();
    timer_.expires_after(std::chrono::milliseconds(20));
    timer_.async_wait([self = shared_from_this()](beast::error_code) { self->read(); });
  }

  bool is_end(const std::string& text) const {
    switch (d_) {
      case dialect::seed004:
        return text.find("\"execution_update\"") != std::string::npos && text.find("\"status\":\"completed\"") != std::string::npos;
      case dialect::seed001: return text.find("\"event_type\":\"execution_completed\"") != std::string::npos;
      default: return text.find("workflow_execution_completed") != std::string::npos;
    }
  }

  void reconnect() {
    ++l_.reconnects;
    lagging_ = false;
    open_ = false;
    following_.clear();
    outbox_.clear();
    buffer_.consume(buffer_.size());
    start();
  }

  // SSE: one execution's stream to its end, then the next new one's.
  void start_sse() {
    if (l_.latest_execution.empty() || l_.latest_execution == streamed_) {
      timer_.expires_after(std::chrono::milliseconds(100));
      return timer_.async_wait([self = shared_from_this()](beast::error_code) { self->start_sse(); });
    }
    sse_ = std::make_unique<beast::tcp_stream>(ioc_);
    sse_text_.clear();
    streamed_ = l_.latest_execution;
    sse_request_ = "GET /api/executions/" + l_.latest_execution + "/stream HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " +
                   l_.token + "\r\nX-Tenant-ID: bench\r\nConnection: close\r\n\r\n";
    sse_->async_connect({net::ip::make_address("127.0.0.1"), l_.port}, [self = shared_from_this()](beast::error_code ec) {
      if (ec) return self->fail("sse connect: " + ec.message());
      net::async_write(*self->sse_, net::buffer(self->sse_request_), [self](beast::error_code e, std::size_t) {
        if (e) return self->fail("sse write: " + e.message());
        self->read_sse();
      });
    });
  }

  void read_sse() {
    sse_->async_read_some(net::buffer(chunk_), [self = shared_from_this()](beast::error_code ec, std::size_t n) {
      if (n > 0) self->sse_text_.append(self->chunk_.data(), n);
      if (!ec && self->sse_text_.find("event: execution_completed") == std::string::npos) return self->read_sse();
      const bool ended = self->sse_text_.find("event: execution_completed") != std::string::npos ||
                         self->sse_text_.rfind("HTTP/1.1 204", 0) == 0;  // it had ended already
      if (!ended) return self->fail("sse: the stream stopped before the execution's end: " + self->sse_text_.substr(0, 200));
      ++self->l_.messages;
      if (self->sse_text_.rfind("HTTP/1.1 204", 0) != 0) {
        ++self->ends_;
        ++self->l_.ends;
      }
      self->sse_.reset();
      self->start_sse();
    });
  }

  void fail(const std::string& why) {
    ++l_.failures;
    if (l_.first_failure.empty()) l_.first_failure = why;
    static constexpr const char* names[] = {"seed004", "seed001", "seed000", "sse"};
    ++l_.failures_by_kind[std::string(names[static_cast<int>(d_)]) + (slow_ ? ", slow: " : ", fast: ") + why.substr(0, 60)];
  }

  net::io_context& ioc_;
  live& l_;
  dialect d_;
  bool slow_;
  net::steady_timer timer_;
  std::unique_ptr<websocket::stream<beast::tcp_stream>> ws_;
  beast::flat_buffer buffer_;
  std::deque<std::string> outbox_;
  std::string following_;
  bool open_ = false;
  bool lagging_ = false;
  long ends_ = 0;
  std::unique_ptr<beast::tcp_stream> sse_;
  std::string sse_request_, sse_text_;
  std::string streamed_;  // the execution the stream follows
  std::array<char, 16384> chunk_{};
};

// ---- the run ---------------------------------------------------------------------------

double percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  const auto k = static_cast<std::size_t>(p * static_cast<double>(v.size() - 1));
  std::nth_element(v.begin(), v.begin() + static_cast<long>(k), v.end());
  return v[k];
}

// Least squares slope of (t, y), in y units per t unit.
double slope(const std::vector<std::pair<double, double>>& points) {
  if (points.size() < 2) return 0;
  double st = 0, sy = 0, stt = 0, sty = 0;
  for (const auto& [t, y] : points) {
    st += t;
    sy += y;
    stt += t * t;
    sty += t * y;
  }
  const double n = static_cast<double>(points.size());
  const double d = n * stt - st * st;
  return d == 0 ? 0 : (n * sty - st * sy) / d;
}

std::string create(std::uint16_t port, const std::string& token, json def, const std::string& name) {
  def["name"] = name;
  auto [status, body] = weft::bench::one_request(port, token, "POST", "/api/workflows", def.dump());
  if (status != 201) {
    std::fprintf(stderr, "soak: creating %s failed: %d %s\n", name.c_str(), status, body.c_str());
    return "";
  }
  return json::parse(body)["id"];
}

// Where the server's memory is (MiB), read from its /metrics: what RocksDB holds, and the heap
// in use and held free by malloc.
json memory_mib(std::uint16_t port) {
  const auto [status, body] = weft::bench::one_request(port, "", "GET", "/metrics", "");
  json out = json::object();
  if (status != 200) return out;
  for (const char* name : {"storage_memtable_bytes", "storage_table_reader_bytes", "storage_block_cache_bytes",
                           "heap_in_use_bytes", "heap_free_bytes"}) {
    const std::string key = std::string("weft_gauge{name=\"") + name + "\"} ";
    if (auto p = body.find(key); p != std::string::npos) {
      out[name] = std::round(std::strtod(body.c_str() + p + key.size(), nullptr) / 1048576.0 * 10) / 10;
    }
  }
  return out;
}

int run(const options& o) {
  std::string dir = (fs::temp_directory_path() / "weft_soak_XXXXXX").string();
  if (!::mkdtemp(dir.data())) return 1;
  int verdict = 0;
  {
    weft::bench::server_process server(dir, o.sync);
    if (server.port() == 0) {
      std::fprintf(stderr, "soak: weft serve did not start\n");
      return 1;
    }
    const std::string token = weft::bench::token_for(dir, "--role admin");
    ids w;
    w.chain10 = create(server.port(), token, weft::bench::workload("chain10"), "soak chain10");
    w.fanout8 = create(server.port(), token, weft::bench::workload("fanout8"), "soak fanout8");
    w.watched = create(server.port(), token, weft::bench::workload("chain10"), "soak watched");
    if (w.chain10.empty() || w.fanout8.empty() || w.watched.empty()) return 1;

    // The mix's own throughput, closed loop: what the open loop takes a fraction of.
    double capacity = 0;
    {
      rest_stats calibration;
      rest_load(server.port(), token, w, 1e9, o.calibrate, calibration).join();
      capacity = static_cast<double>(calibration.requests) / o.calibrate;
      if (calibration.unexpected > 0) {
        std::fprintf(stderr, "soak: calibration saw an unexpected answer: %s\n", calibration.first_unexpected.c_str());
        verdict = 1;
      }
    }
    const double rate = capacity * o.fraction;
    std::printf("%s\n", json{{"name", "soak_calibration"}, {"closed_loop_requests_per_s", capacity},
                              {"open_loop_requests_per_s", rate}, {"sync", o.sync}}.dump().c_str());
    std::fflush(stdout);

    // Subscribers on one io thread.
    live l;
    l.port = server.port();
    l.token = token;
    l.watched = w.watched;
    net::io_context ioc;
    auto guard = net::make_work_guard(ioc);
    std::thread io([&ioc] { ioc.run(); });
    std::vector<std::shared_ptr<subscriber>> subs;
    const int n = o.subscribers;
    const int sse = n / 10, seed000 = n / 5, seed001 = (n - sse - seed000) / 2;
    for (int i = 0; i < n; ++i) {
      const dialect d = i < sse ? dialect::sse : i < sse + seed000 ? dialect::seed000
                                              : i < sse + seed000 + seed001 ? dialect::seed001 : dialect::seed004;
      const bool slow = d != dialect::sse && (i % 100) < static_cast<int>(o.slow * 100);
      subs.push_back(std::make_shared<subscriber>(ioc, l, d, slow));
      net::post(ioc, [s = subs.back()] { s->start(); });
      if (i % 200 == 199) std::this_thread::sleep_for(std::chrono::milliseconds(50));  // not one SYN burst
    }

    // The watched workflow, twice a second; each new execution goes to the followers.
    std::atomic<bool> stop{false};
    std::atomic<long> watched_runs{0}, watched_failures{0};
    std::thread watcher([&] {
      while (!stop) {
        auto [code, body] = weft::bench::one_request(server.port(), token, "POST", "/api/workflows/" + w.watched + "/execute",
                                                     R"({"input": {"n": 2}})");
        const auto answer = json::parse(body, nullptr, false);
        if (code == 202 && answer.is_object() && answer.contains("execution_id")) {
          ++watched_runs;
          net::post(ioc, [&l, &subs, id = answer["execution_id"].get<std::string>()] {
            l.latest_execution = id;
            for (auto& s : subs) s->follow(id);
          });
        } else {
          ++watched_failures;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(o.watch_every_ms));
      }
    });

    // The REST load, and a sample a second.
    rest_stats stats;
    rest_load load(server.port(), token, w, rate, o.seconds, stats);
    const auto start = load.start, deadline = load.deadline;
    std::vector<std::pair<double, double>> rss;  // (minutes, MiB)
    json p99_per_minute = json::array();
    double rss_max = 0;
    long last_messages = 0;
    int last_report = 0;
    for (int second = 1; clock_type::now() < deadline; ++second) {
      std::this_thread::sleep_until(start + std::chrono::seconds(second));
      const double mib = static_cast<double>(server.rss_bytes()) / 1048576.0;
      if (mib == 0) {
        std::fprintf(stderr, "soak: the server is gone\n");
        verdict = 1;
        break;
      }
      rss.emplace_back(second / 60.0, mib);
      rss_max = std::max(rss_max, mib);
      if (second % 60 == 0 || clock_type::now() >= deadline) {
        std::vector<double> lat;
        long requests = 0, unexpected = 0;
        {
          std::lock_guard lock(stats.mutex);
          lat.swap(stats.minute_latencies_us);
          requests = std::exchange(stats.minute_requests, 0);
          unexpected = std::exchange(stats.minute_unexpected, 0);
        }
        const double p99 = percentile(lat, 0.99) / 1000.0;
        p99_per_minute.push_back(std::round(p99 * 100) / 100);
        const long messages = l.messages.load();
        std::printf("%s\n", json{{"name", "soak_minute"}, {"second", second}, {"requests", requests},
                                  {"requests_per_s", static_cast<double>(requests) / (second - last_report)},
                                  {"p50_ms", percentile(lat, 0.50) / 1000.0}, {"p99_ms", p99}, {"unexpected", unexpected},
                                  {"live_messages", messages - last_messages}, {"rss_mib", mib},
                                  {"memory_mib", memory_mib(server.port())}}.dump().c_str());
        std::fflush(stdout);
        last_messages = messages;
        last_report = second;
      }
    }
    load.join();
    stop = true;
    watcher.join();
    // The last runs' ends reach every subscriber before the count is read.
    std::this_thread::sleep_for(std::chrono::seconds(2));
    std::atomic<int> silent{0};
    std::promise<void> counted;
    net::post(ioc, [&] {
      for (const auto& s : subs) {
        if (s->ends() == 0) ++silent;
      }
      counted.set_value();
    });
    counted.get_future().wait();
    ioc.stop();
    io.join();

    // Warm-up: the first fifth of the run, at most two minutes, is left out of the slope.
    const double warm = std::min(o.seconds / 5.0, 120.0) / 60.0;
    std::vector<std::pair<double, double>> steady;
    for (const auto& p : rss) if (p.first >= warm) steady.push_back(p);
    const double slope_mib_per_min = slope(steady);
    json summary = {{"name", "soak_summary"},
                    {"seconds", o.seconds},
                    {"sync", o.sync},
                    {"open_loop_requests_per_s", rate},
                    {"requests", stats.requests},
                    {"achieved_requests_per_s", static_cast<double>(stats.requests) / o.seconds},
                    {"unexpected_answers", stats.unexpected},
                    {"not_found_on_purpose", stats.on_purpose},
                    {"sent_late", stats.late},
                    {"p99_ms_per_minute", p99_per_minute},
                    {"subscribers", n},
                    {"subscriber_failures", l.failures.load()},
                    {"subscribers_that_heard_no_end", silent.load()},
                    {"live_messages", l.messages.load()},
                    {"execution_ends_heard", l.ends.load()},
                    {"slow_readers_lagged", l.lagged.load()},
                    {"reconnects", l.reconnects.load()},
                    {"watched_runs", watched_runs.load()},
                    {"watched_failures", watched_failures.load()},
                    {"rss_first_mib", rss.empty() ? 0.0 : rss.front().second},
                    {"rss_last_mib", rss.empty() ? 0.0 : rss.back().second},
                    {"rss_max_mib", rss_max},
                    {"rss_slope_mib_per_min_after_warmup", std::round(slope_mib_per_min * 1000) / 1000}};
    if (!stats.first_unexpected.empty()) summary["first_unexpected"] = stats.first_unexpected;
    if (!l.first_failure.empty()) summary["first_subscriber_failure"] = l.first_failure;
    if (!l.failures_by_kind.empty()) summary["subscriber_failures_by_kind"] = l.failures_by_kind;
    std::printf("%s\n", summary.dump().c_str());
    std::fflush(stdout);
    if (stats.unexpected > 0 || l.failures.load() > 0 || silent.load() > 0 || watched_failures.load() > 0) verdict = 1;
  }
  std::error_code ec;
  fs::remove_all(dir, ec);
  return verdict;
}

}  // namespace

int main(int argc, char** argv) {
  options o;
  for (int i = 1; i < argc; ++i) {
    const std::string flag = argv[i];
    const bool has_value = i + 1 < argc;
    if (flag == "--check") o.check = true;
    else if (flag == "--seconds" && has_value) o.seconds = std::stod(argv[++i]);
    else if (flag == "--fraction" && has_value) o.fraction = std::stod(argv[++i]);
    else if (flag == "--subscribers" && has_value) o.subscribers = std::stoi(argv[++i]);
    else if (flag == "--slow" && has_value) o.slow = std::stod(argv[++i]);
    else if (flag == "--calibrate" && has_value) o.calibrate = std::stod(argv[++i]);
    else if (flag == "--sync" && has_value) o.sync = argv[++i];
    else if (flag == "--watch-every-ms" && has_value) o.watch_every_ms = std::stoi(argv[++i]);
    else {
      std::fprintf(stderr, "usage: weft_soak [--seconds S] [--fraction F] [--subscribers N] [--slow F] [--calibrate S] "
                           "[--sync none|group] [--watch-every-ms MS] [--check]\n");
      return 2;
    }
  }
  rlimit limit{};
  if (::getrlimit(RLIMIT_NOFILE, &limit) == 0) {
    limit.rlim_cur = limit.rlim_max;
    ::setrlimit(RLIMIT_NOFILE, &limit);
  }
  ::setenv("WEFT_JWT_SECRET", weft::bench::secret, 1);
  const int verdict = run(o);
  return o.check ? verdict : 0;
}
