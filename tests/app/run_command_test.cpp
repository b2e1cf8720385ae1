// `weft run` as a user runs it: the real binary, an embedded engine, output on stdout,
// progress on stderr, exit codes.

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "tests/support/shell.hpp"

namespace weft {
namespace {

namespace fs = std::filesystem;

// Runs `weft run ARGS`; `stderr_to` collects progress and errors.
testing::shell_result run(const std::string& args, const std::string& stderr_to = "/dev/null") {
  return testing::shell(testing::weft_binary() + " run " + args + " 2>" + stderr_to);
}

class run_cli : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("weft_run_" + std::to_string(::getpid()) + "_" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string file(const std::string& name, const std::string& content) {
    std::ofstream(dir_ / name) << content;
    return (dir_ / name).string();
  }
  fs::path dir_;
};

const std::string examples = std::string(WEFT_SOURCE_DIR) + "/schemas/examples/valid/";

TEST_F(run_cli, prints_the_output_and_exits_zero) {
  auto r = run(examples + "hello.json --input '{\"name\": \"Ada\"}'", (dir_ / "err.txt").string());
  ASSERT_EQ(r.exit_code, 0) << r.out;
  EXPECT_EQ(nlohmann::json::parse(r.out), nlohmann::json({{"message", "Hello, Ada!"}}));
  std::ifstream err(dir_ / "err.txt");
  std::string progress((std::istreambuf_iterator<char>(err)), std::istreambuf_iterator<char>());
  EXPECT_NE(progress.find("100% completed"), std::string::npos) << progress;
}

TEST_F(run_cli, applies_input_defaults) {
  auto r = run(examples + "hello.json");
  ASSERT_EQ(r.exit_code, 0);
  EXPECT_EQ(nlohmann::json::parse(r.out)["message"], "Hello, world!");
}

TEST_F(run_cli, a_failed_execution_exits_one) {
  auto r = run(file("fail.json", R"({"steps": [{"id": "f", "type": "fail", "config": {"message": "no"}}]})"));
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_TRUE(r.out.empty());
}

TEST_F(run_cli, unusable_files_and_inputs_exit_two) {
  EXPECT_EQ(run((dir_ / "missing.json").string()).exit_code, 2);
  EXPECT_EQ(run(file("bad.json", "{")).exit_code, 2);
  EXPECT_EQ(run(file("invalid.json", R"({"steps": [{"id": "a", "type": "teleport"}]})")).exit_code, 2);
  EXPECT_EQ(run(examples + "hello.json --input '{not json'").exit_code, 2);
}

TEST_F(run_cli, keeps_the_run_when_given_a_data_directory) {
  auto r = run(examples + "hello.json --data " + (dir_ / "keep").string());
  ASSERT_EQ(r.exit_code, 0);
  EXPECT_TRUE(fs::exists(dir_ / "keep" / "db"));
}

}  // namespace
}  // namespace weft
