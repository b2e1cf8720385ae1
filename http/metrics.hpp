// Prometheus metrics of the HTTP service: requests by route, method and status, latency
// histograms by route, and gauges the app supplies (storage sizes, uptime). prometheus-cpp
// stays in metrics.cpp. Thread-safe.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace weft::http {

class metrics {
 public:
  using gauges_fn = std::function<std::vector<std::pair<std::string, double>>()>;  // name -> value

  explicit metrics(gauges_fn gauges = {});
  ~metrics();
  metrics(const metrics&) = delete;
  metrics& operator=(const metrics&) = delete;

  void observe(const std::string& route, const std::string& method, int status, double seconds);
  /// The Prometheus text exposition format (version 0.0.4).
  [[nodiscard]] std::string render() const;

 private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

}  // namespace weft::http
