#include "http/ws_input.hpp"

namespace weft::http {

std::optional<std::string> string_field(const nlohmann::json& message, const char* key) {
  const auto it = message.find(key);
  if (it == message.end()) return std::string();
  if (!it->is_string()) return std::nullopt;
  return it->get<std::string>();
}

std::string frame_text(const nlohmann::json& message) {
  return message.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace weft::http
