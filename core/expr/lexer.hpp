// Turns expression source into tokens. Pure; no allocation beyond the token vector.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/expr/error.hpp"

namespace weft::core::expr {

enum class token_kind : std::uint8_t {
  end,
  integer,     // 42
  real,        // 4.2, 1e3
  string,      // 'a' or "a", escapes already decoded into `text`
  identifier,  // name, true, false, null, in
  dollar,      // $
  punct,       // one of . , : ? ( ) [ ] { }
  op,          // == != < <= > >= && || ! + - * / %
};

struct token {
  token_kind kind = token_kind::end;
  std::uint32_t offset = 0;  // byte offset of the first character in the source
  std::string text;          // identifier name, decoded string, operator or punctuation
  std::int64_t integer = 0;
  double real = 0.0;

  [[nodiscard]] bool is(token_kind k, std::string_view t) const { return kind == k && text == t; }
};

/// Splits `source` into tokens, ending with one token_kind::end.
[[nodiscard]] result<std::vector<token>> tokenize(std::string_view source);

}  // namespace weft::core::expr
