// The cluster file (core/cluster_map.hpp): who owns which execution, decided the same way by
// every node from the id alone; files that would leave a shard without an owner, or with two,
// are refused with the reason.
#include <gtest/gtest.h>

#include <map>
#include <set>

#include <nlohmann/json.hpp>

#include "core/cluster_map.hpp"

namespace weft::core {
namespace {

using nlohmann::json;

json two_coordinators() {
  return json::parse(R"({ "shards": 8, "coordinators": [
      { "name": "a", "cluster": "127.0.0.1:7001", "http": "127.0.0.1:8001", "shards": [0, 3] },
      { "name": "b", "cluster": "127.0.0.1:7002", "http": "127.0.0.1:8002", "shards": [4, 7] } ] })");
}

TEST(cluster_map, every_node_names_the_same_owner_and_mints_ids_in_its_own_shards) {
  cluster_map a, b;
  std::string why;
  ASSERT_TRUE(cluster_map::parse(two_coordinators(), "a", a, why)) << why;
  ASSERT_TRUE(cluster_map::parse(two_coordinators(), "b", b, why)) << why;
  EXPECT_TRUE(a.clustered());
  EXPECT_TRUE(a.is_home());
  EXPECT_FALSE(b.is_home());
  EXPECT_EQ(b.home().http, "127.0.0.1:8001");
  std::map<std::string, int> owned_by;
  std::set<std::uint32_t> shards_seen;
  for (int i = 0; i < 200; ++i) {
    const std::string from_a = a.new_execution_id(), from_b = b.new_execution_id();
    EXPECT_EQ(from_a.rfind("ex_", 0), 0u);
    EXPECT_EQ(from_a.size(), 19u);
    EXPECT_TRUE(a.owns(from_a) && !b.owns(from_a)) << from_a;
    EXPECT_TRUE(b.owns(from_b) && !a.owns(from_b)) << from_b;
    EXPECT_EQ(&a.owner_of(from_b), &a.coordinators()[1]) << "a knows b owns it without asking";
    EXPECT_LE(a.shard_of(from_a), 3u);
    EXPECT_GE(a.shard_of(from_b), 4u);
    shards_seen.insert(a.shard_of(from_a));
    shards_seen.insert(a.shard_of(from_b));
  }
  EXPECT_EQ(shards_seen.size(), 8u) << "ids spread over every shard";
  // The hash is part of the data's meaning: these must never change.
  EXPECT_EQ(a.shard_of("ex_0000000000000000"), a.shard_of("ex_0000000000000000"));
  cluster_map wide;
  json doc = two_coordinators();
  doc["shards"] = 4096;
  doc["coordinators"][0]["shards"] = {0, 2047};
  doc["coordinators"][1]["shards"] = {2048, 4095};
  ASSERT_TRUE(cluster_map::parse(doc, "a", wide, why)) << why;
  EXPECT_EQ(wide.shard_of(""), 14695981039346656037ULL % 4096);
  EXPECT_EQ(wide.shard_of("a"), 0xaf63dc4c8601ec8cULL % 4096);
}

TEST(cluster_map, an_id_made_from_its_cause_is_moved_into_this_nodes_shards_the_same_way_every_time) {
  cluster_map a, b;
  std::string why;
  ASSERT_TRUE(cluster_map::parse(two_coordinators(), "a", a, why)) << why;
  ASSERT_TRUE(cluster_map::parse(two_coordinators(), "b", b, why)) << why;
  int moved = 0;
  for (int i = 0; i < 50; ++i) {
    const std::string base = "sch_wf_1.cron." + std::to_string(1'700'000'000 + i * 60);
    const std::string id = a.owned_id(base);
    EXPECT_TRUE(a.owns(id)) << id;
    EXPECT_EQ(id, a.owned_id(base)) << "deterministic";
    EXPECT_EQ(id.rfind(base, 0), 0u) << "the cause stays readable in the id";
    moved += id != base;
    if (a.owns(base)) {
      EXPECT_EQ(id, base);
    }
    EXPECT_TRUE(b.owns(b.owned_id(base)));
  }
  EXPECT_GT(moved, 0);
  EXPECT_EQ(cluster_map().owned_id("sch_x"), "sch_x") << "a node alone never changes an id";
}

TEST(cluster_map, a_single_node_owns_everything) {
  cluster_map one;
  EXPECT_FALSE(one.clustered());
  EXPECT_TRUE(one.is_home());
  EXPECT_TRUE(one.owns("ex_anything"));
  EXPECT_TRUE(one.owns(one.new_execution_id()));
}

TEST(cluster_map, files_that_leave_a_shard_without_one_owner_are_refused_with_the_reason) {
  auto refused = [](json doc, const std::string& self = "a") {
    cluster_map map;
    std::string why;
    EXPECT_FALSE(cluster_map::parse(doc, self, map, why)) << doc.dump();
    return why;
  };
  EXPECT_NE(refused(json::array()).find("JSON object"), std::string::npos);
  json doc = two_coordinators();
  doc["shards"] = 0;
  EXPECT_NE(refused(doc).find("shards must be"), std::string::npos);
  doc = two_coordinators();
  doc["coordinators"][1]["shards"] = {3, 7};
  EXPECT_NE(refused(doc).find("shard 3 is owned by both a and b"), std::string::npos);
  doc = two_coordinators();
  doc["coordinators"][1]["shards"] = {5, 7};
  EXPECT_NE(refused(doc).find("shard 4 has no owner"), std::string::npos);
  doc = two_coordinators();
  doc["coordinators"][1]["shards"] = {4, 8};
  EXPECT_NE(refused(doc).find("coordinators[1].shards"), std::string::npos);
  doc = two_coordinators();
  doc["coordinators"][1]["name"] = "a";
  EXPECT_NE(refused(doc).find("listed twice"), std::string::npos);
  doc = two_coordinators();
  doc["coordinators"][0]["http"] = "localhost";
  EXPECT_NE(refused(doc).find("coordinators[0].http must be HOST:PORT"), std::string::npos);
  doc = two_coordinators();
  doc["coordinators"][0]["cluster"] = "h:99999";
  EXPECT_NE(refused(doc).find("coordinators[0].cluster"), std::string::npos);
  EXPECT_NE(refused(two_coordinators(), "c").find("('c') is not among the coordinators"), std::string::npos);
}

}  // namespace
}  // namespace weft::core
