// A closed-loop HTTP load generator for the benchmarks: N keep-alive connections on their
// own threads, each sending one request and waiting for its answer before the next, for a
// given time or until a given number of requests were sent in all, each answer judged by
// the caller. Beast's synchronous client; bench-only (never include from the product).
#pragma once

#include <algorithm>
#include <atomic>
#include <chrono>
#include <functional>
#include <cstdint>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

namespace weft::bench {

struct load_result {
  long requests = 0;
  long failures = 0;  // transport errors and answers of 300 or more
  double seconds = 0;
  std::vector<double> latencies_us;

  [[nodiscard]] double percentile(double p) {
    if (latencies_us.empty()) return 0;
    const auto k = static_cast<std::size_t>(p * static_cast<double>(latencies_us.size() - 1));
    std::nth_element(latencies_us.begin(), latencies_us.begin() + static_cast<long>(k), latencies_us.end());
    return latencies_us[k];
  }
};

/// How long a closed loop runs and how its answers are judged.
struct load_plan {
  int connections = 4;
  double seconds = 0;  // run for this long, unless `requests` is set
  long requests = 0;   // when > 0: send exactly this many in all, whatever the time
  /// Whether an answer is the one expected (a failure otherwise); unset: any status below 300.
  std::function<bool(int status, const std::string& body)> accept;
};

namespace detail {

namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
namespace net = boost::asio;

// One keep-alive connection sending `method target` while `take()` grants another request.
inline load_result client_loop(std::uint16_t port, const std::string& token, const std::string& method,
                               const std::string& target, const std::string& body, const std::function<bool()>& take,
                               const load_plan& plan) {
  load_result r;
  net::io_context ioc;
  beast::tcp_stream stream(ioc);
  beast::error_code ec;
  stream.connect(net::ip::tcp::endpoint(net::ip::make_address("127.0.0.1"), port), ec);
  if (ec) return r;
  beast::flat_buffer buffer;
  while (take()) {
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
    r.latencies_us.push_back(
        std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - start).count());
    ++r.requests;
    const int status = static_cast<int>(res.result_int());
    if (plan.accept ? !plan.accept(status, res.body()) : status >= 300) ++r.failures;
  }
  return r;
}

}  // namespace detail

/// One request on a fresh connection: the status (0 when it failed) and the body.
inline std::pair<int, std::string> one_request(std::uint16_t port, const std::string& token, const std::string& method,
                                               const std::string& target, const std::string& body) {
  namespace net = boost::asio;
  namespace bhttp = boost::beast::http;
  net::io_context ioc;
  boost::beast::tcp_stream stream(ioc);
  boost::beast::error_code ec;
  stream.connect(net::ip::tcp::endpoint(net::ip::make_address("127.0.0.1"), port), ec);
  if (ec) return {0, ec.message()};
  bhttp::request<bhttp::string_body> req{bhttp::string_to_verb(method), target, 11};
  req.set(bhttp::field::host, "127.0.0.1");
  req.set(bhttp::field::authorization, "Bearer " + token);
  req.set("X-Tenant-ID", "bench");
  req.set(bhttp::field::content_type, "application/json");
  req.body() = body;
  req.prepare_payload();
  bhttp::write(stream, req, ec);
  boost::beast::flat_buffer buffer;
  bhttp::response<bhttp::string_body> res;
  if (!ec) bhttp::read(stream, buffer, res, ec);
  if (ec) return {0, ec.message()};
  return {static_cast<int>(res.result_int()), res.body()};
}

/// Runs `plan.connections` closed loops of `method target` (with `body`).
inline load_result closed_loop(std::uint16_t port, const std::string& token, const std::string& method,
                               const std::string& target, const std::string& body, const load_plan& plan) {
  const auto deadline =
      std::chrono::steady_clock::now() +
      std::chrono::duration_cast<std::chrono::steady_clock::duration>(std::chrono::duration<double>(plan.seconds));
  std::atomic<long> left{plan.requests};
  const std::function<bool()> take = [&] {
    if (plan.requests > 0) return left.fetch_sub(1) > 0;
    return std::chrono::steady_clock::now() < deadline;
  };
  std::vector<load_result> results(static_cast<std::size_t>(plan.connections));
  std::vector<std::thread> threads;
  const auto start = std::chrono::steady_clock::now();
  for (int c = 0; c < plan.connections; ++c) {
    threads.emplace_back([&, c] {
      results[static_cast<std::size_t>(c)] = detail::client_loop(port, token, method, target, body, take, plan);
    });
  }
  for (auto& t : threads) t.join();
  load_result all;
  all.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  for (auto& r : results) {
    all.requests += r.requests;
    all.failures += r.failures;
    all.latencies_us.insert(all.latencies_us.end(), r.latencies_us.begin(), r.latencies_us.end());
  }
  return all;
}

/// Runs `connections` closed loops of `method target` for `seconds`; an answer of 300 or more is a failure.
inline load_result closed_loop(std::uint16_t port, const std::string& token, const std::string& method,
                               const std::string& target, const std::string& body, int connections, double seconds) {
  return closed_loop(port, token, method, target, body, load_plan{connections, seconds, 0, {}});
}

}  // namespace weft::bench
