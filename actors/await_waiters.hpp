// Who awaits which execution's end (await_execution), each until a deadline of its own. The
// engine keeps them here and runs one timer for the earliest deadline, instead of a delayed
// message per await: at thousands of executions a second, each of those sat in CAF's clock
// for the whole wait (30 s by default) — tens of thousands of entries, and a wake of the
// clock thread per await. Plain data; the engine's actor owns it.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

namespace weft::actors {

template <class Promise>
class await_waiters {
 public:
  /// `deadline_ms` 0: waits for the end however long it takes. Returns the waiter's id.
  std::uint64_t add(const std::string& key, Promise promise, std::int64_t deadline_ms) {
    const std::uint64_t id = ++last_id_;
    const auto deadline = deadline_ms > 0 ? by_deadline_.emplace(deadline_ms, id) : by_deadline_.end();
    waiters_.emplace(id, waiter{key, std::move(promise), deadline});
    by_key_.emplace(key, id);
    return id;
  }

  [[nodiscard]] bool has(const std::string& key) const { return by_key_.count(key) > 0; }
  [[nodiscard]] std::size_t size() const noexcept { return waiters_.size(); }

  /// Everyone awaiting `key`, taken out.
  std::vector<Promise> take(const std::string& key) {
    auto [first, last] = by_key_.equal_range(key);
    std::vector<Promise> out;
    for (auto it = first; it != last; ++it) {
      auto w = waiters_.find(it->second);
      if (w->second.deadline != by_deadline_.end()) by_deadline_.erase(w->second.deadline);
      out.push_back(std::move(w->second.promise));
      waiters_.erase(w);
    }
    by_key_.erase(first, last);
    return out;
  }

  /// The waiter `id`, taken out; nothing when it was answered already.
  std::optional<Promise> take_one(std::uint64_t id) {
    auto w = waiters_.find(id);
    if (w == waiters_.end()) return std::nullopt;
    auto [first, last] = by_key_.equal_range(w->second.key);
    for (auto it = first; it != last; ++it) {
      if (it->second != id) continue;
      by_key_.erase(it);
      break;
    }
    if (w->second.deadline != by_deadline_.end()) by_deadline_.erase(w->second.deadline);
    std::optional<Promise> out = std::move(w->second.promise);
    waiters_.erase(w);
    return out;
  }

  /// Those whose deadline is at or before `now_ms`, taken out, by key.
  std::map<std::string, std::vector<Promise>> take_due(std::int64_t now_ms) {
    std::map<std::string, std::vector<Promise>> out;
    while (!by_deadline_.empty() && by_deadline_.begin()->first <= now_ms) {
      const std::uint64_t id = by_deadline_.begin()->second;
      const std::string key = waiters_.at(id).key;
      out[key].push_back(std::move(*take_one(id)));
    }
    return out;
  }

  /// The earliest deadline still ahead of someone.
  [[nodiscard]] std::optional<std::int64_t> next_deadline() const {
    if (by_deadline_.empty()) return std::nullopt;
    return by_deadline_.begin()->first;
  }

 private:
  using deadline_map = std::multimap<std::int64_t, std::uint64_t>;  // deadline -> waiter id
  struct waiter {
    std::string key;
    Promise promise;
    deadline_map::iterator deadline;  // by_deadline_.end(): none
  };
  std::unordered_map<std::uint64_t, waiter> waiters_;  // by id
  std::multimap<std::string, std::uint64_t> by_key_;   // execution key -> waiter ids
  deadline_map by_deadline_;
  std::uint64_t last_id_ = 0;
};

}  // namespace weft::actors
