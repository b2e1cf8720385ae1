// Reads an execution's events for `GET /api/executions/{id}/events` (SPEC §5), tenant-
// scoped. Read-only over the event log; thread-safe.
#pragma once

#include <cstdint>
#include <string>

#include "services/workflow_service.hpp"
#include "storage/event_log.hpp"

namespace weft::services {

class execution_reader {
 public:
  explicit execution_reader(const storage::event_log& log) : log_(log) {}

  /// `{ events: [...], next_after }`: events with seq > `after`, at most `limit` (≤ 1000).
  [[nodiscard]] outcome events(const caller& who, const std::string& execution_id, std::uint64_t after,
                               std::size_t limit) const;
  /// `{ logs: [{ seq, timestamp, step_id, level, message }] }`: the execution's log lines
  /// (log events and step failures), oldest first.
  [[nodiscard]] outcome logs(const caller& who, const std::string& execution_id) const;

 private:
  const storage::event_log& log_;
};

}  // namespace weft::services
