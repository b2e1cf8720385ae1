// The data step types (SPEC §3): csvInput parses CSV text, splitColumns splits a column of
// each record into several, aggregate counts, sums, averages, finds min/max or groups an
// array. Pure: no I/O, the same answer on a replay.
#pragma once

#include "nodes/step_handler.hpp"

namespace weft::nodes {

/// `{ csv (template), delimiter = ",", header = true, types: { column: string|number|boolean } }`
/// → `{ rows, columns, count }`: objects keyed by the header row, or arrays without one.
/// RFC 4180: quoted fields, "" inside quotes, CRLF or LF, newlines inside quotes. A
/// malformed document or a value that does not fit its type fails with `invalid_input`
/// naming the row (the record's number in the document, the header being 1) and column.
[[nodiscard]] step_result run_csv_input(const step_context& ctx);

/// `{ items (expression; default: the predecessor's rows or items), column, delimiter,
/// into: [names] }` → `{ items, count }`: each record gets the parts of `column` under
/// `into`'s names (default column_1, column_2, …); missing parts are null, extra parts stay
/// joined in the last one.
[[nodiscard]] step_result run_split_columns(const step_context& ctx);

/// `{ items (expression), operation: count|sum|avg|min|max|group_by, field, group_by }` →
/// `{ value, count }`, or with `group_by` `{ groups: [{ key, value, count }] }` (for the
/// group_by operation, each group's `items`). Nulls are skipped; a value that is not a
/// number fails with `invalid_input`.
[[nodiscard]] step_result run_aggregate(const step_context& ctx);

}  // namespace weft::nodes
