// The schedule trigger: the real scheduler over the real RocksDB, driven by a clock of the
// test's own for the long cases (daylight saving, downtime with each missed-run policy), and
// on the real clock (moved next to a minute boundary) for a run through the whole node.
#include <gtest/gtest.h>

#include <date/date.h>

#include "tests/http/node_stack.hpp"

namespace weft::http {
namespace {

using nlohmann::json;

std::int64_t utc(int y, unsigned mo, unsigned d, int h, int mi, int s = 0) {
  using namespace std::chrono;
  const auto day = date::sys_days{date::year{y} / mo / d};
  return duration_cast<milliseconds>((day + hours(h) + minutes(mi) + seconds(s)).time_since_epoch()).count();
}

json scheduled(const std::string& cron, const std::string& zone, const std::string& missed = "skip") {
  return {{"name", "report"},
          {"steps",
           {{{"id", "tick"}, {"type", "schedule"}, {"config", {{"cron", cron}, {"timezone", zone}, {"missed", missed}}}, {"next", "out"}},
            {{"id", "out"}, {"type", "output"}, {"config", {{"value", "$.input"}}}}}}};
}

class schedules_test : public node_stack {
 protected:
  // A scheduler of the test's own over the node's workflows, keeping its state in a
  // database apart from the node's own scheduler, on `clock_`; what it would start lands in
  // `runs_`.
  std::unique_ptr<services::scheduler> test_scheduler() {
    if (!own_db_) {
      storage::database_options options;
      options.path = dir_.path() + "/test-scheduler";
      options.sync = storage::sync_mode::none;
      EXPECT_TRUE(storage::database::open(options, own_db_).is_ok());
      own_state_ = std::make_unique<storage::schedule_store>(*own_db_);
    }
    auto s = std::make_unique<services::scheduler>(*store_, *own_state_, [this] { return clock_; },
                                                   [this](const services::scheduled_run& r) { runs_.push_back(r); });
    std::string why;
    EXPECT_TRUE(s->load(why)) << why;
    return s;
  }
  std::int64_t clock_ = 0;
  std::vector<services::scheduled_run> runs_;
  std::unique_ptr<storage::database> own_db_;
  std::unique_ptr<storage::schedule_store> own_state_;
};

TEST_F(schedules_test, a_daily_schedule_runs_on_the_zone_wall_clock_across_daylight_saving) {
  clock_ = utc(2026, 3, 27, 12, 0);
  auto s = test_scheduler();
  const std::string wf = create(scheduled("0 9 * * *", "Europe/Berlin"));
  s->on_change({"acme", wf, "report", 1, "created", "", "draft", "ana", 0});
  EXPECT_TRUE(runs_.empty()) << "a new schedule starts counting now";
  ASSERT_EQ(s->list("acme").size(), 1u);
  EXPECT_EQ(s->list("acme")[0].next_due, utc(2026, 3, 28, 8, 0)) << "09:00 CET";

  clock_ = utc(2026, 3, 28, 8, 0, 2);  // two seconds late: on time
  EXPECT_EQ(s->run_due(), utc(2026, 3, 29, 7, 0)) << "the next is 09:00 CEST, an hour earlier in UTC";
  ASSERT_EQ(runs_.size(), 1u);
  EXPECT_EQ(runs_[0].workflow_id, wf);
  EXPECT_EQ(runs_[0].input["scheduled_at"], "2026-03-28T08:00:00.000Z");
  EXPECT_EQ(runs_[0].input["missed"], false);
  EXPECT_EQ(runs_[0].execution_id, "sch_" + wf + ".tick." + std::to_string(utc(2026, 3, 28, 8, 0) / 1000));

  clock_ = utc(2026, 3, 28, 20, 0);
  (void)s->run_due();
  EXPECT_EQ(runs_.size(), 1u) << "nothing due in between";
  clock_ = utc(2026, 3, 29, 7, 0, 1);
  (void)s->run_due();
  ASSERT_EQ(runs_.size(), 2u);
  EXPECT_EQ(runs_[1].input["scheduled_at"], "2026-03-29T07:00:00.000Z");
}

TEST_F(schedules_test, runs_missed_while_down_are_skipped_by_default) {
  clock_ = utc(2026, 11, 2, 10, 0);
  const std::string wf = create(scheduled("0 * * * *", "UTC"));
  {
    auto s = test_scheduler();  // records the schedule at 10:00
    clock_ = utc(2026, 11, 2, 11, 0, 1);
    (void)s->run_due();
    ASSERT_EQ(runs_.size(), 1u);
  }
  // Down from 11:00 until three days later at 14:20: 74 hourly runs missed.
  runs_.clear();
  clock_ = utc(2026, 11, 5, 14, 20);
  auto again = test_scheduler();
  EXPECT_TRUE(runs_.empty()) << runs_.size() << " runs started";
  EXPECT_EQ(again->list("acme")[0].next_due, utc(2026, 11, 5, 15, 0));
  EXPECT_EQ(again->list("acme")[0].last_handled, utc(2026, 11, 5, 14, 0)) << "the missed runs are dealt with";
  clock_ = utc(2026, 11, 5, 15, 0);
  (void)again->run_due();
  EXPECT_EQ(runs_.size(), 1u) << "and the schedule goes on";
}

TEST_F(schedules_test, run_once_runs_the_latest_missed_run_once) {
  clock_ = utc(2026, 11, 2, 10, 0);
  create(scheduled("*/10 * * * *", "UTC", "run_once"));
  { auto s = test_scheduler(); }
  clock_ = utc(2026, 11, 4, 9, 55);  // two days down
  auto again = test_scheduler();
  ASSERT_EQ(runs_.size(), 1u);
  EXPECT_EQ(runs_[0].input["missed"], true);
  EXPECT_EQ(runs_[0].input["scheduled_at"], "2026-11-04T09:50:00.000Z") << "the latest missed";
  EXPECT_EQ(runs_[0].input["fired_at"], "2026-11-04T09:55:00.000Z");
  clock_ = utc(2026, 11, 4, 10, 0);
  (void)again->run_due();
  ASSERT_EQ(runs_.size(), 2u);
  EXPECT_EQ(runs_[1].input["missed"], false);
}

TEST_F(schedules_test, changing_or_deleting_a_workflow_moves_or_drops_its_schedule) {
  clock_ = utc(2026, 11, 2, 10, 0);
  auto s = test_scheduler();
  const std::string wf = create(scheduled("0 12 * * *", "UTC"));
  s->on_change({"acme", wf, "report", 1, "created", "", "draft", "ana", 0});
  EXPECT_EQ(s->list("acme")[0].next_due, utc(2026, 11, 2, 12, 0));
  ASSERT_EQ(http_->request("PUT", "/api/workflows/" + wf, scheduled("30 6 * * *", "Asia/Tokyo").dump(), headers()).status, 200);
  s->on_change({"acme", wf, "report", 2, "replaced", "draft", "draft", "ana", 0});
  EXPECT_EQ(s->list("acme")[0].next_due, utc(2026, 11, 2, 21, 30)) << "06:30 in Tokyo";
  EXPECT_TRUE(s->list("globex").empty()) << "schedules are per tenant";
  ASSERT_EQ(http_->request("DELETE", "/api/workflows/" + wf, "", headers()).status, 204);
  s->on_change({"acme", wf, "report", 2, "deleted", "draft", "deleted", "ana", 0});
  EXPECT_TRUE(s->list("acme").empty());
  std::int64_t at = 0;
  EXPECT_TRUE(own_state_->last_handled("acme", wf, "tick", at).is_not_found());
}

TEST_F(schedules_test, bad_cron_or_zone_is_refused_at_validation_with_its_pointer) {
  auto r = http_->request("POST", "/api/workflows", scheduled("61 * * * *", "Mars/Base").dump(), headers());
  ASSERT_EQ(r.status, 422) << r.body;
  EXPECT_EQ(r.json()["error"]["code"], "invalid_workflow_definition");
  const json details = r.json()["error"]["details"];
  std::set<std::string> pointers;
  for (const auto& e : details["errors"]) pointers.insert(e["pointer"].get<std::string>());
  EXPECT_TRUE(pointers.count("/steps/0/config/cron")) << r.body;
  EXPECT_TRUE(pointers.count("/steps/0/config/timezone")) << r.body;
}

// The whole way on the real clock: the node's scheduler reads time 1.5 s before a minute
// boundary, so an every-minute schedule fires 1.5 s after the workflow is saved.
TEST_F(schedules_test, an_every_minute_schedule_starts_an_execution_through_the_node) {
  const std::int64_t real = core::expr::system_now_ms();
  const std::int64_t boundary = (real / 60'000 + 2) * 60'000;
  clock_offset_ms_ = boundary - 1'500 - real;
  const std::string wf = create(scheduled("* * * * *", "UTC"));
  const auto listed = http_->request("GET", "/api/schedules", "", headers()).json();
  ASSERT_EQ(listed["schedules"].size(), 1u) << listed.dump();
  EXPECT_EQ(listed["schedules"][0]["next_run_at"], core::expr::iso_timestamp(boundary));
  const std::string id = "sch_" + wf + ".tick." + std::to_string(boundary / 1000);
  json done;
  for (int i = 0; i < 500; ++i) {  // it does not exist until the scheduler starts it
    auto r = http_->request("GET", "/api/executions/" + id + "?wait_ms=5000", "", headers());
    if (r.status == 200) {
      done = r.json();
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  ASSERT_EQ(done["status"], "completed") << done.dump();
  EXPECT_EQ(done["output"]["trigger"], "schedule");
  EXPECT_EQ(done["output"]["scheduled_at"], core::expr::iso_timestamp(boundary));
  EXPECT_EQ(http_->request("GET", "/api/schedules", "", headers("globex")).json()["schedules"].size(), 0u);
}

}  // namespace
}  // namespace weft::http
