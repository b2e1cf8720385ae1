// A loop's body as a workflow of its own (SPEC §3): each item of a loop runs its body as a
// child execution, so retries, timeouts, events and recovery work per item as they do for
// any execution. The loop step itself stays in the body's definition as a comment, so the
// links that close the loop (and nothing else) fall away.
#pragma once

#include <string>
#include <vector>

#include "core/graph.hpp"
#include "core/workflow.hpp"

namespace weft::core {

/// The body of loop step `loop` of `wf` (whose graph is `g`) as a definition: the body's
/// steps as written, the loop step as a comment, the edges among them, the workflow's
/// settings without its total timeout (the loop's execution keeps that).
[[nodiscard]] workflow loop_body_workflow(const workflow& wf, const graph& g, graph::index loop);

/// The body's last steps: those that lead back to the loop, or when none does, those with
/// no successor. An item's result is their output (one: its output; several: by step id).
[[nodiscard]] std::vector<std::string> loop_body_ends(const graph& g, graph::index loop);

}  // namespace weft::core
