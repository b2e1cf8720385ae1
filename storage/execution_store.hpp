// Execution summaries for listing (`GET /api/executions`): one record per execution under
// tenant\0execution_id in the executions family, written by the log writer in the same
// batch as the events that changed it (creation and the end), and a time index — all of a
// tenant's executions, and each workflow's — so lists come newest first without sorting.
// Thread-safe reads.
#pragma once

#include <cstdint>
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

/// Creation times a list keeps: from `from_ms` (included) to `before_ms` (excluded), unix ms.
struct created_range {
  std::int64_t from_ms = 0;
  std::int64_t before_ms = INT64_MAX;
};

/// A finished execution as retention sees it.
struct finished_execution {
  std::string execution_id;
  std::string workflow_id;
  std::string status;         // completed | failed | cancelled | timed_out
  std::int64_t created_ms = 0;
  std::int64_t finished_ms = 0;
};

class execution_store {
 public:
  /// The cursor that lists what comes after an execution created at `created_ms` with this id
  /// (newest first, then by id): a position in one order every coordinator shares, so pages
  /// of several coordinators merge (docs/cluster.md).
  [[nodiscard]] static std::string cursor_at(std::int64_t created_ms, std::string_view execution_id);
  explicit execution_store(database& db) : db_(db) {}

  /// Adds the summary write to `batch` (committed by the caller with the events): `cbor`, the
  /// CBOR of core::summary_of, is stored as it is (a value that does not decode reads as none).
  [[nodiscard]] status add_summary(write_batch& batch, std::string_view tenant, std::string_view execution_id,
                                   std::string_view cbor) const;
  /// Adds the index entries of a new execution (all executions and its workflow's).
  [[nodiscard]] status add_to_index(write_batch& batch, std::string_view tenant, std::string_view workflow_id,
                                    std::int64_t created_ms, std::string_view execution_id) const;
  /// Summaries of one tenant, newest first, after `cursor` (the next_cursor of the page
  /// before: opaque), of one workflow and one status when given, created in `created`, at
  /// most `limit`. The range is a seek and a stop in the time index, not a filter.
  [[nodiscard]] status list(std::string_view tenant, std::string_view workflow_id, std::string_view status_filter,
                            std::string_view cursor, std::size_t limit, execution_page& out,
                            created_range created = {}) const;

  /// Tenants that have executions, in order, after `after` ("" = from the first), at most
  /// `limit`: what the retention sweeper walks.
  [[nodiscard]] status tenants(std::string_view after, std::size_t limit, std::vector<std::string>& out) const;
  /// Finished executions of `tenant` created before `created_before_ms`, oldest last (index
  /// order), at most `limit`; running ones are skipped.
  [[nodiscard]] status finished_before(std::string_view tenant, std::int64_t created_before_ms, std::size_t limit,
                                       std::vector<finished_execution>& out) const;
  /// Deletes a finished execution whole — summary, index entries, events, snapshot — in one
  /// atomic write.
  [[nodiscard]] status remove(std::string_view tenant, const finished_execution& e);

 private:
  database& db_;
};

}  // namespace weft::storage
