#include "http/query_params.hpp"

#include <charconv>
#include <string>

#include "http/errors.hpp"

namespace weft::http {

std::uint64_t integer_param(const request& req, const char* name, std::uint64_t fallback, std::uint64_t min,
                            std::uint64_t max) {
  auto it = req.query.find(name);
  if (it == req.query.end()) return fallback;
  std::uint64_t v = 0;
  auto [end, ec] = std::from_chars(it->second.data(), it->second.data() + it->second.size(), v);
  if (ec != std::errc() || end != it->second.data() + it->second.size() || v < min || v > max) {
    throw api_failure{{errc::invalid_input,
                       std::string(name) + " must be an integer from " + std::to_string(min) + " to " + std::to_string(max),
                       nlohmann::json::object()}};
  }
  return v;
}

}  // namespace weft::http
