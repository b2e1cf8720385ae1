// Workflows and their immutable versions, per tenant. A save writes the workflow record and
// its new version in one atomic batch, guarded by the version the caller read (optimistic
// concurrency). Thread-safe: saves and removals are serialised by a mutex.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "storage/database.hpp"
#include "storage/status.hpp"

namespace weft::storage {

struct workflow_record {
  std::string tenant;
  std::string id;
  std::string name;
  std::string description;
  std::string status = "draft";     // draft | active | archived
  std::uint64_t version = 0;        // latest version
  std::uint64_t active_version = 0; // the published one, 0 when none
  std::uint64_t revision = 0;       // changes so far: every save, a publish included
  std::string created_by;
  std::string updated_by;
  std::int64_t created_at = 0;      // unix ms
  std::int64_t updated_at = 0;
  nlohmann::json definition;        // the latest version's definition (canonical form)
};

struct version_record {
  std::uint64_t version = 0;
  nlohmann::json definition;
  std::string change;               // created | replaced | patched | published | reverted
  std::string notes;
  std::string created_by;
  std::int64_t created_at = 0;
  // Set when this version was published (the latest publish of it): publishing names an
  // existing version rather than writing a new one.
  std::string published_by;
  std::int64_t published_at = 0;    // unix ms, 0 when never published
  std::string publish_notes;
};

struct workflow_page {
  std::vector<workflow_record> items;
  std::string next_cursor;          // empty on the last page
};

class workflow_store {
 public:
  explicit workflow_store(database& db) : db_(db) {}

  /// Writes `wf` and `v` atomically. `expected_version` is the latest version the caller
  /// saw (0 to create); conflict when the stored workflow has moved on or, on create, exists.
  /// `v` is the latest version (a save) or an earlier one being marked published.
  [[nodiscard]] status save(const workflow_record& wf, const version_record& v, std::uint64_t expected_version);
  [[nodiscard]] status get(std::string_view tenant, std::string_view id, workflow_record& out) const;
  /// Up to `limit` workflows with ids after `cursor` (empty: from the start), in id order.
  [[nodiscard]] status list(std::string_view tenant, std::string_view cursor, std::size_t limit,
                            workflow_page& out) const;
  /// Visits every tenant's workflows (tenant, then id order) until `visit` returns false:
  /// what the scheduler reads at start-up.
  [[nodiscard]] status for_each(const std::function<bool(const workflow_record&)>& visit) const;
  /// Removes the workflow and every version of it.
  [[nodiscard]] status remove(std::string_view tenant, std::string_view id);
  [[nodiscard]] status get_version(std::string_view tenant, std::string_view id, std::uint64_t version,
                                   version_record& out) const;
  /// Every version, oldest first.
  [[nodiscard]] status list_versions(std::string_view tenant, std::string_view id,
                                     std::vector<version_record>& out) const;
  /// How many writes (saves, removals) this store has made: a copy of a workflow read when
  /// this was g is still current while it is g (read it before reading the workflow).
  [[nodiscard]] std::uint64_t generation() const noexcept { return generation_.load(std::memory_order_acquire); }
  /// Workflows were written past this store (a catalogue write applied on a follower,
  /// docs/cluster.md): what readers cached by generation is stale.
  void changed_elsewhere() noexcept { generation_.fetch_add(1, std::memory_order_release); }

 private:
  database& db_;
  std::mutex write_mutex_;
  std::atomic<std::uint64_t> generation_{0};
};

}  // namespace weft::storage
