// The per-step trace of a test execution (SPEC §5, `debug_mode`): for each step of the
// definition that has run, in the order the steps started, its input, output, error,
// status, attempts and duration. A step's input is what it could read from upstream: the
// output of its one predecessor, an object of its predecessors' outputs keyed by step id
// when it has several, and the execution input for an entry step.
#pragma once

#include <nlohmann/json.hpp>

namespace weft::services {

/// `definition`: canonical; `state`: the execution as GET /api/executions/{id} shows it.
[[nodiscard]] nlohmann::json debug_trace(const nlohmann::json& definition, const nlohmann::json& state);

}  // namespace weft::services
