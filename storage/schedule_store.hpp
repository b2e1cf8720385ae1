// Where each schedule trigger stands (SPEC §3): the latest scheduled time it has dealt with
// (fired, or skipped as missed), so that after downtime the scheduler knows which runs it
// missed. Under tenant\0"schedules"\0workflow_id\0step_id in the tenants family. Thread-safe.
#pragma once

#include <cstdint>
#include <string_view>

#include "storage/database.hpp"
#include "storage/status.hpp"

namespace weft::storage {

class schedule_store {
 public:
  explicit schedule_store(database& db) : db_(db) {}

  /// not_found when the schedule has never been recorded.
  [[nodiscard]] status last_handled(std::string_view tenant, std::string_view workflow_id, std::string_view step_id,
                                    std::int64_t& at_ms) const;
  [[nodiscard]] status set_last_handled(std::string_view tenant, std::string_view workflow_id, std::string_view step_id,
                                        std::int64_t at_ms);
  /// Forgets every schedule of a workflow (it was deleted).
  [[nodiscard]] status forget(std::string_view tenant, std::string_view workflow_id);

 private:
  database& db_;
};

}  // namespace weft::storage
