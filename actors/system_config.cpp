// One place registers every message type (STYLE rule 7).
#include "actors/system_config.hpp"

#include <caf/io/middleman.hpp>

#include "actors/messages.hpp"

namespace weft::actors {

system_config::system_config() {
  add_message_type<wire_event>("weft.wire_event");
  add_message_type<std::vector<wire_event>>("weft.wire_events");
  add_message_type<append_events>("weft.append_events");
  load<caf::io::middleman>();
  set("scheduler.max-threads", 2);  // measured best on 2 cores (BUILD-NOTES)
}

}  // namespace weft::actors
