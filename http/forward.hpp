// In a sharded cluster (SPEC §9, docs/cluster.md) a request about an execution another
// coordinator owns is answered by that owner: the front that took it sends it on over HTTP,
// with the caller's own token (the owner checks it again: every coordinator shares the JWT
// secret), and answers with what the owner answered. A request that was forwarded once is
// never forwarded again (a node whose cluster file disagrees answers it as it stands).
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "http/message.hpp"

namespace weft::http {

/// The header a forwarded request carries: the name of the node that forwarded it.
inline constexpr const char* forwarded_by_header = "weft-forwarded-by";
/// The header of the catalogue home's answer to a forwarded request: its last catalogue write,
/// which the forwarding node's copy must have before it answers (read your writes).
inline constexpr const char* catalogue_seq_header = "weft-catalogue-seq";

/// Sends `req` to the HTTP front at `address` (HOST:PORT) and calls `respond` once with its
/// answer, or with a 503 (`unavailable`, details.owner) in the error envelope when it cannot
/// be reached.
void forward(const request& req, const std::string& address, const std::string& this_node, respond_fn respond);

/// Sends `req` to each of `addresses` at once and calls `done` once with their answers, in the
/// same order (for one that cannot be reached, the 503 forward() answers).
void gather(const request& req, const std::vector<std::string>& addresses, const std::string& this_node,
            std::function<void(std::vector<response>)> done);

/// A 307 to the same path and query at `address`: for an open-ended answer (an event stream),
/// which the client then holds with the owner itself.
[[nodiscard]] response redirect_to(const request& req, const std::string& address);

}  // namespace weft::http
