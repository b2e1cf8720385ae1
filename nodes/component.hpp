// A step type as an editor sees it (SPEC §3, seed 001's WorkflowComponentMetadata): name,
// description, category, icon, color, the parameters of its config — read from its config
// JSON Schema, so a form can be generated — and its input and output handles.
#pragma once

#include <nlohmann/json.hpp>

#include "nodes/registry.hpp"

namespace weft::nodes {

/// `{ type, name, description, category, icon, color, tier, trigger, aliases, parameters:
/// [{ name, label, type, required, default?, options?, description?, expression }],
/// input_handles, output_handles, dynamic_outputs, config_schema }`. Parameter types:
/// string, textarea, number, boolean, select (with options), json.
[[nodiscard]] nlohmann::json describe_component(const step_type& type);
/// The same for a type whose config schema is given (a tenant's custom component).
[[nodiscard]] nlohmann::json describe_component(const step_type& type, const nlohmann::json& config_schema);

}  // namespace weft::nodes
