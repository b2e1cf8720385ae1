// prometheus-cpp registry with two families; gauges are read at scrape time.
#include "http/metrics.hpp"

#include <mutex>

#include <prometheus/counter.h>
#include <prometheus/gauge.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>
#include <prometheus/text_serializer.h>

namespace weft::http {

struct metrics::impl {
  std::shared_ptr<prometheus::Registry> registry = std::make_shared<prometheus::Registry>();
  prometheus::Family<prometheus::Counter>& requests = prometheus::BuildCounter()
                                                          .Name("weft_http_requests_total")
                                                          .Help("HTTP requests by route, method and status")
                                                          .Register(*registry);
  prometheus::Family<prometheus::Histogram>& latency = prometheus::BuildHistogram()
                                                           .Name("weft_http_request_duration_seconds")
                                                           .Help("HTTP request latency by route")
                                                           .Register(*registry);
  prometheus::Family<prometheus::Gauge>& gauges = prometheus::BuildGauge()
                                                      .Name("weft_gauge")
                                                      .Help("Node gauges: storage bytes per column family, uptime")
                                                      .Register(*registry);
  gauges_fn read_gauges;
  std::mutex gauge_mutex;  // Family::Add is thread-safe; the read-and-set of all gauges is kept together
};

metrics::metrics(gauges_fn gauges) : impl_(std::make_unique<impl>()) { impl_->read_gauges = std::move(gauges); }
metrics::~metrics() = default;

namespace {

// The method as a label: one the API serves, or "other". A label taken from the request as
// sent would let a client add a series (kept for the life of the process) per verb it sends.
std::string method_label(const std::string& method) {
  for (const char* known : {"GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"}) {
    if (method == known) return method;
  }
  return "other";
}

}  // namespace

void metrics::observe(const std::string& route, const std::string& method, int status, double seconds) {
  impl_->requests.Add({{"route", route}, {"method", method_label(method)}, {"status", std::to_string(status)}}).Increment();
  static const prometheus::Histogram::BucketBoundaries buckets = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
                                                                  0.05,   0.1,   0.25,   0.5,   1.0,  2.5};
  impl_->latency.Add({{"route", route}}, buckets).Observe(seconds);
}

std::string metrics::render() const {
  if (impl_->read_gauges) {
    std::lock_guard lock(impl_->gauge_mutex);
    for (const auto& [name, value] : impl_->read_gauges()) impl_->gauges.Add({{"name", name}}).Set(value);
  }
  return prometheus::TextSerializer().Serialize(impl_->registry->Collect());
}

}  // namespace weft::http
