// `weft validate` as a user runs it: the real binary, real files, exit codes and output.

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

using testing::shell_result;

shell_result run(const std::string& args) { return testing::shell(testing::weft_binary() + " " + args + " 2>&1"); }

class validate_cli : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("weft_cli_" + std::to_string(::getpid()) + "_" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string file(const std::string& name, const std::string& content) {
    fs::path p = dir_ / name;
    std::ofstream(p, std::ios::binary) << content;
    return p.string();
  }
  fs::path dir_;
};

const std::string examples = std::string(WEFT_SOURCE_DIR) + "/schemas/examples/";

TEST_F(validate_cli, a_valid_definition_exits_zero) {
  auto r = run("validate " + examples + "valid/error_routing.json");
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_NE(r.out.find("valid"), std::string::npos);
}

TEST_F(validate_cli, warnings_are_printed_but_do_not_fail) {
  auto r = run("validate " + examples + "valid/data_enrichment.json");
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_NE(r.out.find("/steps/3/config/conditions/0/condition: expression_simplification: "), std::string::npos) << r.out;
  auto quiet = run("validate --no-warnings " + examples + "valid/data_enrichment.json");
  EXPECT_EQ(quiet.out.find("expression_simplification"), std::string::npos) << quiet.out;
}

TEST_F(validate_cli, each_problem_is_printed_as_pointer_code_message) {
  auto r = run("validate " + examples + "invalid/everything_wrong.json");
  EXPECT_EQ(r.exit_code, 1) << r.out;
  for (const char* line : {"/steps/0/next/1: dangling_reference: 'ghost' names no step\n",
                           "/steps/1/type: unknown_step_type: unknown step type 'htp'\n",
                           "/steps/2/id: duplicate_step_id: ", "/steps/3: cycle: ",
                           "/steps/3/config/conditions/0/condition: invalid_expression: unexpected end of expression (at column 19)\n",
                           "/steps/5/id: reserved_step_id: ", "9 errors"}) {
    EXPECT_NE(r.out.find(line), std::string::npos) << "missing: " << line << "\n" << r.out;
  }
}

TEST_F(validate_cli, json_output_is_a_machine_readable_report) {
  auto r = run("validate --json " + examples + "invalid/cycle.json");
  EXPECT_EQ(r.exit_code, 1);
  auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["valid"], false);
  ASSERT_EQ(j["errors"].size(), 1u);
  EXPECT_EQ(j["errors"][0]["code"], "cycle");
  EXPECT_EQ(j["errors"][0]["pointer"], "/steps/1");
}

TEST_F(validate_cli, reads_standard_input) {
  auto path = file("hello.json", R"({"steps": [{"id": "t", "type": "trigger"}]})");
  auto r = run("validate - < " + path);
  EXPECT_EQ(r.exit_code, 0) << r.out;
}

TEST_F(validate_cli, unreadable_or_malformed_files_exit_two) {
  EXPECT_EQ(run("validate " + (dir_ / "missing.json").string()).exit_code, 2);
  EXPECT_EQ(run("validate " + dir_.string()).exit_code, 2);
  auto bad = run("validate " + file("bad.json", "{\"steps\": [}"));
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.out.find("not valid JSON"), std::string::npos) << bad.out;
  EXPECT_EQ(run("validate " + file("empty.json", "")).exit_code, 2);
  EXPECT_EQ(run("validate " + file("binary.json", std::string("\x00\xff\x10", 3))).exit_code, 2);
  auto deep = run("validate " + file("deep.json", std::string(100000, '[') + std::string(100000, ']')));
  EXPECT_EQ(deep.exit_code, 2);
  EXPECT_NE(deep.out.find("deeper than"), std::string::npos) << deep.out;
}

TEST_F(validate_cli, help_version_and_usage_errors) {
  auto help = run("--help");
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_NE(help.out.find("validate"), std::string::npos);
  auto version = run("--version");
  EXPECT_EQ(version.exit_code, 0);
  EXPECT_EQ(version.out.rfind("weft ", 0), 0u) << version.out;
  EXPECT_NE(run("").exit_code, 0);
  EXPECT_NE(run("frobnicate").exit_code, 0);
  EXPECT_NE(run("validate").exit_code, 0);
}

}  // namespace
}  // namespace weft
