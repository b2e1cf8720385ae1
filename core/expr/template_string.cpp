// Template splitting: finds each `{{ ... }}` while skipping quoted strings and nested
// braces, so `{{ {'a': {'b': 1}} }}` is one expression.
#include "core/expr/template_string.hpp"

#include "core/expr/value_ops.hpp"

namespace weft::core::expr {
namespace {

// Finds the `}}` closing an expression that starts at `from`; npos when there is none.
std::size_t find_close(std::string_view s, std::size_t from) {
  int depth = 0;
  for (std::size_t i = from; i < s.size(); ++i) {
    char c = s[i];
    if (c == '\'' || c == '"') {
      for (++i; i < s.size() && s[i] != c; ++i) {
        if (s[i] == '\\') ++i;
      }
    } else if (c == '{') {
      ++depth;
    } else if (c == '}') {
      if (depth == 0 && i + 1 < s.size() && s[i + 1] == '}') return i;
      if (depth > 0) --depth;
    }
  }
  return std::string_view::npos;
}

bool blank(std::string_view s) {
  for (char c : s) {
    if (c != ' ' && c != '\t' && c != '\n' && c != '\r') return false;
  }
  return true;
}

}  // namespace

bool template_string::looks_like_template(std::string_view text) noexcept {
  return text.find("{{") != std::string_view::npos;
}

result<template_string> template_string::compile(std::string_view text, const limits& bounds) {
  if (text.size() > bounds.max_source_bytes) {
    return error{errc::too_long,
                 "template is " + std::to_string(text.size()) + " bytes long (limit " +
                     std::to_string(bounds.max_source_bytes) + ")",
                 bounds.max_source_bytes + 1};
  }
  template_string out;
  std::size_t pos = 0;
  while (true) {
    std::size_t open = text.find("{{", pos);
    part p;
    if (open == std::string_view::npos) {
      p.text = std::string(text.substr(pos));
      if (!p.text.empty() || out.parts_.empty()) out.parts_.push_back(std::move(p));
      break;
    }
    p.text = std::string(text.substr(pos, open - pos));
    std::size_t close = find_close(text, open + 2);
    if (close == std::string_view::npos) {
      return error{errc::syntax, "unterminated template: '{{' without '}}'", open + 1};
    }
    std::string_view source = text.substr(open + 2, close - open - 2);
    if (blank(source)) return error{errc::syntax, "empty template expression '{{ }}'", open + 1};
    auto compiled = expression::compile(source, bounds, static_cast<std::uint32_t>(open + 2));
    if (!compiled) return compiled.err();
    p.expr.push_back(std::move(compiled).value());
    out.parts_.push_back(std::move(p));
    pos = close + 2;
  }
  out.single_expression_ = out.parts_.size() == 1 && out.parts_[0].text.empty() && out.parts_[0].expr.size() == 1;
  return out;
}

result<nlohmann::json> template_string::render(const nlohmann::json& context, const eval_options& options) const {
  if (single_expression_) return parts_[0].expr[0].evaluate(context, options);
  std::string text;
  for (const auto& p : parts_) {
    text += p.text;
    if (p.expr.empty()) continue;
    auto v = p.expr[0].evaluate(context, options);
    if (!v) return v.err();
    text += display_string(v.value());
    if (text.size() > options.bounds.max_string_bytes) {
      return error{errc::too_large,
                   "rendered template exceeds " + std::to_string(options.bounds.max_string_bytes) + " bytes", 0};
    }
  }
  return nlohmann::json(std::move(text));
}

std::vector<const expression*> template_string::expressions() const {
  std::vector<const expression*> out;
  for (const auto& p : parts_) {
    if (!p.expr.empty()) out.push_back(&p.expr[0]);
  }
  return out;
}

}  // namespace weft::core::expr
