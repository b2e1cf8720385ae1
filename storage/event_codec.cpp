#include "storage/event_codec.hpp"

#include <cstdint>

#include "core/json_exact.hpp"
#include "storage/codec.hpp"

namespace weft::storage::event_codec {

using json = nlohmann::json;

// The CBOR of the array [type, at_ms, step_id, attempt, data], written element by element
// so the data (the bulk of it) is encoded where it is, not copied into an array first.
std::string encode(const core::event_ref& e) {
  std::string out;
  nlohmann::detail::output_adapter<char> to(out);
  out.push_back(static_cast<char>(0x85));  // CBOR: an array of 5
  json::to_cbor(json(static_cast<int>(e.type)), to);
  json::to_cbor(json(e.at_ms), to);
  json::to_cbor(json(std::string(e.step_id)), to);
  json::to_cbor(json(e.attempt), to);
  json::to_cbor(*e.data, to);
  return out;
}

status decode(std::uint64_t seq, std::string_view value, core::event& out) {
  json j;
  if (auto s = codec::decode(value, j, "event"); !s.is_ok()) return s;
  constexpr auto last_type = static_cast<std::uint64_t>(core::event_type::execution_timed_out);
  if (!j.is_array() || j.size() != 5 || !j[0].is_number_unsigned() || j[0].get<std::uint64_t>() > last_type) {
    return status::corruption("event " + std::to_string(seq) + " has an unknown shape");
  }
  const auto attempt = core::exact_integer<std::uint32_t>(j[3]);
  if (!attempt) return status::corruption("event " + std::to_string(seq) + " has an attempt out of range");
  // A time is an integer of milliseconds: a float (NaN among them) or an unsigned beyond
  // int64 would not convert (found by fuzz_codecs).
  const auto at_ms = core::exact_integer<std::int64_t>(j[1]);
  if (!at_ms) return status::corruption("event " + std::to_string(seq) + " has a time out of range");
  if (!j[2].is_string()) return status::corruption("event " + std::to_string(seq) + " has an unknown shape");
  out.seq = seq;
  out.type = static_cast<core::event_type>(j[0].get<std::uint64_t>());
  out.at_ms = *at_ms;
  out.step_id = j[2].get<std::string>();
  out.attempt = *attempt;
  out.data = std::move(j[4]);
  return status::ok();
}

}  // namespace weft::storage::event_codec
