// The `http` step (SPEC §3): renders method, URL, headers, query and body from the context
// and sends the request (nodes/http_client.hpp) with a timeout and the Idempotency-Key
// `{execution_id}:{step_id}`; the answer is { status, headers, body, success }.
#pragma once

#include <string>

#include "nodes/http_client.hpp"
#include "nodes/step_handler.hpp"

namespace weft::nodes {

/// Begins one attempt of an http step (http or https): the call to make, or at once an
/// `expression_error`. The call's failure codes are send_http's.
[[nodiscard]] step_start start_http_step(const step_context& ctx, const std::string& idempotency_key);

}  // namespace weft::nodes
