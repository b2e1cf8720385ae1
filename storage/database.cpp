// RocksDB behind database.hpp: the only file that opens the database or touches column
// family handles. Options: one shared LRU block cache, LZ4 where it is built in, memtables
// bounded per family (below); sync per write as the sync mode says.
#include "storage/database.hpp"

#include <sys/statvfs.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <limits>
#include <mutex>
#include <optional>

#include <rocksdb/db.h>
#include <rocksdb/filter_policy.h>
#include <rocksdb/options.h>
#include <rocksdb/slice_transform.h>
#include <rocksdb/table.h>
#include <rocksdb/write_batch.h>

#include "storage/keys.hpp"

namespace weft::storage {
namespace {

// An event's key is its execution's prefix and then its seq (8 bytes, big-endian), and an
// execution's events arrive in seq order: with this, RocksDB remembers where each
// execution's last key went into the memtable and inserts the next one there, instead of
// searching the skiplist from its top for each of the ~45 keys an execution writes (the
// inserts were an eighth of the server's CPU on the hot path, issue 19). Only a hint: any
// key is placed correctly either way.
class execution_of_event_key final : public rocksdb::SliceTransform {
 public:
  [[nodiscard]] const char* Name() const override { return "weft.execution_of_event_key"; }
  [[nodiscard]] rocksdb::Slice Transform(const rocksdb::Slice& key) const override { return {key.data(), key.size() - 8}; }
  [[nodiscard]] bool InDomain(const rocksdb::Slice& key) const override { return key.size() > 8; }
};

// The time index's key is tenant\0scope\0 and then the inverted creation time: each new
// execution's key lands right before the last one of its scope. The same hint as the
// events' places it there instead of searching the skiplist from its top — two such
// inserts per execution, one per scope, which otherwise undo each other's remembered path
// (4 % of the server's CPU, issue 19).
class scope_of_index_key final : public rocksdb::SliceTransform {
 public:
  [[nodiscard]] const char* Name() const override { return "weft.scope_of_index_key"; }
  [[nodiscard]] rocksdb::Slice Transform(const rocksdb::Slice& key) const override { return {key.data(), end_of_scope(key)}; }
  [[nodiscard]] bool InDomain(const rocksdb::Slice& key) const override { return end_of_scope(key) != 0; }

 private:
  // The length of tenant\0scope\0; 0 when the key has no such prefix.
  static std::size_t end_of_scope(const rocksdb::Slice& key) {
    const std::string_view k(key.data(), key.size());
    const auto tenant_end = k.find('\0');
    if (tenant_end == std::string_view::npos) return 0;
    const auto scope_end = k.find('\0', tenant_end + 1);
    return scope_end == std::string_view::npos ? 0 : scope_end + 1;
  }
};

constexpr std::array<std::string_view, family_count> names = {
    "workflows", "versions", "executions", "execution_index", "events",
    "active",    "timers",   "tenants",    "idempotency",     "records",  "snapshots",
    "definitions"};

// Memory: RocksDB's share of a node is bounded by these, whatever the load (the 10-minute
// soak, docs/guarantees.md). The block cache is one LRU for every family: it fills with
// whatever is read and stays at its cap. A family's memtable is flushed when it reaches its
// write buffer, and at most two exist per family (one written, one being flushed): the event
// log takes most writes and gets the larger buffer, the others are small — at worst
// 2 × (16 + 12 × 4) = 128 MiB, 7 to 28 MiB under the soak. RocksDB's default of 64 MiB for
// each of the families let the memtables swing up to 115 MiB there, with a high water that
// only rose.
constexpr std::size_t block_cache_bytes = 32 << 20;
constexpr std::size_t events_write_buffer_bytes = 16 << 20;
constexpr std::size_t small_write_buffer_bytes = 4 << 20;
constexpr int write_buffers_per_family = 2;

status from_rocksdb(const rocksdb::Status& s, std::string_view what) {
  if (s.ok()) return status::ok();
  std::string m = std::string(what) + ": " + s.ToString();
  if (s.IsNotFound()) return status::not_found(m);
  if (s.IsCorruption()) return status::corruption(m);
  if (s.IsInvalidArgument()) return status::invalid_argument(m);
  if (s.IsBusy() || s.IsTryAgain()) return status::conflict(m);
  if (s.IsNoSpace()) return status::no_space(m);
  return status::io_error(m);
}

rocksdb::Slice slice(std::string_view v) { return {v.data(), v.size()}; }

// Bytes an unprivileged writer may still use on the filesystem holding `path`; the most
// there is when it cannot be told (the write itself will say).
std::uint64_t free_bytes(const std::string& path) {
  struct statvfs v {};
  if (::statvfs(path.c_str(), &v) != 0) return std::numeric_limits<std::uint64_t>::max();
  return static_cast<std::uint64_t>(v.f_bavail) * v.f_frsize;
}

}  // namespace

std::string_view family_name(family f) noexcept { return names[static_cast<std::size_t>(f)]; }

namespace {

// The catalogue's bookkeeping, node-local keys of the tenants family: its home's numbered
// writes ("\x01clog" + be64(seq)), and how far a follower has applied them.
const std::string catalogue_log_prefix("\x01" "clog", 5);
const std::string catalogue_applied_key("\x01" "capplied", 9);

std::string be64(std::uint64_t v) {
  std::string out;
  keys::append_u64(out, v);
  return out;
}

std::uint64_t from_be64(std::string_view b) { return keys::read_u64(b, 0).value_or(0); }

void append_u32(std::string& out, std::size_t n) {
  for (int shift = 24; shift >= 0; shift -= 8) out += static_cast<char>((n >> shift) & 0xFF);
}

bool read_u32(std::string_view in, std::size_t& at, std::size_t& n) {
  if (at + 4 > in.size()) return false;
  n = 0;
  for (int i = 0; i < 4; ++i) n = (n << 8) | static_cast<unsigned char>(in[at++]);
  return true;
}

constexpr std::uint8_t op_put = 0, op_erase = 1;

}  // namespace

bool is_catalogue(family f, std::string_view key) noexcept {
  if (f == family::workflows || f == family::versions) return true;
  if (f != family::tenants || key.empty() || key.front() == '\x01') return false;
  const auto end_of_tenant = key.find('\0');
  return end_of_tenant == std::string_view::npos || key.substr(end_of_tenant, 7) != std::string_view("\0usage\0", 7);
}

struct write_batch::impl {
  rocksdb::WriteBatch batch;
  const std::array<rocksdb::ColumnFamilyHandle*, family_count>* handles = nullptr;
  std::string catalogue_ops;  // its catalogue writes, encoded: op, family, key, value
  rocksdb::Status first_error;  // Put/Delete only fail on a corrupt batch; kept for write()
};

write_batch::write_batch(std::unique_ptr<impl> p) : impl_(std::move(p)) {}
write_batch::~write_batch() = default;
write_batch::write_batch(write_batch&&) noexcept = default;
write_batch& write_batch::operator=(write_batch&&) noexcept = default;

void write_batch::put(family f, std::string_view key, std::string_view value) {
  auto s = impl_->batch.Put((*impl_->handles)[static_cast<std::size_t>(f)], slice(key), slice(value));
  if (!s.ok() && impl_->first_error.ok()) impl_->first_error = s;
  if (is_catalogue(f, key)) record_catalogue(op_put, f, key, value);
  ++count_;
}

void write_batch::erase(family f, std::string_view key) {
  auto s = impl_->batch.Delete((*impl_->handles)[static_cast<std::size_t>(f)], slice(key));
  if (!s.ok() && impl_->first_error.ok()) impl_->first_error = s;
  if (is_catalogue(f, key)) record_catalogue(op_erase, f, key, {});
  ++count_;
}

void write_batch::record_catalogue(std::uint8_t op, family f, std::string_view key, std::string_view value) {
  std::string& out = impl_->catalogue_ops;
  out += static_cast<char>(op);
  out += static_cast<char>(f);
  append_u32(out, key.size());
  out += key;
  append_u32(out, value.size());
  out += value;
}

struct database::impl {
  database_options options;
  std::unique_ptr<rocksdb::DB> db;
  std::shared_ptr<rocksdb::Cache> block_cache;  // shared by every column family
  // Refusing writes (a full disk, a failed write) until resume() succeeds.
  std::atomic<bool> refusing{false};
  std::mutex health_mutex;  // guards the two below
  status refusal;
  std::chrono::steady_clock::time_point next_resume{};

  // Refuses every write from now on, saying `why`, until resume() succeeds.
  status refuse(status why) {
    std::lock_guard lock(health_mutex);
    refusal = why;
    refusing = true;
    return why;
  }

  // When due, checks the free space and asks RocksDB to resume; true when writes are
  // accepted again. Otherwise `why` says why not.
  bool resume(status& why) {
    std::lock_guard lock(health_mutex);
    if (!refusing) return true;
    const auto now = std::chrono::steady_clock::now();
    if (now >= next_resume) {
      next_resume = now + std::chrono::milliseconds(500);
      if (const std::uint64_t free = free_bytes(options.path); free < options.min_free_bytes) {
        refusal = too_little_space(free);
      } else if (rocksdb::Status s = db->Resume(); !s.ok()) {
        refusal = from_rocksdb(s, "resuming writes");
      } else {
        refusing = false;
        return true;
      }
    }
    why = refusal;
    return false;
  }

  // Looking up the free space is a statvfs per commit (a syscall: 1.7 % of the engine's CPU,
  // issue 19), so it is looked up again only when 1 ms has passed or when this process has
  // written half of what was above min_free_bytes at the last look, whichever comes first:
  // at most a thousand a second, however many commits. Someone else filling the last
  // min_free_bytes within that millisecond could slip past, as they could between a look and
  // the write before (docs/guarantees.md).
  std::atomic<std::int64_t> space_looked_at_ns{0};
  std::atomic<std::int64_t> bytes_until_look{0};

  // The free space when it is due for a look (`bytes` about to be written), else nothing.
  std::optional<std::uint64_t> free_space_if_due(std::size_t bytes) {
    const std::int64_t now =
        std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch()).count();
    const std::int64_t left = bytes_until_look.fetch_sub(static_cast<std::int64_t>(bytes)) - static_cast<std::int64_t>(bytes);
    if (left > 0 && now - space_looked_at_ns.load() < 1'000'000) return std::nullopt;
    const std::uint64_t free = free_bytes(options.path);
    const std::uint64_t above = free > options.min_free_bytes ? free - options.min_free_bytes : 0;
    bytes_until_look.store(static_cast<std::int64_t>(std::min<std::uint64_t>(above / 2, INT64_MAX)));
    space_looked_at_ns.store(now);
    return free;
  }

  [[nodiscard]] status too_little_space(std::uint64_t free) const {
    return status::no_space("the disk holding " + options.path + " has " + std::to_string(free >> 20) +
                            " MiB free; writes need at least " + std::to_string(options.min_free_bytes >> 20) +
                            " MiB: nothing was written");
  }
  std::array<rocksdb::ColumnFamilyHandle*, family_count> handles{};
  rocksdb::ColumnFamilyHandle* default_handle = nullptr;
  // The catalogue (is_catalogue): this node's part, and the last write numbered or applied.
  catalogue_role role = catalogue_role::alone;
  std::function<void(std::uint64_t)> on_catalogue_commit;
  std::mutex catalogue_mutex;  // a home numbers and commits one catalogue write at a time
  std::atomic<std::uint64_t> catalogue_seq{0};

  ~impl() {
    for (auto* h : handles) {
      if (h) db->DestroyColumnFamilyHandle(h).PermitUncheckedError();
    }
    if (default_handle) db->DestroyColumnFamilyHandle(default_handle).PermitUncheckedError();
    if (db) db->Close().PermitUncheckedError();  // the WAL already holds every acknowledged write
  }
};

database::database(std::unique_ptr<impl> p) : impl_(std::move(p)) {}
database::~database() = default;

status database::open(const database_options& options, std::unique_ptr<database>& out) {
  out.reset();
  rocksdb::Options db_options;
  db_options.create_if_missing = true;
  db_options.create_missing_column_families = true;
  db_options.IncreaseParallelism(2);
  db_options.max_open_files = 512;
  rocksdb::ColumnFamilyOptions cf_options;
  rocksdb::BlockBasedTableOptions table;
  table.block_cache = rocksdb::NewLRUCache(block_cache_bytes);
  cf_options.table_factory.reset(rocksdb::NewBlockBasedTableFactory(table));
  cf_options.compression = rocksdb::kLZ4Compression;
  cf_options.max_write_buffer_number = write_buffers_per_family;

  std::vector<rocksdb::ColumnFamilyDescriptor> descriptors;
  cf_options.write_buffer_size = small_write_buffer_bytes;
  descriptors.emplace_back(rocksdb::kDefaultColumnFamilyName, cf_options);
  // The event log's keys are grouped by execution (the prefix before the seq), with a bloom
  // filter of those prefixes in each table file and in the memtable: "has this execution any
  // event?" — asked before every execution's first event — is answered by the filters for a
  // new id instead of a seek through every level (6 % of the server's CPU, issue 19). Every
  // other read of the family stays in total order (total_order_seek below).
  rocksdb::BlockBasedTableOptions events_table = table;
  events_table.filter_policy.reset(rocksdb::NewBloomFilterPolicy(10));
  events_table.whole_key_filtering = false;  // only prefixes are ever looked up
  for (auto name : names) {
    rocksdb::ColumnFamilyOptions family = cf_options;
    if (name == "execution_index") family.memtable_insert_with_hint_prefix_extractor = std::make_shared<scope_of_index_key>();
    if (name == "events") {
      family.write_buffer_size = events_write_buffer_bytes;
      family.prefix_extractor = std::make_shared<execution_of_event_key>();
      family.memtable_insert_with_hint_prefix_extractor = family.prefix_extractor;
      family.memtable_prefix_bloom_size_ratio = 0.02;
      family.table_factory.reset(rocksdb::NewBlockBasedTableFactory(events_table));
    }
    descriptors.emplace_back(std::string(name), family);
  }

  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  rocksdb::DB* raw = nullptr;
  rocksdb::Status s = rocksdb::DB::Open(db_options, options.path, descriptors, &handles, &raw);
  if (s.IsInvalidArgument() && cf_options.compression == rocksdb::kLZ4Compression) {
    // A RocksDB built without LZ4: fall back to no compression rather than refuse to start.
    for (auto& d : descriptors) d.options.compression = rocksdb::kNoCompression;
    s = rocksdb::DB::Open(db_options, options.path, descriptors, &handles, &raw);
  }
  if (!s.ok()) return from_rocksdb(s, "opening " + options.path);

  auto p = std::make_unique<impl>();
  p->options = options;
  p->db.reset(raw);
  p->block_cache = table.block_cache;
  p->default_handle = handles[0];
  for (std::size_t i = 0; i < family_count; ++i) p->handles[i] = handles[i + 1];
  out.reset(new database(std::move(p)));
  return status::ok();
}

write_batch database::new_batch() {
  auto p = std::make_unique<write_batch::impl>();
  p->handles = &impl_->handles;
  return write_batch(std::move(p));
}

status database::write(write_batch& batch) { return write(batch, impl_->options.sync == sync_mode::group); }

status database::write_unsynced(write_batch& batch) { return write(batch, false); }

status database::write(write_batch& batch, bool sync) {
  if (!batch.impl_->first_error.ok()) return from_rocksdb(batch.impl_->first_error, "building a write batch");
  auto& p = *impl_;
  if (!batch.impl_->catalogue_ops.empty() && p.role != catalogue_role::alone) {
    if (p.role == catalogue_role::follower) {
      return status::conflict("the catalogue (workflows, tenants, components, secrets) is written at its home coordinator");
    }
    // The home numbers its catalogue writes one at a time, so that a follower reading after
    // seq N never meets N + 2 committed before N + 1.
    std::lock_guard lock(p.catalogue_mutex);
    const std::uint64_t seq = p.catalogue_seq.load() + 1;
    batch.impl_->batch.Put(p.handles[static_cast<std::size_t>(family::tenants)], slice(catalogue_log_prefix + be64(seq)),
                           slice(batch.impl_->catalogue_ops));
    if (status s = commit(batch, sync); !s.is_ok()) return s;
    p.catalogue_seq.store(seq);
    if (p.on_catalogue_commit) p.on_catalogue_commit(seq);
    return status::ok();
  }
  return commit(batch, sync);
}

status database::commit(write_batch& batch, bool sync) {
  auto& p = *impl_;
  if (status why; p.refusing && !p.resume(why)) return why;
  // Refused before RocksDB touches a file: a write that fails half-way leaves RocksDB's WAL
  // in a state it may not write again.
  if (const auto free = p.free_space_if_due(batch.impl_->batch.GetDataSize()); free && *free < p.options.min_free_bytes) {
    return p.refuse(p.too_little_space(*free));
  }
  rocksdb::WriteOptions wo;
  wo.sync = sync;
  status s = from_rocksdb(p.db->Write(wo, &batch.impl_->batch), "writing a batch");
  if (s.which() == status::code::no_space || s.which() == status::code::io_error) return p.refuse(std::move(s));
  return s;
}

storage_health database::health() {
  auto& p = *impl_;
  storage_health h;
  h.free_bytes = free_bytes(p.options.path);
  if (p.refusing && !p.resume(h.why)) {
    h.writable = false;
  } else if (h.free_bytes < p.options.min_free_bytes) {
    h.writable = false;
    h.why = p.too_little_space(h.free_bytes);
  }
  return h;
}

status database::set_catalogue_role(catalogue_role role, std::function<void(std::uint64_t)> on_commit) {
  auto& p = *impl_;
  p.role = role;
  p.on_catalogue_commit = std::move(on_commit);
  std::string key;
  if (role == catalogue_role::home) {
    const std::string end = catalogue_log_prefix + std::string(8, '\xff');
    status s = last_key(family::tenants, catalogue_log_prefix, end, key);
    if (s.is_not_found()) return status::ok();
    if (!s.is_ok()) return s;
    p.catalogue_seq = from_be64(std::string_view(key).substr(catalogue_log_prefix.size()));
  } else if (role == catalogue_role::follower) {
    std::string value;
    status s = get(family::tenants, catalogue_applied_key, value);
    if (s.is_not_found()) return status::ok();
    if (!s.is_ok()) return s;
    p.catalogue_seq = from_be64(value);
  }
  return status::ok();
}

std::uint64_t database::catalogue_seq() const noexcept { return impl_->catalogue_seq.load(); }

status database::catalogue_since(std::uint64_t after_seq, std::size_t limit, std::vector<catalogue_entry>& out) const {
  out.clear();
  const std::string from = catalogue_log_prefix + be64(after_seq + 1);
  return scan(family::tenants, from, keys::prefix_end(catalogue_log_prefix), [&](std::string_view key, std::string_view value) {
    out.push_back({from_be64(key.substr(catalogue_log_prefix.size())), std::string(value)});
    return out.size() < limit;
  });
}

status database::apply_catalogue(const catalogue_entry& entry, std::vector<std::string>& tenants) {
  auto& p = *impl_;
  tenants.clear();
  std::lock_guard lock(p.catalogue_mutex);
  const std::uint64_t applied = p.catalogue_seq.load();
  if (entry.seq <= applied) return status::ok();  // had it already
  if (entry.seq != applied + 1) {
    return status::conflict("catalogue write " + std::to_string(entry.seq) + " comes before " + std::to_string(applied + 1));
  }
  write_batch batch = new_batch();
  std::string_view in = entry.ops;
  std::size_t at = 0;
  while (at < in.size()) {
    std::size_t key_size = 0, value_size = 0;
    if (at + 2 > in.size()) return status::corruption("a truncated catalogue write");
    const auto op = static_cast<std::uint8_t>(in[at]);
    const auto f = static_cast<std::uint8_t>(in[at + 1]);
    at += 2;
    if (f >= family_count || !read_u32(in, at, key_size) || at + key_size > in.size()) return status::corruption("a bad catalogue key");
    const std::string_view key = in.substr(at, key_size);
    at += key_size;
    if (!read_u32(in, at, value_size) || at + value_size > in.size()) return status::corruption("a bad catalogue value");
    const std::string_view value = in.substr(at, value_size);
    at += value_size;
    auto* handle = p.handles[f];
    auto s = op == op_put ? batch.impl_->batch.Put(handle, slice(key), slice(value)) : batch.impl_->batch.Delete(handle, slice(key));
    if (!s.ok()) return from_rocksdb(s, "applying a catalogue write");
    const std::string tenant(key.substr(0, key.find('\0')));
    if (std::find(tenants.begin(), tenants.end(), tenant) == tenants.end()) tenants.push_back(tenant);
  }
  batch.impl_->batch.Put(p.handles[static_cast<std::size_t>(family::tenants)], slice(catalogue_applied_key),
                         slice(be64(entry.seq)));
  if (status s = commit(batch, true); !s.is_ok()) return s;
  p.catalogue_seq.store(entry.seq);
  return status::ok();
}

status database::get(family f, std::string_view key, std::string& value) const {
  rocksdb::Status s = impl_->db->Get(rocksdb::ReadOptions(), impl_->handles[static_cast<std::size_t>(f)], slice(key), &value);
  return from_rocksdb(s, std::string("reading from ") + std::string(family_name(f)));
}

status database::scan(family f, std::string_view from, std::string_view to,
                      const std::function<bool(std::string_view, std::string_view)>& visit) const {
  rocksdb::ReadOptions ro;
  ro.total_order_seek = true;  // the events family's prefix filters are for any_event alone
  std::string upper(to);
  rocksdb::Slice upper_slice(upper);
  if (!upper.empty()) ro.iterate_upper_bound = &upper_slice;
  std::unique_ptr<rocksdb::Iterator> it(impl_->db->NewIterator(ro, impl_->handles[static_cast<std::size_t>(f)]));
  for (it->Seek(slice(from)); it->Valid(); it->Next()) {
    if (!visit(std::string_view(it->key().data(), it->key().size()),
               std::string_view(it->value().data(), it->value().size()))) {
      break;
    }
  }
  return from_rocksdb(it->status(), std::string("scanning ") + std::string(family_name(f)));
}

status database::last_key(family f, std::string_view from, std::string_view to, std::string& key) const {
  rocksdb::ReadOptions ro;
  ro.total_order_seek = true;
  const std::string lower(from);
  rocksdb::Slice lower_slice(lower);
  ro.iterate_lower_bound = &lower_slice;
  std::unique_ptr<rocksdb::Iterator> it(impl_->db->NewIterator(ro, impl_->handles[static_cast<std::size_t>(f)]));
  if (to.empty()) {
    it->SeekToLast();
  } else {
    it->SeekForPrev(slice(to));
    if (it->Valid() && it->key().compare(slice(to)) >= 0) it->Prev();  // `to` itself is outside the range
  }
  if (!it->Valid()) {
    if (auto s = from_rocksdb(it->status(), std::string("seeking in ") + std::string(family_name(f))); !s.is_ok()) return s;
    return status::not_found("empty range");
  }
  key.assign(it->key().data(), it->key().size());
  return status::ok();
}

status database::any_event(std::string_view execution_prefix, bool& out) const {
  // A seek in prefix mode (the seek key is the prefix and seq 0; the iterator stays within
  // that prefix) lets RocksDB ask the prefix filters first: an id without events is mostly
  // answered without searching a memtable or a table file.
  std::string from(execution_prefix);
  from.append(8, '\0');
  rocksdb::ReadOptions ro;
  ro.prefix_same_as_start = true;
  std::unique_ptr<rocksdb::Iterator> it(impl_->db->NewIterator(ro, impl_->handles[static_cast<std::size_t>(family::events)]));
  it->Seek(slice(from));
  out = it->Valid();
  return from_rocksdb(it->status(), "seeking in events");
}

sync_mode database::sync() const noexcept { return impl_->options.sync; }
const std::string& database::path() const noexcept { return impl_->options.path; }

std::vector<std::pair<std::string, std::uint64_t>> database::sizes() const {
  std::vector<std::pair<std::string, std::uint64_t>> out;
  for (std::size_t i = 0; i < family_count; ++i) {
    std::uint64_t live = 0, mem = 0;
    impl_->db->GetIntProperty(impl_->handles[i], rocksdb::DB::Properties::kEstimateLiveDataSize, &live);
    impl_->db->GetIntProperty(impl_->handles[i], rocksdb::DB::Properties::kSizeAllMemTables, &mem);
    out.emplace_back(std::string(names[i]), live + mem);
  }
  return out;
}

database::memory_use database::memory() const {
  memory_use m;
  for (auto* h : impl_->handles) {
    std::uint64_t mem = 0, readers = 0;
    impl_->db->GetIntProperty(h, rocksdb::DB::Properties::kSizeAllMemTables, &mem);
    impl_->db->GetIntProperty(h, rocksdb::DB::Properties::kEstimateTableReadersMem, &readers);
    m.memtables += mem;
    m.table_readers += readers;
  }
  m.block_cache = impl_->block_cache ? impl_->block_cache->GetUsage() : 0;
  return m;
}

}  // namespace weft::storage
