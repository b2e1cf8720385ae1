#include "services/rate_limiter.hpp"

#include <algorithm>
#include <cmath>

namespace weft::services {

std::optional<std::int64_t> rate_limiter::take(const std::string& key, std::int64_t per_minute, std::int64_t now_ms) {
  if (per_minute < 0) return std::nullopt;
  if (per_minute == 0) return 60;
  const double capacity = static_cast<double>(per_minute);
  const double per_ms = capacity / 60'000.0;
  std::lock_guard lock(mutex_);
  auto [it, fresh] = buckets_.try_emplace(key, bucket{capacity, now_ms});
  bucket& b = it->second;
  if (!fresh) {
    b.tokens = std::min(capacity, b.tokens + per_ms * static_cast<double>(std::max<std::int64_t>(0, now_ms - b.at_ms)));
    b.at_ms = std::max(b.at_ms, now_ms);
  }
  if (b.tokens >= 1.0) {
    b.tokens -= 1.0;
    return std::nullopt;
  }
  return std::max<std::int64_t>(1, static_cast<std::int64_t>(std::ceil((1.0 - b.tokens) / per_ms / 1000.0)));
}

}  // namespace weft::services
