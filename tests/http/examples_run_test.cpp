// Every workflow in schemas/examples/valid/ runs as schemas/examples/runs.json says and does
// what its name and description promise (tests/http/example_runs.hpp: how an example runs).
#include <filesystem>
#include <fstream>
#include <set>

#include <gtest/gtest.h>

#include "tests/http/example_runs.hpp"

namespace weft::http {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

const fs::path examples = fs::path(WEFT_SOURCE_DIR) / "schemas" / "examples";

json read_json(const fs::path& p) {
  std::ifstream in(p);
  EXPECT_TRUE(in) << p;
  return json::parse(in);
}

class examples_run_test : public example_runs {};

TEST_F(examples_run_test, every_valid_example_has_runs_and_each_keeps_its_promise) {
  const json runs = read_json(examples / "runs.json");
  std::set<std::string> files;
  for (const auto& e : fs::directory_iterator(examples / "valid")) files.insert(e.path().filename().string());
  ASSERT_GE(files.size(), 8u);
  for (const auto& file : files) {
    SCOPED_TRACE(file);
    ASSERT_TRUE(runs.contains(file)) << "schemas/examples/runs.json has no run of " << file;
    const std::string wf = create(read_json(examples / "valid" / file));
    ASSERT_FALSE(wf.empty());
    for (const auto& example : runs[file]) {
      SCOPED_TRACE(example.dump());
      expect_promise_kept(run_example(wf, example), example);
    }
  }
  for (const auto& [file, _] : runs.items()) {
    if (file.rfind('_', 0) == 0) continue;  // _comment
    EXPECT_TRUE(files.count(file)) << "runs.json names " << file << ", which is not in valid/";
  }
}

TEST_F(examples_run_test, the_nightly_report_mails_the_count_of_open_orders) {
  const json example = read_json(examples / "runs.json")["scheduled_report.json"][0];
  const std::string wf = create(read_json(examples / "valid" / "scheduled_report.json"));
  expect_promise_kept(run_example(wf, example), example);
  const json message = smtp_.next_message();
  ASSERT_TRUE(message.is_object()) << "no email reached the SMTP server";
  EXPECT_EQ(message["rcpt_tos"], json::array({"ops@example.com"}));
  EXPECT_EQ(message["tls"], true);
  EXPECT_NE(message["content"].get<std::string>().find("Subject: 2 open orders"), std::string::npos) << message["content"];
}

// The approval example both ways, the acceptance of issue 15: a signal's payload and the
// timeout's default are read alike ($.ask.payload), whichever way the wait ended.
TEST_F(examples_run_test, the_approval_example_reads_the_signal_and_the_timeout_default_alike) {
  const std::string wf = create(read_json(examples / "valid" / "approval_with_signal.json"));
  const json approved = run_example(wf, {{"input", {{"amount", 500}, {"requester", "ana"}}},
                                         {"signal", {{"name", "decision"}, {"payload", {{"approved", true}}}}}});
  EXPECT_EQ(approved["status"], "completed");
  EXPECT_EQ(approved["output"]["approved"], true) << approved.dump();
  const json unanswered = run_example(wf, {{"input", {{"amount", 500}, {"requester", "ana"}, {"decision_within_ms", 30}}}});
  EXPECT_EQ(unanswered["status"], "completed");
  EXPECT_EQ(unanswered["output"]["approved"], false) << unanswered.dump();
  EXPECT_EQ(unanswered["output"]["by"], "timeout");
}

}  // namespace
}  // namespace weft::http
