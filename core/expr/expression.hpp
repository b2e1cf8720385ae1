// A compiled expression of SPEC §4: parse once, evaluate many times against a context
// `{ input, <step_id>: output, vars, item, execution }`. Immutable and thread-safe once built.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "core/expr/error.hpp"
#include "core/expr/limits.hpp"

namespace weft::core::expr {

struct ast;

/// What an evaluation may use besides the context: the clock for now() and the bounds.
struct eval_options {
  std::int64_t now_ms = -1;  // -1: read the system clock when now() is called
  limits bounds{};
};

class expression {
 public:
  /// Parses `source`; errors carry the 1-based column (shifted by `origin`, the offset
  /// of the source inside an enclosing template string).
  [[nodiscard]] static result<expression> compile(std::string_view source, const limits& bounds = {},
                                                  std::uint32_t origin = 0);

  /// Evaluates against `context`. Never throws; errors name the column they concern.
  [[nodiscard]] result<nlohmann::json> evaluate(const nlohmann::json& context, const eval_options& options = {}) const;

  [[nodiscard]] const std::string& source() const noexcept;
  [[nodiscard]] const ast& tree() const noexcept { return *tree_; }

 private:
  explicit expression(std::shared_ptr<const ast> tree) : tree_(std::move(tree)) {}
  std::shared_ptr<const ast> tree_;
};

}  // namespace weft::core::expr
