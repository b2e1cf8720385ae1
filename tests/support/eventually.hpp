// Polls a condition in tests, for what leaves no event to await (a stub's call count, an actor
// count, a gauge, another process's view): until it holds or `within` passes.
#pragma once

#include <chrono>
#include <functional>
#include <thread>

namespace weft::testing {

/// Whether `done` came to hold within `within` (polled every millisecond).
inline bool eventually(const std::function<bool()>& done, std::chrono::milliseconds within = std::chrono::seconds(20)) {
  const auto deadline = std::chrono::steady_clock::now() + within;
  while (!done()) {
    if (std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  return true;
}

}  // namespace weft::testing
