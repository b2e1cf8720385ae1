// Token buckets (SPEC §6 rate limits): one per key (tenant or tenant+user, and what is
// limited), holding up to a minute's allowance and refilled continuously. In memory: a
// restart forgives. Thread-safe.
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>

namespace weft::services {

class rate_limiter {
 public:
  /// Takes one token from `key`'s bucket of `per_minute` (< 0: unlimited) at `now_ms`; when
  /// it is empty, the seconds until a token is back (Retry-After), and nothing is taken.
  [[nodiscard]] std::optional<std::int64_t> take(const std::string& key, std::int64_t per_minute, std::int64_t now_ms);

 private:
  struct bucket {
    double tokens = 0;
    std::int64_t at_ms = 0;
  };
  std::mutex mutex_;
  std::map<std::string, bucket> buckets_;
};

}  // namespace weft::services
