// An event's stored form (SPEC §5). The value under tenant\0execution\0be64(seq) holds the
// events of one commit that end at `seq`: one event is the CBOR array
// [type, at_ms, step_id, attempt, data]; a run of n ≥ 2 consecutive events (seq-n+1 … seq)
// is the CBOR array of their arrays. Seqs are in the key, names are not repeated, and a
// commit of many events is one key (the memtable insert per key was the log's largest cost).
// Logs written one event per key read the same. Bytes read back from disk are untrusted:
// decoding never throws, and anything that is not events is a corruption status. Pure;
// internal to storage/ (and its fuzzer).
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/events.hpp"
#include "storage/status.hpp"

namespace weft::storage::event_codec {

/// The most events one value holds: a reader wanting one event of a run decodes all of it.
inline constexpr std::size_t max_run = 64;

/// The value of a run of consecutive events (at least one; event_log writes at most max_run),
/// stored under its last seq.
[[nodiscard]] std::string encode(std::span<const core::event_ref> run);
[[nodiscard]] inline std::string encode(const core::event& e) {
  const core::event_ref ref = core::ref_of(e);
  return encode(std::span<const core::event_ref>(&ref, 1));
}
/// Appends to `out` the events of the value stored under `last_seq`, in seq order; on a
/// corruption, nothing.
[[nodiscard]] status decode(std::uint64_t last_seq, std::string_view value, std::vector<core::event>& out);

}  // namespace weft::storage::event_codec
