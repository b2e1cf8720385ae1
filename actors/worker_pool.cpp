#include "actors/worker_pool.hpp"

#include <algorithm>

namespace weft::actors {
namespace {

// Load as a fraction, compared without division: a/b < c/d  <=>  a*d < c*b.
bool less_loaded(std::uint32_t in_flight, std::uint32_t slots, std::uint32_t other_in_flight, std::uint32_t other_slots) {
  return std::uint64_t{in_flight} * other_slots < std::uint64_t{other_in_flight} * slots;
}

}  // namespace

void worker_pool::add(worker w) {
  std::lock_guard lock(mutex_);
  w.slots = std::max<std::uint32_t>(1, w.slots);
  auto same = std::find_if(workers_.begin(), workers_.end(), [&](const worker& x) { return x.runner == w.runner; });
  if (same != workers_.end()) {
    w.in_flight = same->in_flight;
    w.placed = same->placed;
    *same = std::move(w);
  } else {
    workers_.push_back(std::move(w));
  }
  size_.store(workers_.size(), std::memory_order_relaxed);
}

bool worker_pool::remove(const caf::actor_addr& runner) {
  std::lock_guard lock(mutex_);
  auto gone = std::remove_if(workers_.begin(), workers_.end(), [&](const worker& x) { return x.runner.address() == runner; });
  const bool found = gone != workers_.end();
  workers_.erase(gone, workers_.end());
  size_.store(workers_.size(), std::memory_order_relaxed);
  return found;
}

caf::actor worker_pool::place() {
  std::lock_guard lock(mutex_);
  worker* best = nullptr;
  std::uint32_t best_in_flight = local_in_flight_, best_slots = std::max<std::uint32_t>(1, local_slots_);
  bool best_free = local_in_flight_ < local_slots_;
  for (auto& w : workers_) {
    if (w.in_flight >= w.slots) continue;
    if (!best_free || less_loaded(w.in_flight, w.slots, best_in_flight, best_slots)) {
      best = &w;
      best_in_flight = w.in_flight;
      best_slots = w.slots;
      best_free = true;
    }
  }
  if (!best) {
    ++local_in_flight_;
    return {};
  }
  ++best->in_flight;
  ++best->placed;
  ++placed_on_workers_;
  return best->runner;
}

void worker_pool::release(const caf::actor& runner) {
  std::lock_guard lock(mutex_);
  if (!runner) {
    if (local_in_flight_ > 0) --local_in_flight_;
    return;
  }
  for (auto& w : workers_) {
    if (w.runner == runner && w.in_flight > 0) --w.in_flight;
  }
}

std::vector<worker_pool::worker> worker_pool::workers() const {
  std::lock_guard lock(mutex_);
  return workers_;
}

std::uint64_t worker_pool::placed_on_workers() const {
  std::lock_guard lock(mutex_);
  return placed_on_workers_;
}

std::uint32_t worker_pool::local_in_flight() const {
  std::lock_guard lock(mutex_);
  return local_in_flight_;
}

}  // namespace weft::actors
