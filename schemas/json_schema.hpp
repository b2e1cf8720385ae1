// A compiled JSON Schema (draft-07) checked with valijson. valijson stays inside
// json_schema.cpp: it is slow to compile, so no header of ours includes it.
// Thread-safe: a compiled schema is immutable and may be shared.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

namespace weft::schemas {

struct violation {
  std::string pointer;  // JSON pointer of the offending value, prefixed by the caller's pointer
  std::string message;
};

class json_schema {
 public:
  /// Compiles `schema`; nullopt with `why` set when it is not a usable schema.
  [[nodiscard]] static std::optional<json_schema> compile(const nlohmann::json& schema, std::string& why);

  /// Checks `doc`; each violation's pointer starts with `prefix`. Only the innermost
  /// failures are reported (not every enclosing "failed to validate property" line).
  void check(const nlohmann::json& doc, const std::string& prefix, std::vector<violation>& out) const;

 private:
  struct impl;
  explicit json_schema(std::shared_ptr<const impl> p) : impl_(std::move(p)) {}
  std::shared_ptr<const impl> impl_;
};

}  // namespace weft::schemas
