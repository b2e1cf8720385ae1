// The storage conformance suite: every store implementation and sync mode must pass it.
// Today: RocksDB with sync `group` and `none`, each in its own temp dir per test.
#include <tuple>

#include <gtest/gtest.h>

#include "core/execution_snapshot.hpp"
#include "core/execution_state.hpp"

#include "storage/codec.hpp"
#include "storage/database.hpp"
#include "storage/event_codec.hpp"
#include "storage/event_log.hpp"
#include "storage/execution_store.hpp"
#include "storage/keys.hpp"
#include "storage/workflow_store.hpp"
#include "tests/storage/storage_test_support.hpp"

namespace weft::storage {
namespace {

using nlohmann::json;

struct backend {
  const char* name;
  sync_mode sync;
};
void PrintTo(const backend& b, std::ostream* os) { *os << "rocksdb sync=" << b.name; }

class conformance : public ::testing::TestWithParam<backend> {
 protected:
  void SetUp() override { reopen(); }

  void reopen() {
    workflows_.reset();
    db_.reset();
    database_options options;
    options.path = dir_.path() + "/db";
    options.sync = GetParam().sync;
    ASSERT_OK(database::open(options, db_));
  }

  workflow_record workflow(const std::string& tenant, const std::string& id, std::uint64_t version = 1) {
    workflow_record w;
    w.tenant = tenant;
    w.id = id;
    w.name = "wf " + id;
    w.version = version;
    w.created_by = "u1";
    w.updated_by = "u1";
    w.created_at = 1000;
    w.updated_at = 1000 + static_cast<std::int64_t>(version);
    w.definition = {{"steps", {{{"id", "t"}, {"type", "trigger"}}}}, {"v", version}};
    return w;
  }

  version_record version_of(const workflow_record& w, const std::string& change) {
    version_record v;
    v.version = w.version;
    v.definition = w.definition;
    v.change = change;
    v.notes = change + " notes";
    v.created_by = w.updated_by;
    v.created_at = w.updated_at;
    return v;
  }

  void create(const std::string& tenant, const std::string& id) {
    auto w = workflow(tenant, id);
    ASSERT_OK(workflows().save(w, version_of(w, "created"), 0));
  }

  static core::event make_event(std::uint64_t seq, core::event_type type, std::string step = "",
                                json data = json::object()) {
    core::event e;
    e.seq = seq;
    e.type = type;
    e.at_ms = 1'700'000'000'000 + static_cast<std::int64_t>(seq);
    e.step_id = std::move(step);
    e.attempt = e.step_id.empty() ? 0 : 1;
    e.data = std::move(data);
    return e;
  }

  workflow_store& workflows() {
    if (!workflows_) workflows_ = std::make_unique<workflow_store>(*db_);
    return *workflows_;
  }
  event_log log() { return event_log(*db_); }

  void TearDown() override {
    workflows_.reset();
    db_.reset();
  }

  testing::temp_dir dir_;
  std::unique_ptr<database> db_;
  std::unique_ptr<workflow_store> workflows_;
};

TEST_P(conformance, a_saved_workflow_reads_back_whole) {
  auto w = workflow("acme", "w1");
  w.description = "héllo";
  ASSERT_OK(workflows().save(w, version_of(w, "created"), 0));
  workflow_record got;
  ASSERT_OK(workflows().get("acme", "w1", got));
  EXPECT_EQ(got.tenant, "acme");
  EXPECT_EQ(got.id, "w1");
  EXPECT_EQ(got.name, "wf w1");
  EXPECT_EQ(got.description, "héllo");
  EXPECT_EQ(got.status, "draft");
  EXPECT_EQ(got.version, 1u);
  EXPECT_EQ(got.definition, w.definition);
  EXPECT_EQ(got.created_at, 1000);
}

TEST_P(conformance, missing_workflows_and_versions_are_not_found) {
  workflow_record w;
  EXPECT_TRUE(workflows().get("acme", "nope", w).is_not_found());
  version_record v;
  EXPECT_TRUE(workflows().get_version("acme", "nope", 1, v).is_not_found());
  EXPECT_TRUE(workflows().remove("acme", "nope").is_not_found());
}

TEST_P(conformance, creating_twice_is_a_conflict) {
  create("acme", "w1");
  auto w = workflow("acme", "w1");
  EXPECT_TRUE(workflows().save(w, version_of(w, "created"), 0).is_conflict());
}

TEST_P(conformance, every_update_adds_an_immutable_version) {
  create("acme", "w1");
  for (std::uint64_t v = 2; v <= 300; ++v) {
    auto w = workflow("acme", "w1", v);
    ASSERT_OK(workflows().save(w, version_of(w, "replaced"), v - 1));
  }
  std::vector<version_record> versions;
  ASSERT_OK(workflows().list_versions("acme", "w1", versions));
  ASSERT_EQ(versions.size(), 300u);
  for (std::size_t i = 0; i < versions.size(); ++i) EXPECT_EQ(versions[i].version, i + 1);  // numeric order past 255
  version_record first;
  ASSERT_OK(workflows().get_version("acme", "w1", 1, first));
  EXPECT_EQ(first.change, "created");
  EXPECT_EQ(first.definition["v"], 1);
  workflow_record latest;
  ASSERT_OK(workflows().get("acme", "w1", latest));
  EXPECT_EQ(latest.version, 300u);
}

TEST_P(conformance, a_stale_update_is_a_conflict_and_changes_nothing) {
  create("acme", "w1");
  auto w2 = workflow("acme", "w1", 2);
  ASSERT_OK(workflows().save(w2, version_of(w2, "replaced"), 1));
  auto stale = workflow("acme", "w1", 2);
  stale.name = "stale";
  EXPECT_TRUE(workflows().save(stale, version_of(stale, "replaced"), 1).is_conflict());
  workflow_record got;
  ASSERT_OK(workflows().get("acme", "w1", got));
  EXPECT_EQ(got.name, "wf w1");
  auto ghost = workflow("acme", "ghost", 2);
  EXPECT_TRUE(workflows().save(ghost, version_of(ghost, "replaced"), 1).is_not_found());
}

TEST_P(conformance, listing_pages_through_one_tenant_in_id_order) {
  for (const char* id : {"c", "a", "e", "b", "d"}) create("acme", id);
  create("acme-corp", "a0");
  create("acm", "zz");
  workflow_page page;
  std::vector<std::string> seen;
  std::string cursor;
  int pages = 0;
  do {
    ASSERT_OK(workflows().list("acme", cursor, 2, page));
    for (const auto& w : page.items) seen.push_back(w.id);
    cursor = page.next_cursor;
    ++pages;
  } while (!cursor.empty() && pages < 10);
  EXPECT_EQ(seen, (std::vector<std::string>{"a", "b", "c", "d", "e"}));
  EXPECT_EQ(pages, 3);
  ASSERT_OK(workflows().list("nobody", "", 10, page));
  EXPECT_TRUE(page.items.empty());
}

TEST_P(conformance, tenants_never_see_each_others_workflows) {
  create("acme", "shared-id");
  workflow_record w;
  EXPECT_TRUE(workflows().get("globex", "shared-id", w).is_not_found());
  EXPECT_TRUE(workflows().remove("globex", "shared-id").is_not_found());
  std::vector<version_record> versions;
  ASSERT_OK(workflows().list_versions("globex", "shared-id", versions));
  EXPECT_TRUE(versions.empty());
  ASSERT_OK(workflows().get("acme", "shared-id", w));
}

TEST_P(conformance, removing_a_workflow_removes_its_versions_only) {
  create("acme", "w1");
  create("acme", "w10");
  auto w = workflow("acme", "w1", 2);
  ASSERT_OK(workflows().save(w, version_of(w, "replaced"), 1));
  ASSERT_OK(workflows().remove("acme", "w1"));
  workflow_record got;
  EXPECT_TRUE(workflows().get("acme", "w1", got).is_not_found());
  std::vector<version_record> versions;
  ASSERT_OK(workflows().list_versions("acme", "w1", versions));
  EXPECT_TRUE(versions.empty());
  ASSERT_OK(workflows().list_versions("acme", "w10", versions));
  EXPECT_EQ(versions.size(), 1u);
}

TEST_P(conformance, invalid_ids_are_refused) {
  auto w = workflow("", "w1");
  EXPECT_EQ(workflows().save(w, version_of(w, "created"), 0).which(), status::code::invalid_argument);
  workflow_record got;
  EXPECT_EQ(workflows().get("acme", std::string("a\0b", 3), got).which(), status::code::invalid_argument);
  EXPECT_EQ(log().append({{"acme", "", {make_event(1, core::event_type::log)}}}).which(),
            status::code::invalid_argument);
  EXPECT_EQ(log().append({{"acme", "e1", {make_event(0, core::event_type::log)}}}).which(),
            status::code::invalid_argument);
}

TEST_P(conformance, appended_events_read_back_in_seq_order) {
  std::vector<core::event> events;
  events.push_back(make_event(1, core::event_type::execution_created, "", {{"workflow_id", "w1"}, {"total_steps", 2}}));
  events.push_back(make_event(2, core::event_type::execution_started));
  for (std::uint64_t seq = 3; seq <= 600; ++seq) {
    events.push_back(make_event(seq, core::event_type::log, "s", {{"message", "line " + std::to_string(seq)}}));
  }
  ASSERT_OK(log().append({{"acme", "e1", events}}));
  std::vector<core::event> got;
  ASSERT_OK(log().read("acme", "e1", 0, 10000, got));
  ASSERT_EQ(got.size(), 600u);
  for (std::size_t i = 0; i < got.size(); ++i) {
    EXPECT_EQ(got[i].seq, i + 1);
    EXPECT_EQ(got[i].type, events[i].type);
    EXPECT_EQ(got[i].at_ms, events[i].at_ms);
    EXPECT_EQ(got[i].step_id, events[i].step_id);
    EXPECT_EQ(got[i].attempt, events[i].attempt);
    EXPECT_EQ(got[i].data, events[i].data);
  }
  ASSERT_OK(log().read("acme", "e1", 255, 3, got));
  ASSERT_EQ(got.size(), 3u);
  EXPECT_EQ(got[0].seq, 256u);
  ASSERT_OK(log().read("acme", "e1", 600, 10, got));
  EXPECT_TRUE(got.empty());
  std::uint64_t last = 0;
  ASSERT_OK(log().last_seq("acme", "e1", last));
  EXPECT_EQ(last, 600u);
}

// A commit's events are one value per run of up to event_codec::max_run (the memtable insert
// per key was the log's largest cost), and a log written one event per key by earlier
// versions reads the same, mixed with runs: every (after, limit) gives the same seqs.
TEST_P(conformance, a_commit_is_one_key_per_run_and_logs_of_one_event_per_key_still_read) {
  std::vector<core::event> old_form, commits;
  for (std::uint64_t seq = 1; seq <= 5; ++seq) old_form.push_back(make_event(seq, core::event_type::log, "s"));
  auto batch = db_->new_batch();
  for (const auto& e : old_form) batch.put(family::events, keys::child("acme", "e1", e.seq), event_codec::encode(e));
  ASSERT_OK(db_->write(batch));
  for (std::uint64_t seq = 6; seq <= 8; ++seq) commits.push_back(make_event(seq, core::event_type::log, "s"));
  ASSERT_OK(log().append({{"acme", "e1", commits}}));
  commits.clear();
  for (std::uint64_t seq = 9; seq <= 9 + event_codec::max_run; ++seq) commits.push_back(make_event(seq, core::event_type::log, "s"));
  ASSERT_OK(log().append({{"acme", "e1", commits}, {"acme", "e2", {make_event(1, core::event_type::log)}}}));
  const std::uint64_t last = 9 + event_codec::max_run;

  std::vector<std::uint64_t> key_seqs;
  const std::string prefix = keys::children_prefix("acme", "e1");
  ASSERT_OK(db_->scan(family::events, prefix, keys::prefix_end(prefix), [&](std::string_view key, std::string_view) {
    key_seqs.push_back(*keys::read_u64(key, prefix.size()));
    return true;
  }));
  EXPECT_EQ(key_seqs, (std::vector<std::uint64_t>{1, 2, 3, 4, 5, 8, 8 + event_codec::max_run, last}))
      << "five old keys, then one per commit, the long commit split after max_run events";

  for (std::uint64_t after = 0; after <= last; ++after) {
    for (std::size_t limit : {1, 2, 7, 1000}) {
      std::vector<core::event> got;
      ASSERT_OK(log().read("acme", "e1", after, limit, got));
      const std::uint64_t expected = std::min<std::uint64_t>(limit, last - after);
      ASSERT_EQ(got.size(), expected) << "after " << after << ", limit " << limit;
      for (std::size_t i = 0; i < got.size(); ++i) {
        EXPECT_EQ(got[i].seq, after + 1 + i);
        EXPECT_EQ(got[i].at_ms, make_event(got[i].seq, core::event_type::log).at_ms) << "seq " << got[i].seq;
      }
    }
  }
  std::uint64_t seq = 0;
  ASSERT_OK(log().last_seq("acme", "e1", seq));
  EXPECT_EQ(seq, last);
}

// last_seq is one reverse seek, has_events one seek in prefix mode: neither may stray into a
// neighbour's keys — in the memtable, nor once the keys are in table files with their
// prefix filters (a reopen flushes what the WAL held).
TEST_P(conformance, last_seq_is_the_executions_own_among_its_neighbours) {
  std::vector<core::event> three, five;
  for (std::uint64_t i = 1; i <= 3; ++i) three.push_back(make_event(i, core::event_type::log));
  for (std::uint64_t i = 1; i <= 5; ++i) five.push_back(make_event(i, core::event_type::log));
  ASSERT_OK(log().append({{"acme", "e1", three}, {"acme", "e10", five}, {"acme", "e0", five}, {"acmf", "e1", five}}));
  for (const bool reopened : {false, true}) {
    SCOPED_TRACE(reopened ? "from table files" : "from the memtable");
    if (reopened) reopen();
    std::uint64_t last = 99;
    ASSERT_OK(log().last_seq("acme", "e1", last));
    EXPECT_EQ(last, 3u);
    ASSERT_OK(log().last_seq("acme", "e10", last));
    EXPECT_EQ(last, 5u);
    ASSERT_OK(log().last_seq("acme", "e2", last));
    EXPECT_EQ(last, 0u) << "no events: 0";
    ASSERT_OK(log().last_seq("zzz", "e1", last));
    EXPECT_EQ(last, 0u) << "past every key";
    // has_events, the check before an execution's first event, likewise.
    for (const auto& [tenant, id, expected] : std::vector<std::tuple<std::string, std::string, bool>>{
             {"acme", "e1", true}, {"acme", "e10", true}, {"acme", "e2", false}, {"acme", "e", false}, {"zzz", "e1", false}, {"acmf", "e1", true}}) {
      bool used = !expected;
      ASSERT_OK(log().has_events(tenant, id, used));
      EXPECT_EQ(used, expected) << tenant << "/" << id;
    }
  }
}

TEST_P(conformance, one_append_covers_many_executions_and_tenants) {
  ASSERT_OK(log().append({{"acme", "e1", {make_event(1, core::event_type::execution_created)}},
                          {"globex", "e1", {make_event(1, core::event_type::execution_created),
                                            make_event(2, core::event_type::execution_started)}},
                          {"acme", "e2", {make_event(1, core::event_type::execution_created)}}}));
  std::vector<core::event> got;
  ASSERT_OK(log().read("acme", "e1", 0, 100, got));
  EXPECT_EQ(got.size(), 1u);
  ASSERT_OK(log().read("globex", "e1", 0, 100, got));
  EXPECT_EQ(got.size(), 2u);
  ASSERT_OK(log().read("initech", "e1", 0, 100, got));
  EXPECT_TRUE(got.empty());
}

TEST_P(conformance, executions_are_active_from_creation_to_their_terminal_event) {
  ASSERT_OK(log().append({{"acme", "done", {make_event(1, core::event_type::execution_created)}},
                          {"acme", "running", {make_event(1, core::event_type::execution_created)}},
                          {"globex", "waiting", {make_event(1, core::event_type::execution_created)}}}));
  ASSERT_OK(log().append({{"acme", "done", {make_event(2, core::event_type::execution_started),
                                            make_event(3, core::event_type::execution_completed)}}}));
  std::vector<execution_ref> active;
  ASSERT_OK(log().active_executions(active));
  std::set<std::string> names;
  for (const auto& r : active) names.insert(r.tenant + "/" + r.execution_id);
  EXPECT_EQ(names, (std::set<std::string>{"acme/running", "globex/waiting"}));
  bool active_now = false;
  ASSERT_OK(log().is_active("acme", "running", active_now));
  EXPECT_TRUE(active_now);
  ASSERT_OK(log().is_active("acme", "done", active_now));
  EXPECT_FALSE(active_now);
  ASSERT_OK(log().is_active("acme", "waiting", active_now));  // globex's, not acme's
  EXPECT_FALSE(active_now);
  for (auto terminal : {core::event_type::execution_failed, core::event_type::execution_cancelled,
                        core::event_type::execution_timed_out}) {
    ASSERT_OK(log().append({{"acme", "t", {make_event(1, core::event_type::execution_created), make_event(2, terminal)}}}));
    ASSERT_OK(log().active_executions(active));
    EXPECT_EQ(active.size(), 2u) << core::to_string(terminal);
  }
}

TEST_P(conformance, a_history_is_the_first_event_the_latest_snapshot_and_what_followed) {
  std::vector<core::event> events = {make_event(1, core::event_type::execution_created, "", {{"input", 1}}),
                                     make_event(2, core::event_type::execution_started)};
  for (std::uint64_t seq = 3; seq <= 8; ++seq) events.push_back(make_event(seq, core::event_type::step_started, "s" + std::to_string(seq)));
  ASSERT_OK(log().append({{"acme", "e1", events}}));
  core::execution_history h;
  ASSERT_OK(log().read_history("acme", "e1", h));
  EXPECT_EQ(h.created.seq, 1u);
  EXPECT_TRUE(h.snapshot.is_null());
  EXPECT_EQ(h.tail.size(), 7u);  // 2..8
  // A snapshot at seq 5 replaces the first five events, in the same batch as new events.
  const core::execution_state at5 = core::replay(std::vector<core::event>(events.begin(), events.begin() + 5));
  auto batch = log().new_batch();
  ASSERT_OK(log().add_snapshot(batch, "acme", "e1", codec::encode(core::snapshot_of(at5))));
  ASSERT_OK(log().add_to(batch, {{"acme", "e1", {make_event(9, core::event_type::step_started, "s9")}}}));
  ASSERT_OK(log().commit(batch));
  ASSERT_OK(log().read_history("acme", "e1", h));
  EXPECT_EQ(h.created.data, json({{"input", 1}}));
  EXPECT_EQ(h.snapshot["last_seq"], 5);
  ASSERT_EQ(h.tail.size(), 4u);
  EXPECT_EQ(h.tail.front().seq, 6u);
  EXPECT_EQ(h.last_seq(), 9u);
  EXPECT_EQ(core::fold(h).steps.size(), 7u);
  // An unreadable snapshot is ignored: the history starts over from the first event.
  batch = log().new_batch();
  ASSERT_OK(log().add_snapshot(batch, "acme", "e1", codec::encode(json{{"version", 1}, {"garbage", true}})));
  ASSERT_OK(log().commit(batch));
  ASSERT_OK(log().read_history("acme", "e1", h));
  EXPECT_TRUE(h.snapshot.is_null());
  EXPECT_EQ(h.tail.size(), 8u);
  // Bytes that are not even a value (a torn or foreign write): ignored too; the history was
  // an error before, and the execution could not be brought back.
  batch = log().new_batch();
  batch.put(family::snapshots, keys::entity("acme", "e1"), std::string("\xa5\x61", 2));
  ASSERT_OK(log().commit(batch));
  ASSERT_OK(log().read_history("acme", "e1", h));
  EXPECT_TRUE(h.snapshot.is_null());
  EXPECT_EQ(h.tail.size(), 8u);
  EXPECT_EQ(h.last_seq(), 9u);
  // Unknown executions and other tenants' have no history.
  ASSERT_OK(log().read_history("globex", "e1", h));
  EXPECT_TRUE(h.empty());
}

TEST_P(conformance, a_definition_named_by_digest_is_stored_once_and_read_back_in_its_place) {
  const json definition = {{"steps", {{{"id", "t"}, {"type", "trigger"}}}}, {"settings", {{"timeout_ms", 500}}}};
  const std::string digest(64, 'a');
  auto created = [&]() {
    return make_event(1, core::event_type::execution_created, "",
                      {{"workflow_id", "w"}, {"input", {{"n", 1}}}, {"definition_digest", digest}});
  };
  // Two executions of one definition in acme, one in globex: one definition per tenant.
  auto batch = log().new_batch();
  ASSERT_OK(log().add_definition(batch, "acme", digest, codec::encode(definition)));
  ASSERT_OK(log().add_definition(batch, "globex", digest, codec::encode(definition)));
  ASSERT_OK(log().add_to(batch, {{"acme", "e1", {created()}}, {"acme", "e2", {created()}},
                                 {"globex", "e1", {created()}}}));
  ASSERT_OK(log().commit(batch));
  std::size_t stored = 0;
  ASSERT_OK(db_->scan(family::definitions, "", "", [&](std::string_view, std::string_view) { return ++stored, true; }));
  EXPECT_EQ(stored, 2u);
  // Every read sees the definition where the digest was, as if it had been written there;
  // after a reopen too (from table files).
  for (int pass = 0; pass < 2; ++pass) {
    for (const auto& [tenant, id] : std::vector<std::pair<std::string, std::string>>{{"acme", "e1"}, {"acme", "e2"}, {"globex", "e1"}}) {
      std::vector<core::event> events;
      ASSERT_OK(log().read(tenant, id, 0, 10, events));
      ASSERT_EQ(events.size(), 1u);
      EXPECT_EQ(events[0].data, json({{"workflow_id", "w"}, {"input", {{"n", 1}}}, {"definition", definition}})) << tenant << "/" << id;
      core::execution_history h;
      ASSERT_OK(log().read_history(tenant, id, h));
      EXPECT_EQ(h.created.data["definition"], definition);
      EXPECT_EQ(core::fold(h).timeout_ms, 500) << "the fold reads the timeout from the definition put back";
    }
    reopen();
  }
  // A digest nothing is stored under (another tenant's definition among them): the event
  // reads without a definition, and the read does not fail.
  ASSERT_OK(log().append({{"initech", "e1", {created()}}}));
  std::vector<core::event> events;
  ASSERT_OK(log().read("initech", "e1", 0, 10, events));
  ASSERT_EQ(events.size(), 1u);
  EXPECT_FALSE(events[0].data.contains("definition"));
  EXPECT_EQ(events[0].data["definition_digest"], digest);
  // A definition whose bytes are not a value: the same.
  batch = log().new_batch();
  batch.put(family::definitions, keys::entity("initech", digest), std::string("\xa5\x61", 2));
  ASSERT_OK(log().commit(batch));
  ASSERT_OK(log().read("initech", "e1", 0, 10, events));
  ASSERT_EQ(events.size(), 1u);
  EXPECT_FALSE(events[0].data.contains("definition"));
  // An invalid digest is refused when stored.
  batch = log().new_batch();
  EXPECT_FALSE(log().add_definition(batch, "acme", "", "x").is_ok());
}

TEST_P(conformance, executions_list_newest_first_per_tenant_and_workflow_in_pages) {
  execution_store store(*db_);
  auto batch = log().new_batch();
  // e1..e5 created at 1000, 2000, ... ; e3 and e6 tie at 3000.
  const std::vector<std::tuple<std::string, std::string, std::int64_t>> runs = {
      {"e1", "wa", 1000}, {"e2", "wb", 2000}, {"e3", "wa", 3000}, {"e6", "wb", 3000}, {"e4", "wa", 4000}, {"e5", "wb", 5000}};
  for (const auto& [id, wf, at] : runs) {
    ASSERT_OK(store.add_summary(batch, "acme", id, codec::encode({{"execution_id", id}, {"workflow_id", wf}, {"status", id == "e4" ? "failed" : "completed"}})));
    ASSERT_OK(store.add_to_index(batch, "acme", wf, at, id));
  }
  ASSERT_OK(store.add_summary(batch, "globex", "g1", codec::encode({{"execution_id", "g1"}})));
  ASSERT_OK(store.add_to_index(batch, "globex", "wa", 9000, "g1"));
  ASSERT_OK(log().commit(batch));
  auto ids = [](const execution_page& p) {
    std::vector<std::string> out;
    for (const auto& j : p.items) out.push_back(j["execution_id"]);
    return out;
  };
  execution_page page;
  ASSERT_OK(store.list("acme", "", "", "", 100, page));
  EXPECT_EQ(ids(page), (std::vector<std::string>{"e5", "e4", "e3", "e6", "e2", "e1"}));
  ASSERT_OK(store.list("acme", "wa", "", "", 100, page));
  EXPECT_EQ(ids(page), (std::vector<std::string>{"e4", "e3", "e1"}));
  ASSERT_OK(store.list("acme", "", "failed", "", 100, page));
  EXPECT_EQ(ids(page), (std::vector<std::string>{"e4"}));
  // Pages of two follow each other without gap or repeat.
  std::vector<std::string> all;
  std::string cursor;
  do {
    ASSERT_OK(store.list("acme", "", "", cursor, 2, page));
    for (const auto& id : ids(page)) all.push_back(id);
    cursor = page.next_cursor;
  } while (!cursor.empty());
  EXPECT_EQ(all, (std::vector<std::string>{"e5", "e4", "e3", "e6", "e2", "e1"}));
  EXPECT_EQ(store.list("acme", "", "", "not-hex", 2, page).which(), status::code::invalid_argument);
  // A creation range: from 2000 (included) to 4000 (excluded), by seek and stop; paged too.
  ASSERT_OK(store.list("acme", "", "", "", 100, page, {2000, 4000}));
  EXPECT_EQ(ids(page), (std::vector<std::string>{"e3", "e6", "e2"}));
  ASSERT_OK(store.list("acme", "wb", "", "", 100, page, {3000, INT64_MAX}));
  EXPECT_EQ(ids(page), (std::vector<std::string>{"e5", "e6"}));
  ASSERT_OK(store.list("acme", "", "", "", 100, page, {0, 1001}));
  EXPECT_EQ(ids(page), (std::vector<std::string>{"e1"}));
  all.clear();
  cursor.clear();
  do {
    ASSERT_OK(store.list("acme", "", "", cursor, 1, page, {2000, 5000}));
    for (const auto& id : ids(page)) all.push_back(id);
    cursor = page.next_cursor;
  } while (!cursor.empty());
  EXPECT_EQ(all, (std::vector<std::string>{"e4", "e3", "e6", "e2"}));
}

TEST_P(conformance, everything_survives_close_and_reopen) {
  create("acme", "w1");
  auto w2 = workflow("acme", "w1", 2);
  ASSERT_OK(workflows().save(w2, version_of(w2, "published"), 1));
  ASSERT_OK(log().append({{"acme", "e1", {make_event(1, core::event_type::execution_created),
                                          make_event(2, core::event_type::execution_started)}}}));
  reopen();
  workflow_record got;
  ASSERT_OK(workflows().get("acme", "w1", got));
  EXPECT_EQ(got.version, 2u);
  std::vector<version_record> versions;
  ASSERT_OK(workflows().list_versions("acme", "w1", versions));
  EXPECT_EQ(versions.size(), 2u);
  std::vector<core::event> events;
  ASSERT_OK(log().read("acme", "e1", 0, 10, events));
  EXPECT_EQ(events.size(), 2u);
  std::vector<execution_ref> active;
  ASSERT_OK(log().active_executions(active));
  EXPECT_EQ(active.size(), 1u);
}

TEST_P(conformance, a_second_open_of_the_same_directory_is_refused) {
  std::unique_ptr<database> second;
  database_options options;
  options.path = dir_.path() + "/db";
  status s = database::open(options, second);
  EXPECT_FALSE(s.is_ok());
  EXPECT_EQ(second, nullptr);
  EXPECT_NE(s.to_string().find("lock"), std::string::npos) << s.to_string();
}

TEST_P(conformance, a_path_that_cannot_be_a_database_is_an_error) {
  std::unique_ptr<database> db;
  database_options options;
  options.path = "/proc/weft-cannot-live-here";
  status s = database::open(options, db);
  EXPECT_FALSE(s.is_ok());
  EXPECT_EQ(db, nullptr);
}

TEST_P(conformance, reports_sizes_for_every_family) {
  create("acme", "w1");
  auto sizes = db_->sizes();
  ASSERT_EQ(sizes.size(), family_count);
  EXPECT_EQ(sizes[0].first, "workflows");
  EXPECT_GT(sizes[0].second, 0u);
}

TEST_P(conformance, reports_what_it_holds_in_memory) {
  const database::memory_use before = db_->memory();
  auto batch = db_->new_batch();
  for (int i = 0; i < 1000; ++i) batch.put(family::records, "r" + std::to_string(i), std::string(1000, 'x'));
  ASSERT_TRUE(db_->write(batch).is_ok());
  const database::memory_use after = db_->memory();
  EXPECT_GE(after.memtables, before.memtables + 1'000'000) << "a megabyte written sits in the memtables";
  std::string value;
  ASSERT_TRUE(db_->get(family::records, "r7", value).is_ok());
  EXPECT_EQ(value.size(), 1000u);
}

INSTANTIATE_TEST_SUITE_P(rocksdb, conformance,
                         ::testing::Values(backend{"group", sync_mode::group}, backend{"none", sync_mode::none}),
                         [](const auto& info) { return std::string(info.param.name); });

}  // namespace
}  // namespace weft::storage
