// An event's stored form (SPEC §5): the value under tenant\0execution\0be64(seq) is the CBOR
// array [type, at_ms, step_id, attempt, data] — the seq is in the key, names are not
// repeated. Bytes read back from disk are untrusted: decoding never throws, and anything
// that is not an event is a corruption status. Pure; internal to storage/ (and its fuzzer).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/events.hpp"
#include "storage/status.hpp"

namespace weft::storage::event_codec {

[[nodiscard]] std::string encode(const core::event_ref& e);
[[nodiscard]] inline std::string encode(const core::event& e) { return encode(core::ref_of(e)); }
/// The event with seq `seq` from its stored value.
[[nodiscard]] status decode(std::uint64_t seq, std::string_view value, core::event& out);

}  // namespace weft::storage::event_codec
