// Key encoding: numeric order equals byte order, tenant prefixes never overlap.
#include <gtest/gtest.h>

#include "storage/keys.hpp"

namespace weft::storage::keys {
namespace {

TEST(keys, big_endian_numbers_sort_numerically) {
  std::uint64_t values[] = {0, 1, 255, 256, 65535, 65536, 1ull << 32, UINT64_MAX - 1, UINT64_MAX};
  for (std::size_t i = 0; i + 1 < std::size(values); ++i) {
    std::string a, b;
    append_u64(a, values[i]);
    append_u64(b, values[i + 1]);
    EXPECT_LT(a, b) << values[i];
    EXPECT_EQ(read_u64(a, 0), values[i]);
  }
  EXPECT_FALSE(read_u64("short", 0));
}

TEST(keys, children_sort_by_number_under_their_parent) {
  EXPECT_LT(child("t", "w", 9), child("t", "w", 10));
  EXPECT_LT(child("t", "w", 255), child("t", "w", 256));
  EXPECT_EQ(child("t", "w", 7).rfind(children_prefix("t", "w"), 0), 0u);
}

TEST(keys, one_tenant_prefix_never_covers_another_tenant) {
  const std::string a = tenant_prefix("acme");
  EXPECT_NE(entity("acme", "w").rfind(a, 0), std::string::npos);
  EXPECT_NE(entity("acme-corp", "w").rfind(a, 0), 0u);
  EXPECT_NE(entity("acm", "ew").rfind(a, 0), 0u);
  EXPECT_LT(entity("acme", "zzz"), prefix_end(a));
  EXPECT_GE(entity("acme-corp", "a"), prefix_end(a));
}

TEST(keys, one_entity_prefix_never_covers_a_longer_id) {
  const std::string p = children_prefix("t", "w1");
  EXPECT_NE(child("t", "w10", 1).rfind(p, 0), 0u);
}

TEST(keys, prefix_end_handles_0xff_bytes) {
  EXPECT_EQ(prefix_end("ab"), "ac");
  EXPECT_EQ(prefix_end(std::string("a\xff")), "b");
  EXPECT_EQ(prefix_end(std::string("\xff\xff")), "");
}

TEST(keys, ids_must_be_non_empty_short_and_free_of_zero_bytes) {
  EXPECT_TRUE(valid_id("w-1"));
  EXPECT_FALSE(valid_id(""));
  EXPECT_FALSE(valid_id(std::string("a\0b", 3)));
  EXPECT_FALSE(valid_id(std::string(257, 'x')));
  EXPECT_TRUE(valid_id(std::string(256, 'x')));
}

}  // namespace
}  // namespace weft::storage::keys
