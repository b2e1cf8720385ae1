// Weft's CBOR writer writes exactly nlohmann's to_cbor(): what is on disk today reads the
// same, and what it writes reads back with nlohmann's reader. Every head size, every number
// edge, strings with any bytes, nesting, and a few thousand random documents.
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "storage/cbor_writer.hpp"

namespace weft::storage {
namespace {

using nlohmann::json;

std::string nlohmanns(const json& j) {
  const auto bytes = json::to_cbor(j);
  return std::string(bytes.begin(), bytes.end());
}

std::string ours(const json& j) {
  std::string out = "kept";  // appends
  cbor::append(out, j);
  return out.substr(4);
}

TEST(cbor_writer, numbers_at_every_head_size_and_float_edge_are_nlohmanns_bytes) {
  std::vector<json> values = {nullptr, true, false};
  for (const std::uint64_t edge : {0ull, 23ull, 24ull, 255ull, 256ull, 65535ull, 65536ull, 4294967295ull, 4294967296ull}) {
    values.emplace_back(edge);
    values.emplace_back(static_cast<std::int64_t>(edge));
    values.emplace_back(-static_cast<std::int64_t>(edge));
    values.emplace_back(-static_cast<std::int64_t>(edge) - 1);
    values.emplace_back(-static_cast<std::int64_t>(edge) + 1);
  }
  for (const std::int64_t n : {std::numeric_limits<std::int64_t>::min(), std::numeric_limits<std::int64_t>::max()})
    values.emplace_back(n);
  values.emplace_back(std::numeric_limits<std::uint64_t>::max());
  for (const double d : {0.0, -0.0, 0.5, 0.1, 1.5, -2.25, 1e300, -1e-300, 3.4028234663852886e38, 3.5e38,
                         static_cast<double>(std::numeric_limits<float>::lowest()), std::numeric_limits<double>::denorm_min(),
                         static_cast<double>(std::numeric_limits<float>::denorm_min()), std::nan(""),
                         std::numeric_limits<double>::infinity(), -std::numeric_limits<double>::infinity()}) {
    values.emplace_back(d);
  }
  for (const json& v : values) EXPECT_EQ(ours(v), nlohmanns(v)) << v.dump();
}

TEST(cbor_writer, strings_arrays_and_objects_at_every_head_size_are_nlohmanns_bytes) {
  for (const std::size_t n : {0u, 1u, 23u, 24u, 255u, 256u, 65535u, 65536u}) {
    const json text = std::string(n, 'x');
    EXPECT_EQ(ours(text), nlohmanns(text)) << "string of " << n;
    const json array(n, json(n % 7));
    EXPECT_EQ(ours(array), nlohmanns(array)) << "array of " << n;
    json object = json::object();
    for (std::size_t i = 0; i < n; ++i) object["k" + std::to_string(i)] = i;
    EXPECT_EQ(ours(object), nlohmanns(object)) << "object of " << n;
  }
  const json odd = {{"", std::string("nul\0byte", 8)}, {"é", "中文 🎉"}, {"z", {{"a", json::array({json::object()})}}}};
  EXPECT_EQ(ours(odd), nlohmanns(odd));
  EXPECT_EQ(ours(json::binary({1, 2, 3}, 42)), nlohmanns(json::binary({1, 2, 3}, 42))) << "binary: nlohmann's form";
}

// Random documents from a fixed seed: the same on every run.
json random_value(std::uint64_t& x, int depth) {
  x ^= x << 13, x ^= x >> 7, x ^= x << 17;
  switch (depth > 4 ? x % 6 : x % 8) {
    case 0: return nullptr;
    case 1: return (x >> 8) % 2 == 0;
    case 2: return static_cast<std::int64_t>(x) >> ((x >> 8) % 64);
    case 3: return (x >> 3) >> ((x >> 9) % 64);
    case 4: return static_cast<double>(static_cast<std::int64_t>(x)) / static_cast<double>((x >> 40) + 1);
    case 5: return std::string((x >> 8) % 40, static_cast<char>('a' + (x >> 16) % 26));
    case 6: {
      json a = json::array();
      for (std::uint64_t i = 0; i < (x >> 8) % 6; ++i) a.push_back(random_value(x, depth + 1));
      return a;
    }
    default: {
      json o = json::object();
      for (std::uint64_t i = 0; i < (x >> 8) % 6; ++i) o["k" + std::to_string((x >> 20) % 50 + i)] = random_value(x, depth + 1);
      return o;
    }
  }
}

TEST(cbor_writer, random_documents_are_nlohmanns_bytes_and_read_back) {
  std::uint64_t x = 0x9e3779b97f4a7c15ull;
  for (int i = 0; i < 3000; ++i) {
    const json v = random_value(x, 0);
    const std::string bytes = ours(v);
    ASSERT_EQ(bytes, nlohmanns(v)) << v.dump();
    ASSERT_EQ(json::from_cbor(bytes), v);
  }
}

}  // namespace
}  // namespace weft::storage
