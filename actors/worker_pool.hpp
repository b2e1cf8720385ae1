// The nodes a coordinator may place step attempts on (SPEC §9, docs/cluster.md): itself and
// the workers that joined, each with its slots and how many of them are taken. Shared by the
// door (workers join and leave) and every supervisor (places and releases attempts); safe
// from any thread. Only attempts that call out over HTTP travel (docs/cluster.md says why).
#pragma once

#include <atomic>
#include <cstdint>
#include <mutex>
#include <string>
#include <vector>

#include <caf/actor.hpp>
#include <caf/actor_addr.hpp>

namespace weft::actors {

class worker_pool {
 public:
  /// `local_slots`: how many travelling attempts this node takes before a worker is preferred.
  explicit worker_pool(std::uint32_t local_slots) : local_slots_(local_slots) {}

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
  mutable std::mutex mutex_;
  std::vector<worker> workers_;
  std::uint32_t local_slots_;
  std::uint32_t local_in_flight_ = 0;
  std::uint64_t placed_on_workers_ = 0;
  std::atomic<std::size_t> size_{0};
};

}  // namespace weft::actors
