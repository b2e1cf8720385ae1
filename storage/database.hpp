// The one RocksDB database of a Weft node: opening it with every column family, atomic
// batched writes synced per the sync mode, point reads and ordered range scans. RocksDB
// types stay in database.cpp (pimpl). Thread-safe: RocksDB serialises writes internally.
//
// A full disk (docs/guarantees.md): a write is refused with `no_space`, before RocksDB
// touches a file, while the data dir's filesystem has less than `min_free_bytes` free; a
// write RocksDB fails (out of space, an I/O error) makes every later write refused the same
// way. Reads go on. Once space is back, the next write or health() — at most every 500 ms —
// asks RocksDB to resume, and writes are accepted again without a restart.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "storage/status.hpp"

namespace weft::storage {

/// Column families, one per kind of data (names in database.cpp).
enum class family : std::uint8_t {
  workflows,        // tenant\0workflow_id -> workflow record
  versions,         // tenant\0workflow_id\0be64(version) -> version record
  executions,       // tenant\0execution_id -> execution summary
  execution_index,  // tenant\0scope\0be64(~created_ms)execution_id -> "" (scope "*" or "w:"+workflow_id)
  events,           // tenant\0execution_id\0be64(seq) -> event
  active,           // tenant\0execution_id -> "" while the execution is not terminal
  timers,           // be64(due_ms)\0tenant\0execution_id\0step_id -> ""
  tenants,          // tenant -> tenant settings
  idempotency,      // tenant\0key -> execution id and time
  records,          // tenant\0collection\0key -> record
  snapshots,        // tenant\0execution_id -> the latest snapshot of its state
  definitions,      // tenant\0digest -> a definition execution_created events name (CBOR)
};
inline constexpr std::size_t family_count = 12;
[[nodiscard]] std::string_view family_name(family f) noexcept;

/// `group`: every write is fsynced before it returns (callers batch to amortise it);
/// `none`: written to the WAL without fsync (survives a process crash, not a power cut).
enum class sync_mode : std::uint8_t { group, none };

struct database_options {
  std::string path;
  sync_mode sync = sync_mode::group;
  std::uint64_t min_free_bytes = 64ULL << 20;  // headroom for the WAL, flushes and compactions
};

/// Whether the database takes writes now; when not, why (no_space or io_error).
struct storage_health {
  bool writable = true;
  status why;
  std::uint64_t free_bytes = 0;  // on the data dir's filesystem
};

/// Whether a write belongs to the catalogue (SPEC §9, docs/cluster.md): what every coordinator
/// of a sharded cluster must see alike — workflows and their versions, and in `tenants` each
/// tenant's settings, components, secrets and schedules, but not its usage counters nor the
/// node's own keys (those starting with byte 1).
[[nodiscard]] bool is_catalogue(family f, std::string_view key) noexcept;

/// One committed write of the catalogue, numbered by its home: what a coordinator applies to
/// have the same catalogue (`ops`: database-private encoding of its puts and erases).
struct catalogue_entry {
  std::uint64_t seq = 0;
  std::string ops;
};

/// A coordinator's part in the catalogue: alone (no cluster), its home (the one writer: every
/// commit touching it is numbered and kept), or a follower (applies the home's, refuses its own).
enum class catalogue_role : std::uint8_t { alone, home, follower };

/// Writes collected for one atomic commit; made by database::new_batch().
class write_batch {
 public:
  ~write_batch();
  write_batch(write_batch&&) noexcept;
  write_batch& operator=(write_batch&&) noexcept;

  void put(family f, std::string_view key, std::string_view value);
  void erase(family f, std::string_view key);
  [[nodiscard]] std::size_t size() const noexcept { return count_; }

 private:
  friend class database;
  void record_catalogue(std::uint8_t op, family f, std::string_view key, std::string_view value);
  struct impl;
  explicit write_batch(std::unique_ptr<impl> p);
  std::unique_ptr<impl> impl_;
  std::size_t count_ = 0;
};

class database {
 public:
  /// Opens the database at `options.path`, creating it and any missing column family.
  /// On failure `out` stays empty and the status says why (e.g. locked by another process).
  [[nodiscard]] static status open(const database_options& options, std::unique_ptr<database>& out);
  ~database();
  database(const database&) = delete;
  database& operator=(const database&) = delete;

  /// An empty batch for this database.
  [[nodiscard]] write_batch new_batch();
  /// Commits every write of `batch` atomically, fsynced when the sync mode is `group`.
  [[nodiscard]] status write(write_batch& batch);
  /// The same without waiting for an fsync: in the WAL now, durable with the next synced
  /// write (the WAL is one sequence: syncing a later record syncs every earlier one). For
  /// state that only matters once a later synced write depends on it (a day counter
  /// before the execution it counts).
  [[nodiscard]] status write_unsynced(write_batch& batch);
  /// Reads one value; not_found when the key is absent.
  [[nodiscard]] status get(family f, std::string_view key, std::string& value) const;
  /// Visits keys in [from, to) in byte order (an empty `to`: no upper bound) until `visit`
  /// returns false.
  [[nodiscard]] status scan(family f, std::string_view from, std::string_view to,
                            const std::function<bool(std::string_view key, std::string_view value)>& visit) const;
  /// The last key in [from, to) (an empty `to`: no upper bound), found with one reverse
  /// seek; not_found when the range is empty.
  [[nodiscard]] status last_key(family f, std::string_view from, std::string_view to, std::string& key) const;
  /// Whether the events family holds a key of the execution whose keys begin with
  /// `execution_prefix` (keys::children_prefix; each key is it and an 8-byte seq): the prefix
  /// bloom filters answer for most ids that have none, else one forward seek.
  [[nodiscard]] status any_event(std::string_view execution_prefix, bool& out) const;

  /// Whether writes are accepted; tries to resume first when writes are being refused.
  [[nodiscard]] storage_health health();

  /// Sets this node's part in the catalogue, before any write. `on_commit` (home only) is told
  /// the number of each catalogue write once it is committed, from the writing thread.
  status set_catalogue_role(catalogue_role role, std::function<void(std::uint64_t seq)> on_commit = nullptr);
  /// The last catalogue write numbered here (home) or applied here (follower); 0 when none.
  [[nodiscard]] std::uint64_t catalogue_seq() const noexcept;
  /// The home's catalogue writes after `after_seq`, at most `limit`, in order.
  [[nodiscard]] status catalogue_since(std::uint64_t after_seq, std::size_t limit, std::vector<catalogue_entry>& out) const;
  /// A follower applies the home's write `entry` (the next after catalogue_seq(); an earlier
  /// one is skipped) atomically with its new catalogue_seq, and learns which tenants it touched
  /// (their cached settings and catalogs must be read again).
  [[nodiscard]] status apply_catalogue(const catalogue_entry& entry, std::vector<std::string>& tenants);

  [[nodiscard]] sync_mode sync() const noexcept;
  [[nodiscard]] const std::string& path() const noexcept;
  /// Estimated live bytes per column family, for /metrics.
  [[nodiscard]] std::vector<std::pair<std::string, std::uint64_t>> sizes() const;
  /// What RocksDB holds in memory, for /metrics and the soak.
  struct memory_use {
    std::uint64_t memtables = 0;      // every column family's memtables, flushed or not yet
    std::uint64_t table_readers = 0;  // index and filter blocks held outside the block cache
    std::uint64_t block_cache = 0;    // the shared block cache's charge
  };
  [[nodiscard]] memory_use memory() const;

 private:
  struct impl;
  explicit database(std::unique_ptr<impl> p);
  [[nodiscard]] status write(write_batch& batch, bool sync);
  [[nodiscard]] status commit(write_batch& batch, bool sync);  // the write itself, past the catalogue's rules
  std::unique_ptr<impl> impl_;
};

}  // namespace weft::storage
