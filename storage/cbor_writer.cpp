#include "storage/cbor_writer.hpp"

#include <bit>
#include <cmath>
#include <cstring>
#include <limits>

#include <nlohmann/json.hpp>

namespace weft::storage::cbor {

namespace {

template <class T>
void append_big_endian(std::string& out, T value) {
  char bytes[sizeof(T)];
  std::memcpy(bytes, &value, sizeof(T));
  if constexpr (std::endian::native == std::endian::little) {
    for (std::size_t i = sizeof(T); i-- > 0;) out.push_back(bytes[i]);
  } else {
    out.append(bytes, sizeof(T));
  }
}

// As nlohmann writes a float: half-precision NaN and infinities, single precision when the
// value survives the round trip through float, double otherwise.
void append_float(std::string& out, double n) {
  if (std::isnan(n)) {
    out.append("\xf9\x7e\x00", 3);
  } else if (std::isinf(n)) {
    out.append(n > 0 ? std::string_view("\xf9\x7c\x00", 3) : std::string_view("\xf9\xfc\x00", 3));
  } else if (n >= static_cast<double>(std::numeric_limits<float>::lowest()) &&
             n <= static_cast<double>(std::numeric_limits<float>::max()) &&
             static_cast<double>(static_cast<float>(n)) == n) {
    out.push_back(static_cast<char>(0xfa));
    append_big_endian(out, static_cast<float>(n));
  } else {
    out.push_back(static_cast<char>(0xfb));
    append_big_endian(out, n);
  }
}

}  // namespace

void append_head(std::string& out, major kind, std::uint64_t argument) {
  const auto type = static_cast<std::uint8_t>(static_cast<std::uint8_t>(kind) << 5);
  if (argument <= 0x17) {
    out.push_back(static_cast<char>(type | argument));
  } else if (argument <= 0xff) {
    out.push_back(static_cast<char>(type | 24));
    out.push_back(static_cast<char>(argument));
  } else if (argument <= 0xffff) {
    out.push_back(static_cast<char>(type | 25));
    append_big_endian(out, static_cast<std::uint16_t>(argument));
  } else if (argument <= 0xffffffff) {
    out.push_back(static_cast<char>(type | 26));
    append_big_endian(out, static_cast<std::uint32_t>(argument));
  } else {
    out.push_back(static_cast<char>(type | 27));
    append_big_endian(out, argument);
  }
}

void append_integer(std::string& out, std::int64_t n) {
  if (n >= 0) return append_head(out, major::unsigned_integer, static_cast<std::uint64_t>(n));
  append_head(out, major::negative_integer, static_cast<std::uint64_t>(-1 - n));  // -1 - n cannot overflow for n < 0
}

void append_string(std::string& out, std::string_view text) {
  append_head(out, major::text, text.size());
  out.append(text);
}

void append(std::string& out, const nlohmann::json& value) {
  using value_t = nlohmann::json::value_t;
  switch (value.type()) {
    case value_t::null: out.push_back(static_cast<char>(0xf6)); return;
    case value_t::boolean: out.push_back(static_cast<char>(value.get<bool>() ? 0xf5 : 0xf4)); return;
    case value_t::number_integer: return append_integer(out, value.get<std::int64_t>());
    case value_t::number_unsigned: return append_head(out, major::unsigned_integer, value.get<std::uint64_t>());
    case value_t::number_float: return append_float(out, value.get<double>());
    case value_t::string: return append_string(out, value.get_ref<const std::string&>());
    case value_t::array:
      append_head(out, major::array, value.size());
      for (const auto& element : value.get_ref<const nlohmann::json::array_t&>()) append(out, element);
      return;
    case value_t::object:
      append_head(out, major::map, value.size());
      for (const auto& [key, member] : value.get_ref<const nlohmann::json::object_t&>()) {
        append_string(out, key);
        append(out, member);
      }
      return;
    case value_t::binary: {  // never in what Weft stores; nlohmann's own form, tags and all
      const auto bytes = nlohmann::json::to_cbor(value);
      out.append(reinterpret_cast<const char*>(bytes.data()), bytes.size());
      return;
    }
    case value_t::discarded: return;  // nlohmann writes nothing either
  }
}

}  // namespace weft::storage::cbor
