#include "core/expr/compiled.hpp"

#include <functional>
#include <mutex>
#include <string>
#include <unordered_map>

namespace weft::core::expr {
namespace {

// Enough for every expression of thousands of workflows; a tenant sending endless distinct
// expressions only makes it start over.
constexpr std::size_t max_source_bytes = 4U << 20;

// Looks up by string_view: no string is built to find one (every attempt looks up).
struct source_hash {
  using is_transparent = void;
  std::size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view>{}(s); }
};

struct cache {
  std::mutex mutex;
  std::unordered_map<std::string, expression, source_hash, std::equal_to<>> by_source;
  std::size_t source_bytes = 0;
};

cache& the_cache() {
  static cache c;
  return c;
}

}  // namespace

result<expression> compiled(std::string_view source) {
  auto& c = the_cache();
  {
    std::lock_guard lock(c.mutex);
    if (auto it = c.by_source.find(source); it != c.by_source.end()) return it->second;
  }
  auto fresh = expression::compile(source);
  if (!fresh) return fresh;
  std::lock_guard lock(c.mutex);
  if (c.source_bytes + source.size() > max_source_bytes) {
    c.by_source.clear();
    c.source_bytes = 0;
  }
  if (c.by_source.emplace(std::string(source), fresh.value()).second) c.source_bytes += source.size();
  return fresh;
}

}  // namespace weft::core::expr
