// CBOR via nlohmann: binary-safe, about half the size of JSON text for our records.
#include "storage/codec.hpp"

namespace weft::storage::codec {

std::string encode(const nlohmann::json& value) {
  std::string out;
  nlohmann::json::to_cbor(value, nlohmann::detail::output_adapter<char>(out));
  return out;
}

status decode(std::string_view bytes, nlohmann::json& out, std::string_view what) {
  out = nlohmann::json::from_cbor(bytes.begin(), bytes.end(), true, false);
  if (out.is_discarded()) return status::corruption(std::string(what) + " does not decode");
  return status::ok();
}

}  // namespace weft::storage::codec
