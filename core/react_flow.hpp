// The React Flow form of a definition used by editors (seed 001's `workflow_data`:
// `{ nodes: [{ id, type, data, position }], edges: [{ id, source, target, sourceHandle }] }`)
// and its lossless conversion to and from the canonical form (docs/workflow-format.md).
#pragma once

#include <string>

#include <nlohmann/json_fwd.hpp>

namespace weft::core {

/// True for a document in React Flow form (a `nodes` array and no `steps`).
[[nodiscard]] bool is_react_flow(const nlohmann::json& doc);

/// React Flow -> canonical. Node i becomes step i and edge j becomes edge j, so pointers
/// map one to one; editor-only fields travel in each step's and edge's `ui`.
[[nodiscard]] nlohmann::json react_flow_to_canonical(const nlohmann::json& doc);

/// Canonical -> React Flow. Links declared by `next`, condition routes, `on_error` and loop
/// bodies become edges too (ids "e-<from>-<to>-<handle>"), unless an equal edge exists.
[[nodiscard]] nlohmann::json canonical_to_react_flow(const nlohmann::json& doc);

/// Maps a pointer into the canonical form of a React Flow document back to the React Flow
/// document (e.g. /steps/2/config/url -> /nodes/2/data/config/url).
[[nodiscard]] std::string react_flow_pointer(const std::string& canonical_pointer);

}  // namespace weft::core
