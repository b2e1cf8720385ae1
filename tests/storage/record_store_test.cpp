// Tenant record collections (storage/record_store.hpp): upserts by key, scans in key order,
// and scans that resume after a key — how a coordinator that is not the catalogue's home
// reads a collection from it page by page (docs/cluster.md).
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "storage/database.hpp"
#include "storage/record_store.hpp"
#include "tests/storage/storage_test_support.hpp"

namespace weft::storage {
namespace {

using nlohmann::json;

std::vector<std::string> keys_after(const record_store& records, const std::string& tenant, const std::string& after,
                                    std::size_t at_most = 100) {
  std::vector<std::string> keys;
  EXPECT_OK(records.scan(
      tenant, "orders",
      [&](const std::string& key, const json&) {
        keys.push_back(key);
        return keys.size() < at_most;
      },
      after));
  return keys;
}

TEST(record_store, a_scan_resumes_after_a_key_in_key_order_within_its_tenant_and_collection) {
  testing::temp_dir dir;
  std::unique_ptr<database> db;
  database_options o;
  o.path = dir.path() + "/db";
  o.sync = sync_mode::none;
  ASSERT_OK(database::open(o, db));
  record_store records(*db);
  ASSERT_OK(records.upsert("acme", "orders", {{"b", json{{"n", 2}}}, {"a", json{{"n", 1}}}, {"ab", json{{"n", 3}}}, {"c", json{{"n", 4}}}}));
  ASSERT_OK(records.upsert("acme", "ordersx", {{"a", json{{"n", 9}}}}));  // a collection whose name extends this one
  ASSERT_OK(records.upsert("globex", "orders", {{"a0", json{{"n", 9}}}}));

  EXPECT_EQ(keys_after(records, "acme", ""), (std::vector<std::string>{"a", "ab", "b", "c"}));
  EXPECT_EQ(keys_after(records, "acme", "a"), (std::vector<std::string>{"ab", "b", "c"})) << "a key that extends `after` comes after it";
  EXPECT_EQ(keys_after(records, "acme", "aa"), (std::vector<std::string>{"ab", "b", "c"})) << "`after` need not be a key";
  EXPECT_EQ(keys_after(records, "acme", "c"), std::vector<std::string>{});
  // Page by page, two at a time, as a follower reads the home's collection.
  std::vector<std::string> paged, page;
  std::string after;
  do {
    page = keys_after(records, "acme", after, 2);
    paged.insert(paged.end(), page.begin(), page.end());
    if (!page.empty()) after = page.back();
  } while (page.size() == 2);
  EXPECT_EQ(paged, (std::vector<std::string>{"a", "ab", "b", "c"}));
}

}  // namespace
}  // namespace weft::storage
