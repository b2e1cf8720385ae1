#include "services/retention_sweeper.hpp"

#include <algorithm>
#include <vector>

#include "storage/execution_store.hpp"

namespace weft::services {
namespace {

constexpr std::int64_t day_ms = 86'400'000;
constexpr auto pause_between_batches = std::chrono::milliseconds(5);

}  // namespace

retention_sweeper::retention_sweeper(storage::execution_store& executions, limits_fn limits, clock_fn now, std::size_t batch)
    : executions_(executions), limits_(std::move(limits)), now_(std::move(now)), batch_(batch) {}

retention_sweeper::~retention_sweeper() { stop(); }

std::size_t retention_sweeper::sweep_once() {
  std::size_t deleted = 0;
  std::string after;
  for (;;) {
    std::vector<std::string> tenants;
    if (!executions_.tenants(after, 100, tenants).is_ok() || tenants.empty()) break;
    after = tenants.back();
    for (const auto& tenant : tenants) {
      const core::tier_limits l = limits_(tenant);
      if (l.history_days < 0 && l.failed_history_days < 0) continue;
      const std::int64_t now = now_();
      auto window_of = [&l](const std::string& status) {
        const std::int64_t days = status == "completed" ? l.history_days : l.failed_history_days;
        return days < 0 ? -1 : days * day_ms;
      };
      // Nothing created after the shorter window's start can be past either window.
      std::int64_t shortest = -1;
      for (std::int64_t d : {l.history_days, l.failed_history_days}) {
        if (d >= 0 && (shortest < 0 || d < shortest)) shortest = d;
      }
      std::vector<storage::finished_execution> candidates;
      if (!executions_.finished_before(tenant, now - shortest * day_ms, batch_, candidates).is_ok()) continue;
      for (const auto& e : candidates) {
        const std::int64_t window = window_of(e.status);
        const std::int64_t finished = e.finished_ms > 0 ? e.finished_ms : e.created_ms;
        if (window < 0 || finished >= now - window) continue;
        if (executions_.remove(tenant, e).is_ok()) ++deleted;
      }
      std::unique_lock lock(mutex_);
      if (wake_.wait_for(lock, pause_between_batches, [this] { return stopping_; })) return deleted;
    }
  }
  return deleted;
}

void retention_sweeper::start(std::chrono::milliseconds period) {
  std::lock_guard lock(mutex_);
  if (thread_.joinable()) return;
  stopping_ = false;
  thread_ = std::thread([this, period] {
    for (;;) {
      (void)sweep_once();
      std::unique_lock lock(mutex_);
      if (wake_.wait_for(lock, period, [this] { return stopping_; })) return;
    }
  });
}

void retention_sweeper::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

}  // namespace weft::services
