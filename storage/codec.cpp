// CBOR: binary-safe, about half the size of JSON text for our records. Written by
// storage/cbor_writer (nlohmann's bytes), read by nlohmann's reader.
#include "storage/codec.hpp"

#include <cstddef>
#include <string>

#include "core/json_exact.hpp"
#include "storage/cbor_writer.hpp"

namespace weft::storage::codec {

std::string encode(const nlohmann::json& value) {
  std::string out;
  cbor::append(out, value);
  return out;
}

namespace {

// Deeper than this, a stored value is a corruption: nlohmann's CBOR reader recurses once per
// level, and a few kilobytes of nested arrays on disk overflowed the stack (fuzz_codecs).
// What comes from outside nests at most 128 levels (core/json_input.hpp), so what Weft writes
// stays far below it.
constexpr std::size_t max_stored_depth = 1024;

// nlohmann's own DOM builder (the one from_cbor uses), refusing to go deeper than the limit:
// a SAX handler that answers false stops the reader before it recurses further.
class bounded_builder {
 public:
  using json = nlohmann::json;
  explicit bounded_builder(json& out) : dom_(out, /*allow_exceptions=*/false) {}

  bool null() { return dom_.null(); }
  bool boolean(bool v) { return dom_.boolean(v); }
  bool number_integer(json::number_integer_t v) { return dom_.number_integer(v); }
  bool number_unsigned(json::number_unsigned_t v) { return dom_.number_unsigned(v); }
  bool number_float(json::number_float_t v, const json::string_t& text) { return dom_.number_float(v, text); }
  bool string(json::string_t& v) { return dom_.string(v); }
  bool binary(json::binary_t& v) { return dom_.binary(v); }
  bool key(json::string_t& k) { return dom_.key(k); }
  bool start_object(std::size_t n) { return deeper() && dom_.start_object(n); }
  bool end_object() {
    --depth_;
    return dom_.end_object();
  }
  bool start_array(std::size_t n) { return deeper() && dom_.start_array(n); }
  bool end_array() {
    --depth_;
    return dom_.end_array();
  }
  template <class Exception>
  bool parse_error(std::size_t at, const std::string& token, const Exception& e) {
    return dom_.parse_error(at, token, e);
  }

  [[nodiscard]] bool too_deep() const { return too_deep_; }

 private:
  bool deeper() {
    if (++depth_ <= max_stored_depth) return true;
    too_deep_ = true;
    return false;
  }

  nlohmann::detail::json_sax_dom_parser<json> dom_;
  std::size_t depth_ = 0;
  bool too_deep_ = false;
};

}  // namespace

status decode(std::string_view bytes, nlohmann::json& out, std::string_view what) {
  // Even without exceptions, nlohmann's DOM builder throws out_of_range for an array or
  // object claiming more elements than memory could hold (found by fuzz_codecs): a torn or
  // foreign value on disk must be a corruption, not the end of the process.
  bool complete = false;
  bool too_deep = false;
  try {
    out = nullptr;
    bounded_builder builder(out);
    complete = nlohmann::json::sax_parse(bytes.begin(), bytes.end(), &builder, nlohmann::json::input_format_t::cbor,
                                         /*strict=*/true);
    too_deep = builder.too_deep();
  } catch (const nlohmann::json::exception& e) {
    out = nullptr;
    return status::corruption(std::string(what) + " does not decode: " + e.what());
  }
  if (complete) return status::ok();
  out = nullptr;
  if (too_deep) return status::corruption(std::string(what) + " nests deeper than " + std::to_string(max_stored_depth) + " levels");
  return status::corruption(std::string(what) + " does not decode");
}

std::string text_or(const nlohmann::json& record, const char* key, std::string fallback) {
  const auto it = record.find(key);  // end() for what is not an object
  if (it == record.end() || !it->is_string()) return fallback;
  return it->get<std::string>();
}

std::int64_t integer_or(const nlohmann::json& record, const char* key, std::int64_t fallback) {
  const auto it = record.find(key);
  if (it == record.end()) return fallback;
  return core::exact_integer<std::int64_t>(*it).value_or(fallback);
}

}  // namespace weft::storage::codec
