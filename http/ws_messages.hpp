// The wire messages of the three WebSocket dialects (SPEC §7) for one durable event of an
// execution, made from the subscriber's execution_view after the event was folded into it.
// Every message carries the event's `seq`, so a client can name the last one it saw.
//   seed 000 (/api/workflows/ws): workflow_execution_update, workflow_step_completed,
//            workflow_execution_error, workflow_execution_completed
//   seed 004 (/api/v1/ws): execution_update / node_update, event "status_changed"
//   seed 001 (/api/workflow/ws/{instance}): { event_type, data, timestamp } for every event
// Statuses these seeds do not know (timed_out) read as failed with error code `timeout`.
#pragma once

#include <vector>

#include <nlohmann/json.hpp>

#include "core/events.hpp"
#include "core/workflow_change.hpp"
#include "http/execution_view.hpp"

namespace weft::http {

[[nodiscard]] std::vector<nlohmann::json> seed000_messages(const execution_view& view, const core::event& e);
[[nodiscard]] std::vector<nlohmann::json> seed004_messages(const execution_view& view, const core::event& e);
[[nodiscard]] nlohmann::json seed001_message(const execution_view& view, const core::event& e);

// A change to a workflow (workflow:ID and all_workflows subscribers): seed 000's
// `workflow_updated`; seed 004's `{ type: "workflow_update", event: <change>, data }`;
// seed 001's `{ event_type: "workflow_updated", data }`. `seq` is the workflow's version.
[[nodiscard]] nlohmann::json seed000_workflow_message(const core::workflow_change& change);
[[nodiscard]] nlohmann::json seed004_workflow_message(const core::workflow_change& change);
[[nodiscard]] nlohmann::json seed001_workflow_message(const core::workflow_change& change);

}  // namespace weft::http
