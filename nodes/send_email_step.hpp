// The `sendEmail` step (SPEC §3): renders the templates in `from`, `to`, `cc`, `subject` and
// `body`, builds a UTF-8 message (text, or HTML with `html: true`; Message-ID from the
// idempotency key, so a repeated attempt is recognisable) and sends it through the SMTP
// server in `smtp` { host, port, tls, username, password_secret, timeout_ms } — STARTTLS by
// default, the password from a tenant secret. Blocks its thread for at most the timeout,
// so it runs in a detached step-run actor. Output: { sent, message_id, recipients }.
#pragma once

#include <string>

#include "nodes/step_handler.hpp"

namespace weft::nodes {

/// Failure codes: `invalid_input` (an address or header that is not one, e.g. with a line
/// break), `secret_not_found`, `external_service_error` (the server could not be reached,
/// refused TLS, the login or a recipient, or timed out: details.cause says which, with its
/// reply), `expression_error`.
[[nodiscard]] step_result run_send_email(const step_context& ctx, const std::string& idempotency_key);

}  // namespace weft::nodes
