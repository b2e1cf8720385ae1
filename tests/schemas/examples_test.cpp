// Every example under schemas/examples/ and every benchmark workload in bench/workloads/
// validates exactly as expected.
#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

#include "core/validator.hpp"
#include "nodes/registry.hpp"

namespace weft {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

json read_json(const fs::path& p) {
  std::ifstream in(p);
  EXPECT_TRUE(in) << p;
  return json::parse(in);
}

std::vector<fs::path> json_files(const fs::path& dir) {
  std::vector<fs::path> out;
  for (const auto& e : fs::directory_iterator(dir)) {
    if (e.path().extension() == ".json") out.push_back(e.path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::string dump(const std::vector<core::problem>& problems) {
  std::string out;
  for (const auto& p : problems) out += "  " + p.to_string() + "\n";
  return out;
}

const fs::path examples = fs::path(WEFT_SOURCE_DIR) / "schemas" / "examples";

TEST(examples, every_valid_example_validates) {
  auto files = json_files(examples / "valid");
  ASSERT_GE(files.size(), 5u);
  for (const auto& f : files) {
    auto r = core::validate_definition(read_json(f), nodes::registry::builtin());
    EXPECT_TRUE(r.ok()) << f.filename() << "\n" << dump(r.errors);
  }
}

TEST(examples, every_invalid_example_reports_exactly_its_expected_problems) {
  json expected = read_json(examples / "expected_problems.json");
  auto files = json_files(examples / "invalid");
  ASSERT_GE(files.size(), 5u);
  for (const auto& f : files) {
    const std::string name = f.filename().string();
    ASSERT_TRUE(expected.contains(name)) << name << " has no entry in expected_problems.json";
    std::set<std::string> want;
    for (const auto& p : expected[name]) want.insert(p.get<std::string>());
    auto r = core::validate_definition(read_json(f), nodes::registry::builtin());
    std::set<std::string> got;
    for (const auto& p : r.errors) got.insert(p.pointer + " " + p.code);
    EXPECT_FALSE(r.ok()) << name;
    EXPECT_EQ(got, want) << name << "\n" << dump(r.errors);
  }
}

TEST(examples, every_expectation_names_an_existing_file) {
  json expected = read_json(examples / "expected_problems.json");
  for (const auto& [name, _] : expected.items()) {
    if (name.rfind('_', 0) == 0) continue;  // _comment
    EXPECT_TRUE(fs::exists(examples / "invalid" / name)) << name;
  }
}

TEST(examples, the_benchmark_workloads_validate_without_warnings) {
  const fs::path workloads = fs::path(WEFT_SOURCE_DIR) / "bench" / "workloads";
  auto files = json_files(workloads);
  ASSERT_EQ(files.size(), 3u) << "chain10, fanout8 and sleepers";
  for (const auto& f : files) {
    auto r = core::validate_definition(read_json(f), nodes::registry::builtin());
    EXPECT_TRUE(r.ok()) << f.filename() << "\n" << dump(r.errors);
    EXPECT_TRUE(r.warnings.empty()) << f.filename() << "\n" << dump(r.warnings);
  }
}

}  // namespace
}  // namespace weft
