// The catalogue's replication at the storage level (storage/database.hpp, docs/cluster.md):
// the home numbers each commit that touches the catalogue and keeps it; a follower applies them
// in order, survives a restart where it stopped, refuses catalogue writes of its own, and keeps
// writing what is its own (usage counters, executions).
#include <gtest/gtest.h>

#include <memory>
#include <vector>

#include "storage/database.hpp"
#include "storage/secret_store.hpp"
#include "tests/storage/storage_test_support.hpp"

namespace weft::storage {
namespace {

using testing::temp_dir;

std::unique_ptr<database> open_at(const std::string& path, catalogue_role role, std::vector<std::uint64_t>* commits = nullptr) {
  std::unique_ptr<database> db;
  database_options o;
  o.path = path;
  o.sync = sync_mode::none;
  o.min_free_bytes = 1;
  EXPECT_OK(database::open(o, db));
  EXPECT_OK(db->set_catalogue_role(role, [commits](std::uint64_t seq) {
    if (commits) commits->push_back(seq);
  }));
  return db;
}

// Copies every home write the follower lacks; the tenants they touched.
std::vector<std::string> catch_up(database& home, database& follower) {
  std::vector<catalogue_entry> entries;
  EXPECT_OK(home.catalogue_since(follower.catalogue_seq(), 100, entries));
  std::vector<std::string> touched, tenants;
  for (const auto& e : entries) {
    EXPECT_OK(follower.apply_catalogue(e, tenants));
    touched.insert(touched.end(), tenants.begin(), tenants.end());
  }
  return touched;
}

TEST(catalogue, what_the_home_writes_a_follower_applies_in_order_and_keeps_across_a_restart) {
  temp_dir home_dir, follower_dir;
  std::vector<std::uint64_t> commits;
  auto home = open_at(home_dir.path(), catalogue_role::home, &commits);
  auto follower = open_at(follower_dir.path(), catalogue_role::follower);
  secret_store home_secrets(*home), follower_secrets(*follower);
  ASSERT_OK(home_secrets.put("acme", "api_key", "one", 1));
  ASSERT_OK(home_secrets.put("globex", "token", "two", 2));
  EXPECT_EQ(commits, (std::vector<std::uint64_t>{1, 2}));
  EXPECT_EQ(home->catalogue_seq(), 2u);
  // What is not the catalogue is not numbered: an execution's summary, a usage counter.
  auto own = home->new_batch();
  own.put(family::executions, std::string("acme\0ex_1", 9), "{}");
  own.put(family::tenants, std::string("acme\0usage\0" "2026-12-07", 21), "{}");
  ASSERT_OK(home->write(own));
  EXPECT_EQ(home->catalogue_seq(), 2u);

  EXPECT_EQ(catch_up(*home, *follower), (std::vector<std::string>{"acme", "globex"}));
  std::string value;
  ASSERT_OK(follower_secrets.get("acme", "api_key", value));
  EXPECT_EQ(value, "one");
  EXPECT_EQ(follower->catalogue_seq(), 2u);
  EXPECT_TRUE(follower_secrets.get("acme", "nothing", value).is_not_found());

  // A follower never writes the catalogue itself (it would differ from its home's)...
  auto refused = follower_secrets.put("acme", "api_key", "mine", 3);
  EXPECT_TRUE(refused.is_conflict()) << refused.to_string();
  // ... but writes its own data.
  auto mine = follower->new_batch();
  mine.put(family::tenants, std::string("acme\0usage\0" "2026-12-07", 21), "{\"executions\": 3}");
  mine.put(family::events, std::string("acme\0ex_9\0" "12345678", 18), "x");
  EXPECT_OK(follower->write(mine));

  // An entry applied twice is skipped; one out of order is refused.
  std::vector<catalogue_entry> entries;
  ASSERT_OK(home->catalogue_since(0, 100, entries));
  ASSERT_EQ(entries.size(), 2u);
  std::vector<std::string> tenants;
  EXPECT_OK(follower->apply_catalogue(entries[0], tenants));
  EXPECT_TRUE(tenants.empty());
  EXPECT_TRUE(follower->apply_catalogue({4, entries[1].ops}, tenants).is_conflict());

  // Both restart: the home numbers on from where it was, the follower resumes after what it applied.
  home.reset();
  follower.reset();
  home = open_at(home_dir.path(), catalogue_role::home);
  follower = open_at(follower_dir.path(), catalogue_role::follower);
  EXPECT_EQ(home->catalogue_seq(), 2u);
  EXPECT_EQ(follower->catalogue_seq(), 2u);
  secret_store again(*home);
  ASSERT_OK(again.remove("acme", "api_key"));
  EXPECT_EQ(home->catalogue_seq(), 3u);
  EXPECT_EQ(catch_up(*home, *follower), (std::vector<std::string>{"acme"}));
  secret_store follower_again(*follower);
  EXPECT_TRUE(follower_again.get("acme", "api_key", value).is_not_found()) << "the erase was applied too";
  ASSERT_OK(follower_again.get("globex", "token", value));
}

TEST(catalogue, keys_are_the_catalogue_by_family_and_prefix) {
  EXPECT_TRUE(is_catalogue(family::workflows, std::string("acme\0wf_1", 9)));
  EXPECT_TRUE(is_catalogue(family::versions, "anything"));
  EXPECT_TRUE(is_catalogue(family::tenants, "acme"));
  EXPECT_TRUE(is_catalogue(family::tenants, std::string("acme\0secrets\0k", 14)));
  EXPECT_FALSE(is_catalogue(family::tenants, std::string("acme\0usage\0" "2026-12-07", 21)));
  EXPECT_FALSE(is_catalogue(family::tenants, std::string("\x01" "node", 5)));
  EXPECT_FALSE(is_catalogue(family::events, "acme"));
  EXPECT_FALSE(is_catalogue(family::records, "acme"));
}

}  // namespace
}  // namespace weft::storage
