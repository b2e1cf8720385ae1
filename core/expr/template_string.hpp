// `{{ expr }}` templates inside string config values (SPEC §4). A string that is exactly
// one `{{ expr }}` yields the expression's value with its type; otherwise the parts are
// joined as text. Immutable and thread-safe once built.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/expr/expression.hpp"

namespace weft::core::expr {

class template_string {
 public:
  /// Compiles every `{{ ... }}` in `text`; errors name the column within `text`.
  [[nodiscard]] static result<template_string> compile(std::string_view text, const limits& bounds = {});

  /// True when `text` holds at least one `{{`, i.e. it is a template rather than plain text.
  [[nodiscard]] static bool looks_like_template(std::string_view text) noexcept;

  [[nodiscard]] result<nlohmann::json> render(const nlohmann::json& context, const eval_options& options = {}) const;

  /// The embedded expressions, in order (for static analysis).
  [[nodiscard]] std::vector<const expression*> expressions() const;

 private:
  struct part {
    std::string text;                      // literal text before the expression
    std::vector<expression> expr;          // zero or one expression
  };
  std::vector<part> parts_;
  bool single_expression_ = false;  // the whole text is one {{ expr }}
};

}  // namespace weft::core::expr
