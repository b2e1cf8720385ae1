// core::expr::compiled: the same text compiles once and evaluates as a fresh compile does;
// text that does not compile answers its error every time.
#include <gtest/gtest.h>

#include <thread>
#include <vector>

#include "core/expr/compiled.hpp"

namespace weft::core::expr {
namespace {

TEST(compiled, the_same_text_compiles_once_and_evaluates_like_a_fresh_compile) {
  auto first = compiled("$.input.n * 2 + 1");
  auto again = compiled("$.input.n * 2 + 1");
  ASSERT_TRUE(first && again);
  EXPECT_EQ(&first.value().tree(), &again.value().tree()) << "one compiled tree, shared";
  const nlohmann::json context = {{"input", {{"n", 20}}}};
  EXPECT_EQ(first.value().evaluate(context).value(), 41);
  EXPECT_EQ(again.value().evaluate(context).value(), expression::compile("$.input.n * 2 + 1").value().evaluate(context).value());
}

TEST(compiled, text_that_does_not_compile_answers_its_error_each_time) {
  for (int i = 0; i < 2; ++i) {
    auto bad = compiled("$.input.n * (");
    ASSERT_FALSE(bad);
    EXPECT_EQ(bad.err().code, expression::compile("$.input.n * (").err().code);
  }
}

TEST(compiled, threads_share_it) {
  std::vector<std::thread> threads;
  std::vector<int> results(4, 0);
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([t, &results] {
      for (int i = 0; i < 500; ++i) {
        auto e = compiled("$.input.n + " + std::to_string(i % 50));
        if (e && e.value().evaluate({{"input", {{"n", t}}}}).value() == t + i % 50) ++results[t];
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(results, std::vector<int>(4, 500));
}

}  // namespace
}  // namespace weft::core::expr
