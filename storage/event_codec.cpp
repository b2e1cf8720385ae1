#include "storage/event_codec.hpp"

#include <cstdint>

#include "core/json_exact.hpp"
#include "storage/cbor_writer.hpp"
#include "storage/codec.hpp"

namespace weft::storage::event_codec {

using json = nlohmann::json;

namespace {

// The CBOR of the array [type, at_ms, step_id, attempt, data], written element by element
// so the data (the bulk of it) is encoded where it is, not copied into an array first.
void encode_one(const core::event_ref& e, std::string& out) {
  cbor::append_head(out, cbor::major::array, 5);
  cbor::append_integer(out, static_cast<int>(e.type));
  cbor::append_integer(out, e.at_ms);
  cbor::append_string(out, e.step_id);
  cbor::append_integer(out, e.attempt);
  cbor::append(out, *e.data);
}

status decode_one(std::uint64_t seq, json& j, core::event& out) {
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
  out.step_id = std::move(j[2].get_ref<std::string&>());
  out.attempt = *attempt;
  out.data = std::move(j[4]);
  return status::ok();
}

}  // namespace

std::string encode(std::span<const core::event_ref> run) {
  std::string out;
  if (run.size() == 1) {
    encode_one(run.front(), out);
    return out;
  }
  cbor::append_head(out, cbor::major::array, run.size());
  for (const auto& e : run) encode_one(e, out);
  return out;
}

status decode(std::uint64_t last_seq, std::string_view value, std::vector<core::event>& out) {
  json j;
  if (auto s = codec::decode(value, j, "event"); !s.is_ok()) return s;
  // One event's array starts with its type (a number); a run's with the first event's array.
  if (!j.is_array() || j.empty() || !j[0].is_array()) {
    core::event e;
    if (auto s = decode_one(last_seq, j, e); !s.is_ok()) return s;
    out.push_back(std::move(e));
    return status::ok();
  }
  if (j.size() > last_seq) return status::corruption("events up to " + std::to_string(last_seq) + " are too many");
  std::vector<core::event> run(j.size());
  std::uint64_t seq = last_seq - j.size() + 1;
  for (std::size_t i = 0; i < run.size(); ++i) {
    if (auto s = decode_one(seq + i, j[i], run[i]); !s.is_ok()) return s;
  }
  out.insert(out.end(), std::make_move_iterator(run.begin()), std::make_move_iterator(run.end()));
  return status::ok();
}

}  // namespace weft::storage::event_codec
