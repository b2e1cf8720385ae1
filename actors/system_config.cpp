// One place registers every message type (STYLE rule 7).
#include "actors/cluster_messages.hpp"
#include "actors/system_config.hpp"

#include <chrono>

#include <caf/io/middleman.hpp>
#include <caf/timespan.hpp>

#include "actors/engine_error.hpp"
#include "actors/messages.hpp"
#include "actors/scheduler.hpp"

namespace weft::actors {

system_config::system_config() {
  add_message_type<wire_event>("weft.wire_event");
  add_message_type<std::vector<wire_event>>("weft.wire_events");
  add_message_type<append_events>("weft.append_events");
  add_message_type<start_execution>("weft.start_execution");
  add_message_type<query_execution>("weft.query_execution");
  add_message_type<await_execution>("weft.await_execution");
  add_message_type<cancel_execution>("weft.cancel_execution");
  add_message_type<signal_execution>("weft.signal_execution");
  add_message_type<step_outcome>("weft.step_outcome");
  add_message_type<timer_due>("weft.timer_due");
  add_message_type<run_attempt>("weft.run_attempt");
  add_message_type<step_attempt>("weft.step_attempt");
  add_message_type<worker_join>("weft.worker_join");
  add_message_type<plan_request>("weft.plan_request");
  add_message_type<environment_request>("weft.environment_request");
  add_message_type<pinned_slot>("weft.pinned_slot");
  add_message_type<coordinator_join>("weft.coordinator_join");
  add_message_type<events_request>("weft.events_request");
  add_message_type<catalogue_changed>("weft.catalogue_changed");
  add_message_type<catalogue_write>("weft.catalogue_write");
  add_message_type<std::vector<catalogue_write>>("weft.catalogue_writes");
  add_message_type<catalogue_pull>("weft.catalogue_pull");
  add_message_type<records_save>("weft.records_save");
  add_message_type<records_scan>("weft.records_scan");
  add_message_type<attempt_failed>("weft.attempt_failed");
  add_message_type<schedule_retry>("weft.schedule_retry");
  add_message_type<execution_ended>("weft.execution_ended");
  add_message_type<execution_at_rest>("weft.execution_at_rest");
  add_message_type<passivate>("weft.passivate");
  add_message_type<hub_subscribe>("weft.hub_subscribe");
  add_message_type<hub_unsubscribe>("weft.hub_unsubscribe");
  add_message_type<core::workflow_change>("weft.workflow_change");
  add_error_category(caf::atom("weft"), [](std::uint8_t code, caf::atom_value, const caf::message& context) {
    std::string text = to_string(static_cast<engine_errc>(code));
    if (context.match_elements<std::string>() && !context.get_as<std::string>(0).empty()) {
      text += ": " + context.get_as<std::string>(0);
    }
    return text;
  });
  load<caf::io::middleman>();
  load_scheduler(*this);
  set("scheduler.max-threads", 2);  // measured best on 2 cores (BUILD-NOTES)
  // An idle worker polls, then sleeps 50 us between polls, then 10 ms. Within an execution
  // a step hops between actors and the writer's thread several times, and each hop may land
  // on a worker in its 50 us sleep: 5 us halves the per-step latency at low load
  // (weft_bench_engine: p50 120 -> 70 us). The 10 ms phase stays: 1 ms cost an idle
  // `weft serve` 5 % of a core instead of 1 %.
  set("work-stealing.moderate-sleep-duration", caf::timespan{std::chrono::microseconds(5)});
}

}  // namespace weft::actors
