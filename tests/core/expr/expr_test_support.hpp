// Helpers for expression tests: compile-and-evaluate in one call, with a fixed clock.
#pragma once

#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "core/expr/expression.hpp"

namespace weft::core::expr::testing {

inline constexpr std::int64_t fixed_now_ms = 1'795'000'000'123;  // 2026-11-18T...Z

inline result<nlohmann::json> eval(const std::string& source, const nlohmann::json& context = nlohmann::json::object(),
                                   limits bounds = {}) {
  auto e = expression::compile(source, bounds);
  if (!e) return e.err();
  eval_options options;
  options.now_ms = fixed_now_ms;
  options.bounds = bounds;
  return e.value().evaluate(context, options);
}

}  // namespace weft::core::expr::testing
