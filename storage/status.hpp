// The result of every storage operation: a status that must be looked at. Modelled on
// RocksDB's Status: factories, predicates, to_string(), and ignore() as the one grep-able way
// to drop one on purpose. Plain value type; thread-safe to copy.
#pragma once

#include <string>
#include <utility>

namespace weft::storage {

class [[nodiscard]] status {
 public:
  enum class code {
    ok,
    not_found,         // the key or record is not there
    conflict,          // a write raced another one, or a precondition failed
    invalid_argument,  // a caller error: empty or malformed id, bad range
    corruption,        // stored bytes do not decode
    io_error,          // the disk or RocksDB said no
    no_space,          // the disk is full (or below the free space writes keep in reserve)
  };

  status() = default;
  static status ok() { return {}; }
  static status not_found(std::string message) { return {code::not_found, std::move(message)}; }
  static status conflict(std::string message) { return {code::conflict, std::move(message)}; }
  static status invalid_argument(std::string message) { return {code::invalid_argument, std::move(message)}; }
  static status corruption(std::string message) { return {code::corruption, std::move(message)}; }
  static status io_error(std::string message) { return {code::io_error, std::move(message)}; }
  static status no_space(std::string message) { return {code::no_space, std::move(message)}; }

  [[nodiscard]] bool is_ok() const noexcept { return code_ == code::ok; }
  [[nodiscard]] bool is_not_found() const noexcept { return code_ == code::not_found; }
  [[nodiscard]] bool is_conflict() const noexcept { return code_ == code::conflict; }
  [[nodiscard]] bool is_no_space() const noexcept { return code_ == code::no_space; }
  [[nodiscard]] code which() const noexcept { return code_; }
  [[nodiscard]] const std::string& message() const noexcept { return message_; }
  /// "ok", or "not_found: workflow w-1", ...
  [[nodiscard]] std::string to_string() const;
  /// Drops the status on purpose (say why in a comment next to the call).
  void ignore() const noexcept {}

 private:
  status(code c, std::string m) : code_(c), message_(std::move(m)) {}
  code code_ = code::ok;
  std::string message_;
};

}  // namespace weft::storage
