#include "core/random_id.hpp"

#include <cstdint>
#include <random>

namespace weft::core {

std::string random_id(std::string_view prefix, int hex_digits) {
  static thread_local std::mt19937_64 rng{std::random_device{}()};
  static constexpr char hex[] = "0123456789abcdef";
  std::string id(prefix);
  std::uint64_t r = 0;
  for (int i = 0; i < hex_digits; ++i, r >>= 4) {
    if (i % 16 == 0) r = rng();
    id += hex[r & 0xF];
  }
  return id;
}

}  // namespace weft::core
