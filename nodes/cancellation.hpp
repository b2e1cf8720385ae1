// A step attempt's cancellation, shared by the supervisor (which cancels an attempt it
// abandons: the execution ended, the attempt timed out) and the call in flight (which
// registers how to stop: close its socket). Thread-safe: cancel() comes from an actor
// thread while the call blocks its own.
#pragma once

#include <functional>
#include <mutex>

namespace weft::nodes {

class cancellation {
 public:
  /// Runs `stop` once cancel() is called — now, when it already was. Replaces an earlier one.
  void on_cancel(std::function<void()> stop) {
    std::lock_guard lock(m_);
    if (cancelled_) {
      stop();
      return;
    }
    stop_ = std::move(stop);
  }
  /// The call is over: nothing to stop any more. Waits for a cancel() in progress.
  void clear() {
    std::lock_guard lock(m_);
    stop_ = nullptr;
  }
  void cancel() {
    std::lock_guard lock(m_);
    cancelled_ = true;
    if (stop_) std::exchange(stop_, nullptr)();
  }
  [[nodiscard]] bool cancelled() const {
    std::lock_guard lock(m_);
    return cancelled_;
  }

 private:
  mutable std::mutex m_;
  bool cancelled_ = false;
  std::function<void()> stop_;
};

}  // namespace weft::nodes
