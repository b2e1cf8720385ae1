// The engine's queue of pending executions (SPEC §6: fair admission): one line per tenant
// (higher priority first, first come first served within a priority) and a round-robin
// turn over the tenants that have something waiting, so a tenant with 10,000 queued
// executions delays another tenant's first by at most one turn. Keys are the
// engine's "tenant\0id". Not thread-safe: the engine actor owns it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <optional>
#include <string>

namespace weft::actors {

class admission_queue {
 public:
  /// Adds `key` to its tenant's line, after every entry of the same or a higher priority.
  void push(const std::string& key, std::int32_t priority = 0);
  /// Takes `key` out of its line; false when it is not in one.
  bool remove(const std::string& key);
  /// The first execution of the next tenant in turn for which `may_start(tenant)` holds
  /// (that tenant goes to the back of the turn); nullopt when no waiting tenant may start.
  [[nodiscard]] std::optional<std::string> next(const std::function<bool(const std::string& tenant)>& may_start);
  /// 1-based place of `key` in its tenant's line; 0 when it is not queued.
  [[nodiscard]] std::size_t position(const std::string& key) const;
  [[nodiscard]] bool empty_for(const std::string& tenant) const;
  [[nodiscard]] bool empty() const noexcept { return lines_.empty(); }

  /// The tenant of an engine key.
  [[nodiscard]] static std::string tenant_of(const std::string& key);

 private:
  struct entry {
    std::int32_t priority = 0;
    std::string key;
  };
  std::map<std::string, std::deque<entry>> lines_;  // tenant -> entries, in starting order
  std::deque<std::string> turn_;                          // tenants with a line, next first
};

}  // namespace weft::actors
