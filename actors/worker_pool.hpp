// The nodes a coordinator may place step attempts on (SPEC §9, docs/cluster.md): itself and
// the workers that joined, each with its slots and how many of them are taken. Shared by the
// door (workers join and leave) and every supervisor (places and releases attempts); safe
// from any thread. Only attempts that call out over HTTP travel (docs/cluster.md says why).
// An attempt pinned to labels (a step type the operator pinned, a tenant's component that
// names worker_labels) goes only to a worker carrying every one of them, and waits for a slot
// on one rather than run here.
#pragma once

#include <atomic>
#include <cstdint>
#include <mutex>
#include <map>
#include <string>
#include <vector>

#include <caf/actor.hpp>
#include <caf/actor_addr.hpp>

namespace weft::actors {

class worker_pool {
 public:
  /// `local_slots`: how many travelling attempts this node takes before a worker is preferred.
  /// `pinned_types`: step types that run only on workers with every one of the labels given.
  explicit worker_pool(std::uint32_t local_slots, std::map<std::string, std::vector<std::string>> pinned_types = {})
      : local_slots_(local_slots), pinned_types_(std::move(pinned_types)) {}

  struct worker {
    std::string name;
    caf::actor runner;
    std::uint32_t slots = 1;
    std::vector<std::string> labels;
    std::uint32_t in_flight = 0;
    std::uint64_t placed = 0;  // attempts placed on it since it joined
  };

  /// A worker joins (or, with the same runner, joins again).
  void add(worker w);
  /// A worker left; false when it was not in the pool.
  bool remove(const caf::actor_addr& runner);

  /// Where an attempt goes: the least loaded node (taken slots over slots) with a free slot,
  /// this node first among equals; a null actor means here (also when every slot is taken:
  /// this node never refuses). Takes a slot, given back with release().
  [[nodiscard]] caf::actor place();
  [[nodiscard]] const std::map<std::string, std::vector<std::string>>& pinned_types() const noexcept { return pinned_types_; }
  /// The labels the operator pinned `type` to; empty when it is not pinned.
  [[nodiscard]] const std::vector<std::string>& pinned_labels(const std::string& type) const;
  /// Where an attempt pinned to `labels` goes: the least loaded worker carrying them all with a
  /// free slot (its slot taken). Null when none has one now: then `supervisor` is sent a
  /// pinned_slot for (`step_id`, `attempt`) once one does, the slot taken for it, unless
  /// stop_waiting() came first.
  [[nodiscard]] caf::actor place_pinned(const std::vector<std::string>& labels, const caf::actor& supervisor,
                                        const std::string& step_id, std::uint32_t attempt);
  /// The attempt of `step_id` that `supervisor` placed with place_pinned() no longer waits.
  void stop_waiting(const caf::actor_addr& supervisor, const std::string& step_id);
  /// Attempts waiting for a worker with their labels.
  [[nodiscard]] std::size_t waiting() const;

  /// Gives back the slot place() took on `runner` (null: this node's).
  void release(const caf::actor& runner);

  /// How many workers there are now.
  [[nodiscard]] std::size_t size() const noexcept { return size_.load(std::memory_order_relaxed); }
  /// The workers as they are now, with this node's own use, for GET /api/cluster.
  [[nodiscard]] std::vector<worker> workers() const;
  [[nodiscard]] std::uint32_t local_in_flight() const;
  [[nodiscard]] std::uint32_t local_slots() const noexcept { return local_slots_; }
  /// Attempts placed on workers since start, whichever worker (those that left included).
  [[nodiscard]] std::uint64_t placed_on_workers() const;

 private:
  struct waiter {
    std::vector<std::string> labels;
    caf::actor supervisor;
    std::string step_id;
    std::uint32_t attempt = 0;
  };
  // The least loaded worker with every label of `labels` and a free slot; null when none.
  worker* best_with(const std::vector<std::string>& labels);
  // Gives free slots to waiters, first come first served; their messages, to send unlocked.
  void serve_waiters(std::vector<std::pair<caf::actor, waiter>>& out);
  static void notify(std::vector<std::pair<caf::actor, waiter>>& out);

  mutable std::mutex mutex_;
  std::vector<worker> workers_;
  std::vector<waiter> waiters_;
  std::uint32_t local_slots_;
  std::map<std::string, std::vector<std::string>> pinned_types_;
  std::uint32_t local_in_flight_ = 0;
  std::uint64_t placed_on_workers_ = 0;
  std::atomic<std::size_t> size_{0};
};

}  // namespace weft::actors
