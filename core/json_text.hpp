// JSON text written straight into a string, byte for byte what nlohmann's dump() gives for
// the same value (compact, UTF-8 as is, strict on invalid UTF-8), without building a JSON
// tree first. For texts on the hot path — an ended execution's state for its waiter — where
// building the tree, dumping it and destroying it cost more than the engine's own work.
// Object keys must be written in nlohmann's order (std::map: ascending bytes); the caller
// knows its keys.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include <nlohmann/json_fwd.hpp>

namespace weft::core {

class json_text {
 public:
  /// Appends to `out`.
  explicit json_text(std::string& out);
  ~json_text();
  json_text(const json_text&) = delete;
  json_text& operator=(const json_text&) = delete;

  json_text& open_object() { return raw('{'); }
  json_text& close_object() { return raw('}'); }
  /// `"name":` — after the first member of an object, call comma() before the next.
  json_text& key(std::string_view name);
  json_text& comma() { return raw(','); }

  json_text& string(std::string_view text);
  json_text& string_or_null(std::string_view text);  // "" as null
  json_text& integer(std::int64_t n);
  json_text& unsigned_integer(std::uint64_t n);
  json_text& null() { return raw("null"); }
  /// Any JSON value, through nlohmann's own serializer.
  json_text& value(const nlohmann::json& j);

 private:
  json_text& raw(char c) {
    out_.push_back(c);
    return *this;
  }
  json_text& raw(std::string_view text) {
    out_.append(text);
    return *this;
  }

  struct serializer;
  std::string& out_;
  std::unique_ptr<serializer> serializer_;  // made on the first value()
};

}  // namespace weft::core
