// The event log: the source of truth for executions (SPEC §5). Appends the events of one or
// many executions in one atomic, synced batch; keeps the set of non-terminal executions in
// the same batch, for recovery. Thread-safe; meant to be driven by one writer actor, which
// assigns seqs (the log does not renumber).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/events.hpp"
#include "core/execution_snapshot.hpp"
#include "storage/database.hpp"
#include "storage/status.hpp"

namespace weft::storage {

/// Events of one execution, in seq order.
struct execution_events {
  std::string tenant;
  std::string execution_id;
  std::vector<core::event> events;
};

/// Events of one execution by reference (core::event_ref), in seq order: appended without
/// a copy of their data.
struct execution_event_refs {
  std::string_view tenant;
  std::string_view execution_id;
  std::vector<core::event_ref> events;
};

struct execution_ref {
  std::string tenant;
  std::string execution_id;
};

class event_log {
 public:
  explicit event_log(database& db) : db_(db) {}

  /// Appends every event of `appends` in one atomic write, fsynced in sync mode `group`.
  /// `execution_created` marks an execution active and a terminal event clears the mark.
  /// Returns only once the batch is durable; on failure nothing of it is visible.
  [[nodiscard]] status append(const std::vector<execution_events>& appends);
  /// Adds the writes of `appends` to `batch`, so callers can commit them together with
  /// other state (summaries, timers) in one transaction.
  [[nodiscard]] status add_to(write_batch& batch, const std::vector<execution_events>& appends) const;
  [[nodiscard]] status add_to(write_batch& batch, const std::vector<execution_event_refs>& appends) const;
  /// An empty batch of the log's database, and its commit (for add_to() users).
  [[nodiscard]] write_batch new_batch() { return db_.new_batch(); }
  [[nodiscard]] status commit(write_batch& batch) { return batch.size() == 0 ? status::ok() : db_.write(batch); }
  /// Whether a commit waits for an fsync (sync mode `group`).
  [[nodiscard]] bool synced() const noexcept { return db_.sync() == sync_mode::group; }
  /// Events with seq > `after_seq`, at most `limit`, in seq order. An execution_created that
  /// names its definition by digest is read with the definition in its place, as it was
  /// given (`definition`), so no reader sees the difference.
  [[nodiscard]] status read(std::string_view tenant, std::string_view execution_id, std::uint64_t after_seq,
                            std::size_t limit, std::vector<core::event>& out) const;
  /// Whether the execution has any event (an id that was used, even if it ended long ago).
  [[nodiscard]] status has_events(std::string_view tenant, std::string_view execution_id, bool& out) const;
  /// The highest seq stored for the execution (0 when it has none).
  [[nodiscard]] status last_seq(std::string_view tenant, std::string_view execution_id, std::uint64_t& out) const;
  /// Adds the execution's snapshot (`cbor`: the CBOR of core::snapshot_of at its last_seq) to
  /// `batch`, replacing the one before; stored as it is (one that does not decode is skipped
  /// by read_history).
  [[nodiscard]] status add_snapshot(write_batch& batch, std::string_view tenant, std::string_view execution_id,
                                    std::string_view cbor) const;
  /// Adds to `batch` a definition (`cbor`) that execution_created events name by `digest`
  /// (their data's `definition_digest`) instead of carrying it: each distinct definition of
  /// a tenant is stored once, not with every execution. Stored as it is; rewriting the same
  /// digest writes the same bytes.
  [[nodiscard]] status add_definition(write_batch& batch, std::string_view tenant, std::string_view digest,
                                      std::string_view cbor) const;
  /// The definition named `digest`; not_found when none is stored.
  [[nodiscard]] status read_definition(std::string_view tenant, std::string_view digest, nlohmann::json& out) const;
  /// What it takes to bring an execution back: its first event, its latest snapshot and the
  /// events after it. `out.empty()` when the execution has no events.
  [[nodiscard]] status read_history(std::string_view tenant, std::string_view execution_id,
                                    core::execution_history& out) const;
  /// True when the execution has an execution_created and no terminal event yet.
  [[nodiscard]] status is_active(std::string_view tenant, std::string_view execution_id, bool& out) const;
  /// Every execution with an execution_created and no terminal event yet.
  [[nodiscard]] status active_executions(std::vector<execution_ref>& out) const;

 private:
  // Puts each execution_created's definition, named by digest, back in its place.
  [[nodiscard]] status resolve_definitions(std::string_view tenant, std::vector<core::event>& events) const;

  database& db_;
};

}  // namespace weft::storage
