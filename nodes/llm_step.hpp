// The `llm` step (SPEC §3): an OpenAI-compatible chat completion. Renders base_url, model and
// the messages' templates (or `prompt` as one user message), POSTs { model, messages, temperature?,
// max_tokens?, response_format? } to `{base_url}/chat/completions` with the API key from
// the tenant secret `api_key_secret`, and answers { content, json?, model, finish_reason,
// usage: { prompt_tokens, completion_tokens, total_tokens } }. The call waits at most
// `timeout_ms` (default 60 s).
#pragma once

#include <string>

#include "nodes/http_client.hpp"
#include "nodes/step_handler.hpp"

namespace weft::nodes {

/// Failure codes: `secret_not_found` (the named secret is missing), `external_service_error`
/// (the API answered an error, could not be reached, timed out, or answered something that
/// is not a chat completion: details say which), `invalid_output` (json_mode and the
/// content is not JSON), `expression_error`.
[[nodiscard]] step_start start_llm_step(const step_context& ctx, const std::string& idempotency_key);

}  // namespace weft::nodes
