// Every actor message of Weft, each struct followed by its inspect(), so that any of them
// can cross a CAF middleman to another node (SPEC §1). All are registered in
// system_config.cpp; tests/actors/middleman_test.cpp sends each one across. Plain data.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <caf/meta/type_name.hpp>

#include "core/events.hpp"

namespace weft::actors {

/// An event on the wire: the JSON data travels as CBOR bytes.
struct wire_event {
  std::uint64_t seq = 0;
  std::uint8_t type = 0;
  std::int64_t at_ms = 0;
  std::string step_id;
  std::uint32_t attempt = 0;
  std::string data;  // CBOR of core::event::data
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, wire_event& x) {
  return f(caf::meta::type_name("weft.wire_event"), x.seq, x.type, x.at_ms, x.step_id, x.attempt, x.data);
}

[[nodiscard]] wire_event to_wire(const core::event& e);
/// The event back; false when the wire form is corrupt (unknown type, bad CBOR).
[[nodiscard]] bool from_wire(const wire_event& w, core::event& out);

/// To the log writer: make these events of one execution durable. Answered with the
/// number of events committed in the same group (one RocksDB write), once durable.
struct append_events {
  std::string tenant;
  std::string execution_id;
  std::vector<wire_event> events;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, append_events& x) {
  return f(caf::meta::type_name("weft.append_events"), x.tenant, x.execution_id, x.events);
}

}  // namespace weft::actors
