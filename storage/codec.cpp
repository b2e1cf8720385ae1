// CBOR via nlohmann: binary-safe, about half the size of JSON text for our records.
#include "storage/codec.hpp"

namespace weft::storage::codec {

std::string encode(const nlohmann::json& value) {
  std::string out;
  nlohmann::json::to_cbor(value, nlohmann::detail::output_adapter<char>(out));
  return out;
}

status decode(std::string_view bytes, nlohmann::json& out, std::string_view what) {
  // Even without exceptions, nlohmann's DOM builder throws out_of_range for an array or
  // object claiming more elements than memory could hold (found by fuzz_codecs): a torn or
  // foreign value on disk must be a corruption, not the end of the process.
  try {
    out = nlohmann::json::from_cbor(bytes.begin(), bytes.end(), true, false);
  } catch (const nlohmann::json::exception& e) {
    out = nullptr;
    return status::corruption(std::string(what) + " does not decode: " + e.what());
  }
  if (out.is_discarded()) return status::corruption(std::string(what) + " does not decode");
  return status::ok();
}

std::string text_or(const nlohmann::json& record, const char* key, std::string fallback) {
  const auto it = record.find(key);  // end() for what is not an object
  if (it == record.end() || !it->is_string()) return fallback;
  return it->get<std::string>();
}

std::int64_t integer_or(const nlohmann::json& record, const char* key, std::int64_t fallback) {
  const auto it = record.find(key);
  if (it == record.end() || !it->is_number_integer()) return fallback;
  if (it->is_number_unsigned() && it->get<std::uint64_t>() > static_cast<std::uint64_t>(INT64_MAX)) return fallback;
  return it->get<std::int64_t>();
}

}  // namespace weft::storage::codec
