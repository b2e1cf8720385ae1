// Formatting of validation problems (CLI lines and JSON). Pure.
#include "core/problem.hpp"

#include <nlohmann/json.hpp>

namespace weft::core {

std::string problem::to_string() const {
  return (pointer.empty() ? std::string("/") : pointer) + ": " + code + ": " + message;
}

nlohmann::json to_json(const problem& p) {
  nlohmann::json j = {{"pointer", p.pointer}, {"code", p.code}, {"message", p.message}};
  if (p.position > 0) j["position"] = p.position;
  return j;
}

std::string pointer_token(const std::string& token) {
  std::string out;
  out.reserve(token.size());
  for (char c : token) {
    if (c == '~') out += "~0";
    else if (c == '/') out += "~1";
    else out += c;
  }
  return out;
}

}  // namespace weft::core
