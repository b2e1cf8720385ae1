// Retention (SPEC §6): a background sweeper deletes finished executions — summary, index
// entries, events, snapshot — once they are older than their tenant's history window
// (`history_days` for completed runs, `failed_history_days` for failed, cancelled and
// timed-out ones), counted from when they finished. It works in small batches on its own
// thread and pauses between them, so the engine does not notice it. The clock is injected.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

#include "core/tier.hpp"

namespace weft::storage {
class execution_store;
}

namespace weft::services {

class retention_sweeper {
 public:
  using clock_fn = std::function<std::int64_t()>;
  using limits_fn = std::function<core::tier_limits(const std::string& tenant)>;

  /// `batch`: executions looked at per tenant per write.
  retention_sweeper(storage::execution_store& executions, limits_fn limits, clock_fn now, std::size_t batch = 200);
  ~retention_sweeper();
  retention_sweeper(const retention_sweeper&) = delete;
  retention_sweeper& operator=(const retention_sweeper&) = delete;

  /// One pass over every tenant; the number of executions deleted.
  std::size_t sweep_once();
  /// Sweeps every `period` on a thread of its own until stop().
  void start(std::chrono::milliseconds period);
  void stop();

 private:
  storage::execution_store& executions_;
  limits_fn limits_;
  clock_fn now_;
  std::size_t batch_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace weft::services
