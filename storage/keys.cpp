// Key encoding helpers. Pure.
#include "storage/keys.hpp"

namespace weft::storage::keys {

void append_u64(std::string& key, std::uint64_t v) {
  for (int shift = 56; shift >= 0; shift -= 8) key += static_cast<char>((v >> shift) & 0xFF);
}

std::optional<std::uint64_t> read_u64(std::string_view key, std::size_t offset) {
  if (key.size() < offset + 8) return std::nullopt;
  std::uint64_t v = 0;
  for (std::size_t i = 0; i < 8; ++i) v = (v << 8) | static_cast<unsigned char>(key[offset + i]);
  return v;
}

bool valid_id(std::string_view id) noexcept {
  return !id.empty() && id.size() <= 256 && id.find('\0') == std::string_view::npos;
}

std::string tenant_prefix(std::string_view tenant) {
  std::string k(tenant);
  k += '\0';
  return k;
}

std::string entity(std::string_view tenant, std::string_view id) {
  std::string k = tenant_prefix(tenant);
  k += id;
  return k;
}

std::string children_prefix(std::string_view tenant, std::string_view id) {
  std::string k = entity(tenant, id);
  k += '\0';
  return k;
}

std::string child(std::string_view tenant, std::string_view id, std::uint64_t n) {
  std::string k = children_prefix(tenant, id);
  append_u64(k, n);
  return k;
}

std::string prefix_end(std::string prefix) {
  while (!prefix.empty()) {
    auto& last = reinterpret_cast<unsigned char&>(prefix.back());
    if (last != 0xFF) {
      ++last;
      return prefix;
    }
    prefix.pop_back();
  }
  return prefix;  // every key: no upper bound
}

}  // namespace weft::storage::keys
