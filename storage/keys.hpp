// Key encoding: tenant-first, components separated by a 0 byte (ids never contain one), and
// numbers as 8-byte big-endian so that byte order is numeric order and listing is a range
// scan. Pure functions; no RocksDB types.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace weft::storage::keys {

/// Appends `v` as 8 big-endian bytes.
void append_u64(std::string& key, std::uint64_t v);
/// Reads 8 big-endian bytes at `offset`; nullopt when the key is too short.
[[nodiscard]] std::optional<std::uint64_t> read_u64(std::string_view key, std::size_t offset);

/// True for ids storage accepts: non-empty, at most 256 bytes, no 0 byte.
[[nodiscard]] bool valid_id(std::string_view id) noexcept;

/// "tenant\0" — the prefix of everything a tenant owns in a column family.
[[nodiscard]] std::string tenant_prefix(std::string_view tenant);
/// "tenant\0id"
[[nodiscard]] std::string entity(std::string_view tenant, std::string_view id);
/// "tenant\0id\0" — the prefix of an entity's children (versions, events).
[[nodiscard]] std::string children_prefix(std::string_view tenant, std::string_view id);
/// "tenant\0id\0" + be64(n) — a version or an event seq.
[[nodiscard]] std::string child(std::string_view tenant, std::string_view id, std::uint64_t n);
/// The smallest key greater than every key that starts with `prefix`.
[[nodiscard]] std::string prefix_end(std::string prefix);

}  // namespace weft::storage::keys
