// nlohmann's parser is iterative; a parser callback sees every container start with its
// depth, and aborts the parse by throwing once the limit is passed.
#include "core/json_input.hpp"

#include <utility>
#include <vector>

namespace weft::core {
namespace {

struct too_deep {};

// nlohmann's messages start with "[json.exception.parse_error.101] parse error at line 1,
// column 5: "; keep what follows the exception tag.
std::string without_tag(const std::string& what) {
  auto close = what.find("] ");
  return close == std::string::npos ? what : what.substr(close + 2);
}

}  // namespace

json_input parse_json_input(std::string_view text, const json_input_limits& limits) {
  json_input out;
  std::size_t deepest = 0;
  auto guard = [&](int depth, nlohmann::json::parse_event_t event, nlohmann::json&) {
    if ((event == nlohmann::json::parse_event_t::object_start || event == nlohmann::json::parse_event_t::array_start) &&
        static_cast<std::size_t>(depth) >= limits.max_depth) {
      deepest = static_cast<std::size_t>(depth) + 1;
      throw too_deep{};
    }
    return true;
  };
  try {
    out.value = nlohmann::json::parse(text.begin(), text.end(), guard);
  } catch (const too_deep&) {
    out.error = {"JSON nests deeper than " + std::to_string(limits.max_depth) + " levels (found at least " +
                     std::to_string(deepest) + ")",
                 0};
  } catch (const nlohmann::json::parse_error& e) {
    out.error = {without_tag(e.what()), e.byte};
  } catch (const nlohmann::json::exception& e) {
    out.error = {without_tag(e.what()), 0};
  }
  return out;
}

bool nests_deeper_than(const nlohmann::json& value, std::size_t max_depth) {
  std::vector<std::pair<const nlohmann::json*, std::size_t>> stack{{&value, 0}};
  while (!stack.empty()) {
    auto [v, depth] = stack.back();
    stack.pop_back();
    if (!v->is_structured()) continue;
    if (depth + 1 > max_depth) return true;
    for (const auto& child : *v) stack.emplace_back(&child, depth + 1);
  }
  return false;
}

}  // namespace weft::core
