// Idempotency keys of execution starts (SPEC §5): the first execution started with a key
// wins for `ttl`; later starts with the same key and tenant get its id. A claim is made
// durable in the same batch as the execution's first event (add_claim, by the log writer),
// so after a crash a key either names an execution that exists or is free. Until that
// batch is written, the key is reserved in memory: a concurrent start with it waits for
// the same execution rather than starting another. Thread-safe.
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <string_view>

#include "storage/database.hpp"
#include "storage/status.hpp"

namespace weft::storage {

class idempotency_store {
 public:
  explicit idempotency_store(database& db) : db_(db) {}

  /// Reserves `key` for `candidate`. `winner` is `candidate` when the key was free (or its
  /// claim older than `ttl_ms`), else the execution id that holds or reserved it. Writes
  /// nothing: the claim is written with the execution's first event (add_claim).
  [[nodiscard]] status reserve(std::string_view tenant, std::string_view key, const std::string& candidate,
                               std::int64_t now_ms, std::int64_t ttl_ms, std::string& winner);
  /// Adds the durable claim of `key` by `execution_id` to `batch`.
  [[nodiscard]] static status add_claim(write_batch& batch, std::string_view tenant, std::string_view key,
                                        std::string_view execution_id, std::int64_t at_ms);
  /// Ends the reservation of `key` by `execution_id`: its batch was written (the claim is
  /// on disk) or failed (the key is free again). No-op when someone else holds it.
  void settle(std::string_view tenant, std::string_view key, std::string_view execution_id);

 private:
  database& db_;
  std::mutex mutex_;
  std::map<std::string, std::string, std::less<>> reserved_;  // tenant\0key -> execution id
};

}  // namespace weft::storage
