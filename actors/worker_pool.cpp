#include "actors/worker_pool.hpp"

#include <algorithm>

#include <caf/send.hpp>

#include "actors/cluster_messages.hpp"

namespace weft::actors {
namespace {

// Load as a fraction, compared without division: a/b < c/d  <=>  a*d < c*b.
bool less_loaded(std::uint32_t in_flight, std::uint32_t slots, std::uint32_t other_in_flight, std::uint32_t other_slots) {
  return std::uint64_t{in_flight} * other_slots < std::uint64_t{other_in_flight} * slots;
}

bool carries(const std::vector<std::string>& labels, const std::vector<std::string>& required) {
  return std::all_of(required.begin(), required.end(), [&](const std::string& label) {
    return std::find(labels.begin(), labels.end(), label) != labels.end();
  });
}

}  // namespace

void worker_pool::add(worker w) {
  std::vector<std::pair<caf::actor, waiter>> served;
  std::unique_lock lock(mutex_);
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
  serve_waiters(served);
  lock.unlock();
  notify(served);
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
  std::vector<std::pair<caf::actor, waiter>> served;
  std::unique_lock lock(mutex_);
  if (!runner) {
    if (local_in_flight_ > 0) --local_in_flight_;
    return;
  }
  for (auto& w : workers_) {
    if (w.runner == runner && w.in_flight > 0) --w.in_flight;
  }
  serve_waiters(served);
  lock.unlock();
  notify(served);
}

const std::vector<std::string>& worker_pool::pinned_labels(const std::string& type) const {
  static const std::vector<std::string> none;
  auto it = pinned_types_.find(type);
  return it == pinned_types_.end() ? none : it->second;
}

worker_pool::worker* worker_pool::best_with(const std::vector<std::string>& labels) {
  worker* best = nullptr;
  for (auto& w : workers_) {
    if (w.in_flight >= w.slots || !carries(w.labels, labels)) continue;
    if (!best || less_loaded(w.in_flight, w.slots, best->in_flight, best->slots)) best = &w;
  }
  return best;
}

caf::actor worker_pool::place_pinned(const std::vector<std::string>& labels, const caf::actor& supervisor,
                                     const std::string& step_id, std::uint32_t attempt) {
  std::lock_guard lock(mutex_);
  // A free slot here is one no waiter can use: each is given out to those that can as it
  // frees (release, add), so taking it serves them in order.
  worker* best = best_with(labels);
  if (!best) {
    waiters_.push_back({labels, supervisor, step_id, attempt});
    return {};
  }
  ++best->in_flight;
  ++best->placed;
  ++placed_on_workers_;
  return best->runner;
}

void worker_pool::stop_waiting(const caf::actor_addr& supervisor, const std::string& step_id) {
  std::lock_guard lock(mutex_);
  waiters_.erase(std::remove_if(waiters_.begin(), waiters_.end(),
                                [&](const waiter& w) { return w.supervisor.address() == supervisor && w.step_id == step_id; }),
                 waiters_.end());
}

std::size_t worker_pool::waiting() const {
  std::lock_guard lock(mutex_);
  return waiters_.size();
}

void worker_pool::serve_waiters(std::vector<std::pair<caf::actor, waiter>>& out) {
  for (auto it = waiters_.begin(); it != waiters_.end();) {
    worker* best = best_with(it->labels);
    if (!best) {
      ++it;
      continue;
    }
    ++best->in_flight;
    ++best->placed;
    ++placed_on_workers_;
    out.emplace_back(best->runner, std::move(*it));
    it = waiters_.erase(it);
  }
}

void worker_pool::notify(std::vector<std::pair<caf::actor, waiter>>& out) {
  for (auto& [runner, w] : out) caf::anon_send(w.supervisor, pinned_slot{w.step_id, w.attempt, runner});
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
