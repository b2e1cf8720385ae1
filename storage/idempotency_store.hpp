// Idempotency keys of execution starts (SPEC §5): the first execution started with a key
// wins for `ttl`; later starts with the same key and tenant get its id. Thread-safe: a
// claim is a check-and-put under a mutex.
#pragma once

#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>

#include "storage/database.hpp"
#include "storage/status.hpp"

namespace weft::storage {

class idempotency_store {
 public:
  explicit idempotency_store(database& db) : db_(db) {}

  /// Claims `key` for `candidate`. `winner` is `candidate` when the key was free (or its
  /// claim older than `ttl_ms`), else the execution id that holds it.
  [[nodiscard]] status claim(std::string_view tenant, std::string_view key, const std::string& candidate,
                             std::int64_t now_ms, std::int64_t ttl_ms, std::string& winner);
  /// Frees a claim whose execution never started.
  [[nodiscard]] status release(std::string_view tenant, std::string_view key);

 private:
  database& db_;
  std::mutex mutex_;
};

}  // namespace weft::storage
