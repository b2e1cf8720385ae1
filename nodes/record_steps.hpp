// The record step types (SPEC §3): saveRecords upserts records into a tenant collection by
// key, fetchData reads them back with simple filters. They reach storage through the
// step_environment (a write may wait for an fsync: they run on their own thread).
#pragma once

#include "nodes/step_handler.hpp"

namespace weft::nodes {

/// `{ collection, records (expression: an array of objects), key = "id" }` →
/// `{ collection, saved, keys }`. A record without a usable key (a non-empty string or a
/// number in `key`) fails the attempt with `invalid_input` naming its index; nothing is
/// written then. Saving the same records again (a retry) changes nothing more.
[[nodiscard]] step_result run_save_records(const step_context& ctx);

/// `{ collection, filter: { field: value | { eq|ne|gt|gte|lt|lte|contains|in: value } },
/// limit = 1000 }` → `{ collection, records, count }` in key order. Every condition must hold.
[[nodiscard]] step_result run_fetch_data(const step_context& ctx);

}  // namespace weft::nodes
