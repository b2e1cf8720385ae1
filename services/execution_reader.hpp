// Reads an execution's events for `GET /api/executions/{id}/events` (SPEC §5), tenant-
// scoped. Read-only over the event log; thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "services/workflow_service.hpp"
#include "storage/event_log.hpp"
#include "storage/execution_store.hpp"
#include "storage/idempotency_store.hpp"

namespace weft::services {

/// Idempotency keys of execution starts, per tenant, for 24 hours (SPEC §5). A key is
/// reserved here and claimed on disk with the execution's first event (the log writer
/// writes both in one batch and settles the reservation).
class start_keys {
 public:
  static constexpr std::int64_t ttl_ms = 24LL * 3600 * 1000;
  explicit start_keys(storage::idempotency_store& store) : store_(store) {}
  /// The execution id to use: `candidate` when the key is new, else the first one's id.
  /// An error outcome when the key is not usable (too long, a 0 byte).
  [[nodiscard]] outcome reserve(const caller& who, const std::string& key, const std::string& candidate, std::int64_t now_ms);
  /// Frees the reservation of a start that wrote nothing (refused before its first event).
  void release(const caller& who, const std::string& key, const std::string& candidate);

 private:
  storage::idempotency_store& store_;
};

class execution_reader {
 public:
  execution_reader(const storage::event_log& log, const storage::execution_store& summaries)
      : log_(log), summaries_(summaries) {}

  /// `{ executions: [summary...], next_cursor }` filtered by workflow id, status and when
  /// they were created.
  [[nodiscard]] outcome list(const caller& who, const std::string& workflow_id, const std::string& status,
                             const std::string& cursor, std::size_t limit, storage::created_range created = {}) const;

  /// Pages of one listing (list()'s answers) from several coordinators merged into one page of
  /// at most `limit`, newest first, with the cursor that continues it on every coordinator:
  /// cursors are positions in one order all share (docs/cluster.md).
  [[nodiscard]] static nlohmann::json merge_pages(const std::vector<nlohmann::json>& pages, std::size_t limit);

  /// `{ events: [...], next_after }`: events with seq > `after`, at most `limit` (≤ 1000).
  [[nodiscard]] outcome events(const caller& who, const std::string& execution_id, std::uint64_t after,
                               std::size_t limit) const;
  /// `{ logs: [{ seq, timestamp, step_id, level, message }] }`: the execution's log lines
  /// (log events and step failures), oldest first.
  [[nodiscard]] outcome logs(const caller& who, const std::string& execution_id) const;

 private:
  const storage::event_log& log_;
  const storage::execution_store& summaries_;
};

}  // namespace weft::services
