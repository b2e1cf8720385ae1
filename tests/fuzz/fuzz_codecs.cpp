// The event and snapshot codecs from bytes on disk (a torn write, a foreign value, a bit
// flip): decoded as the event log reads them, folded into an execution's state as recovery
// does, and rendered as the API shows an event. Two writers are checked against nlohmann's
// on whatever decodes: Weft's CBOR writer (the bytes of to_cbor) and the state text (the
// dump of to_json, or the same refusal of invalid UTF-8). The first byte chooses: even, a history of
// stored values (each one event or a run, prefixed by its 16-bit length); odd, a snapshot followed by nothing.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/events.hpp"
#include "core/execution_snapshot.hpp"
#include "core/execution_state.hpp"
#include "storage/cbor_writer.hpp"
#include "storage/codec.hpp"
#include "storage/event_codec.hpp"

namespace {

// Weft's CBOR writer writes nlohmann's bytes for any value.
void check_cbor(const nlohmann::json& value) {
  std::string ours;
  weft::storage::cbor::append(ours, value);
  const std::vector<std::uint8_t> theirs = nlohmann::json::to_cbor(value);
  if (ours != std::string_view(reinterpret_cast<const char*>(theirs.data()), theirs.size())) __builtin_trap();
}

// The state text is the dump of to_json with the id, or fails as that dump fails.
void check_state_text(const weft::core::execution_state& state) {
  std::string expected;
  bool refused = false;
  try {
    nlohmann::json j = weft::core::to_json(state);
    j["execution_id"] = "e-1";
    expected = j.dump();
  } catch (const nlohmann::json::type_error&) {
    refused = true;  // a string that is not UTF-8
  }
  try {
    if (weft::core::state_text(state, "e-1") != expected || refused) __builtin_trap();
  } catch (const nlohmann::json::type_error&) {
    if (!refused) __builtin_trap();
  }
}

void history(std::string_view bytes) {
  std::vector<weft::core::event> events;
  while (bytes.size() >= 2 && events.size() < 64) {
    const std::size_t length = std::min<std::size_t>(bytes.size() - 2, static_cast<std::uint8_t>(bytes[0]) << 8 | static_cast<std::uint8_t>(bytes[1]));
    const std::size_t before = events.size();
    const std::uint64_t last_seq = before + weft::storage::event_codec::max_run;
    if (weft::storage::event_codec::decode(last_seq, bytes.substr(2, length), events).is_ok()) {
      for (std::size_t i = before; i < events.size(); ++i) {
        (void)weft::core::event_from_json(weft::core::to_json(events[i]));
        check_cbor(events[i].data);
      }
    }
    bytes.remove_prefix(2 + length);
  }
  if (events.empty() || events.front().type != weft::core::event_type::execution_created) return;
  weft::core::execution_history h;
  h.created = events.front();
  h.tail.assign(events.begin() + 1, events.end());
  const auto state = weft::core::fold(h);
  check_state_text(state);
  (void)weft::core::rest_of(state);
  (void)weft::core::summary_of(state, "e-1");
  h.snapshot = weft::core::snapshot_of(state);
  (void)weft::core::fold(h);
}

void snapshot(std::string_view bytes) {
  weft::core::execution_history h;
  if (!weft::storage::codec::decode(bytes, h.snapshot, "snapshot").is_ok()) return;
  check_cbor(h.snapshot);
  weft::core::execution_state restored;
  if (!weft::core::restore(h.snapshot, restored)) return;
  (void)weft::core::snapshot_of(restored);
  h.created.seq = 1;
  h.created.type = weft::core::event_type::execution_created;
  (void)weft::core::fold(h);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::string_view bytes(reinterpret_cast<const char*>(data) + 1, size - 1);
  if (data[0] % 2 == 0) history(bytes);
  else snapshot(bytes);
  return 0;
}
