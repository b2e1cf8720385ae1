// The error type of the expression language and the result<T> every entry point returns.
// Pure value types: no I/O, no globals; safe to share between threads once built.
#pragma once

#include <cstddef>
#include <string>
#include <utility>
#include <variant>

namespace weft::core::expr {

/// Codes of expression errors. Each is stable and documented in docs/expressions.md.
namespace errc {
inline constexpr const char* syntax = "syntax_error";               // the source does not parse
inline constexpr const char* too_long = "expression_too_long";      // source over the length limit
inline constexpr const char* too_deep = "expression_too_deep";      // nesting over the depth limit
inline constexpr const char* too_costly = "evaluation_limit";       // evaluation step budget spent
inline constexpr const char* too_large = "result_too_large";        // a value grew over the size limit
inline constexpr const char* type_mismatch = "type_mismatch";       // operator or function got wrong types
inline constexpr const char* division_by_zero = "division_by_zero"; // x / 0 or x % 0
inline constexpr const char* unknown_function = "unknown_function"; // call of a name that is no function
inline constexpr const char* arity = "wrong_argument_count";        // function called with wrong arity
inline constexpr const char* bad_regex = "invalid_regex";           // matches() got a pattern RE2 refuses
inline constexpr const char* bad_number = "invalid_number";         // number() of a non-numeric string
}  // namespace errc

/// An error with the place in the source it concerns. `position` is a 1-based column
/// (byte offset + 1) into the expression source; 0 when no single place is to blame.
struct error {
  std::string code;
  std::string message;
  std::size_t position = 0;

  /// "message (at column N)", the form shown to users.
  [[nodiscard]] std::string to_string() const {
    if (position == 0) return message;
    return message + " (at column " + std::to_string(position) + ")";
  }
};

/// Either a value or an error. Small on purpose: the codebase has no std::expected (C++20).
template <class T>
class result {
 public:
  result(T value) : v_(std::move(value)) {}          // NOLINT: implicit by design
  result(error err) : v_(std::move(err)) {}          // NOLINT: implicit by design

  [[nodiscard]] bool ok() const noexcept { return v_.index() == 0; }
  explicit operator bool() const noexcept { return ok(); }
  [[nodiscard]] T& value() & { return std::get<0>(v_); }
  [[nodiscard]] const T& value() const& { return std::get<0>(v_); }
  [[nodiscard]] T&& value() && { return std::get<0>(std::move(v_)); }
  [[nodiscard]] const error& err() const& { return std::get<1>(v_); }

 private:
  std::variant<T, error> v_;
};

}  // namespace weft::core::expr
