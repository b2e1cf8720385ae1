// The expression language from untrusted text (a definition's fields are the user's): the
// first line is compiled as an expression and as a template, the rest (if JSON) is the
// context they are evaluated against. Errors are answers; only a crash or a sanitizer report
// is a finding.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include <nlohmann/json.hpp>

#include "core/expr/expression.hpp"
#include "core/expr/template_string.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const std::size_t newline = input.find('\n');
  const std::string_view source = input.substr(0, newline);
  nlohmann::json context = {{"input", {{"n", 3}, {"s", "text"}, {"a", {1, 2, 3}}}}, {"step", {{"out", {{"x", 1.5}}}}}};
  if (newline != std::string_view::npos) {
    auto parsed = nlohmann::json::parse(input.substr(newline + 1), nullptr, false);
    if (!parsed.is_discarded() && parsed.is_object()) context = std::move(parsed);
  }
  if (auto e = weft::core::expr::expression::compile(source)) (void)e.value().evaluate(context);
  if (auto t = weft::core::expr::template_string::compile(source)) (void)t.value().render(context);
  return 0;
}
