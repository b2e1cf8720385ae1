// Execution summaries for listing (`GET /api/executions`): one record per execution under
// tenant\0execution_id in the executions family, written by the log writer in the same
// batch as the events that changed it (creation and the end), and a time index — all of a
// tenant's executions, and each workflow's — so lists come newest first without sorting.
// Thread-safe reads.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "storage/database.hpp"
#include "storage/status.hpp"

namespace weft::storage {

struct execution_page {
  std::vector<nlohmann::json> items;
  std::string next_cursor;  // empty on the last page
};

class execution_store {
 public:
  explicit execution_store(database& db) : db_(db) {}

  /// Adds the summary write to `batch` (committed by the caller with the events).
  [[nodiscard]] status add_summary(write_batch& batch, std::string_view tenant, std::string_view execution_id,
                                   const nlohmann::json& summary) const;
  /// Adds the index entries of a new execution (all executions and its workflow's).
  [[nodiscard]] status add_to_index(write_batch& batch, std::string_view tenant, std::string_view workflow_id,
                                    std::int64_t created_ms, std::string_view execution_id) const;
  /// Summaries of one tenant, newest first, after `cursor` (the next_cursor of the page
  /// before: opaque), of one workflow and one status when given, at most `limit`.
  [[nodiscard]] status list(std::string_view tenant, std::string_view workflow_id, std::string_view status_filter,
                            std::string_view cursor, std::size_t limit, execution_page& out) const;

 private:
  database& db_;
};

}  // namespace weft::storage
