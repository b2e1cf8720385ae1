#include "core/json_text.hpp"

#include <charconv>

#include <nlohmann/json.hpp>

namespace weft::core {

// nlohmann's serializer is in its detail namespace, but it is the one dump() runs, so a
// value written through it is exactly what dump() writes (json_text_test pins the whole).
struct json_text::serializer {
  explicit serializer(std::string& out)
      : impl(nlohmann::detail::output_adapter<char, std::string>(out), ' ', nlohmann::json::error_handler_t::strict) {}
  nlohmann::detail::serializer<nlohmann::json> impl;
};

json_text::json_text(std::string& out) : out_(out) {}
json_text::~json_text() = default;

json_text& json_text::key(std::string_view name) {
  string(name);
  return raw(':');
}

json_text& json_text::string(std::string_view text) {
  // Printable ASCII other than '"' and '\' is written as is by dump(); anything else (an
  // escape, UTF-8 to check) goes through nlohmann.
  for (const char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u >= 0x80 || c == '"' || c == '\\') return value(nlohmann::json(text));
  }
  out_.push_back('"');
  out_.append(text);
  out_.push_back('"');
  return *this;
}

json_text& json_text::string_or_null(std::string_view text) { return text.empty() ? null() : string(text); }

json_text& json_text::integer(std::int64_t n) {
  char buf[24];
  const auto end = std::to_chars(buf, buf + sizeof buf, n).ptr;
  return raw(std::string_view(buf, static_cast<std::size_t>(end - buf)));
}

json_text& json_text::unsigned_integer(std::uint64_t n) {
  char buf[24];
  const auto end = std::to_chars(buf, buf + sizeof buf, n).ptr;
  return raw(std::string_view(buf, static_cast<std::size_t>(end - buf)));
}

json_text& json_text::value(const nlohmann::json& j) {
  if (!serializer_) serializer_ = std::make_unique<serializer>(out_);
  serializer_->impl.dump(j, false, false, 0);
  return *this;
}

}  // namespace weft::core
