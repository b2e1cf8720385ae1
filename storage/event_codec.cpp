#include "storage/event_codec.hpp"

#include <cstdint>

#include "storage/codec.hpp"

namespace weft::storage::event_codec {

using json = nlohmann::json;

std::string encode(const core::event& e) {
  return codec::encode(json::array({static_cast<int>(e.type), e.at_ms, e.step_id, e.attempt, e.data}));
}

status decode(std::uint64_t seq, std::string_view value, core::event& out) {
  json j;
  if (auto s = codec::decode(value, j, "event"); !s.is_ok()) return s;
  constexpr auto last_type = static_cast<std::uint64_t>(core::event_type::execution_timed_out);
  if (!j.is_array() || j.size() != 5 || !j[0].is_number_unsigned() || j[0].get<std::uint64_t>() > last_type) {
    return status::corruption("event " + std::to_string(seq) + " has an unknown shape");
  }
  if (!j[3].is_number_unsigned() || j[3].get<std::uint64_t>() > UINT32_MAX) {
    return status::corruption("event " + std::to_string(seq) + " has an attempt out of range");
  }
  // A time is an integer of milliseconds: a float (NaN among them) or an unsigned beyond
  // int64 would not convert (found by fuzz_codecs).
  if (!j[1].is_number_integer() || (j[1].is_number_unsigned() && j[1].get<std::uint64_t>() > INT64_MAX)) {
    return status::corruption("event " + std::to_string(seq) + " has a time out of range");
  }
  try {
    out.seq = seq;
    out.type = static_cast<core::event_type>(j[0].get<std::uint64_t>());
    out.at_ms = j[1].get<std::int64_t>();
    out.step_id = j[2].get<std::string>();
    out.attempt = j[3].get<std::uint32_t>();
    out.data = std::move(j[4]);
  } catch (const json::exception& e) {
    return status::corruption("event " + std::to_string(seq) + ": " + e.what());
  }
  return status::ok();
}

}  // namespace weft::storage::event_codec
