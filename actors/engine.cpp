// Live executions are keyed "tenant\0id". Queries for executions that are no longer live
// fold their log (a read, microseconds for typical histories).
#include "actors/engine.hpp"

#include <map>

#include <caf/all.hpp>

#include "actors/execution.hpp"
#include "actors/messages.hpp"
#include "core/execution_state.hpp"

namespace weft::actors {
namespace {

struct engine_state {
  static inline const char* name = "weft.engine";
  storage::event_log* log = nullptr;
  caf::actor writer;
  std::map<std::string, caf::actor> live;
  std::map<caf::actor_addr, std::string> keys;
  std::multimap<std::string, caf::response_promise> waiters;  // await_execution, by key
};

// A timer the engine sends itself; never leaves the node.
struct await_timeout {
  std::string key;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, await_timeout& x) {
  return f(caf::meta::type_name("weft.await_timeout"), x.key);
}

using engine_actor = caf::stateful_actor<engine_state>;

std::string key(const std::string& tenant, const std::string& id) { return tenant + '\0' + id; }

constexpr std::size_t max_history = 1'000'000;

// The state of an execution that is not live, folded from its log ("" when unknown).
std::string state_from_log(engine_actor* self, const std::string& tenant, const std::string& id) {
  std::vector<core::event> history;
  if (!self->state.log->read(tenant, id, 0, max_history, history).is_ok() || history.empty()) return "";
  auto j = core::to_json(core::replay(history));
  j["execution_id"] = id;
  return j.dump();
}

void answer_waiters(engine_actor* self, const std::string& k) {
  auto [first, last] = self->state.waiters.equal_range(k);
  if (first == last) return;
  const auto zero = k.find('\0');
  const std::string state = state_from_log(self, k.substr(0, zero), k.substr(zero + 1));
  for (auto it = first; it != last; ++it) it->second.deliver(state);
  self->state.waiters.erase(first, last);
}

void track(engine_actor* self, const std::string& k, const caf::actor& a) {
  self->state.live[k] = a;
  self->state.keys[a.address()] = k;
}

caf::behavior engine(engine_actor* self, storage::event_log* log, caf::actor writer) {
  self->state.log = log;
  self->state.writer = std::move(writer);
  self->set_down_handler([self](caf::down_msg& down) {
    auto it = self->state.keys.find(down.source);
    if (it == self->state.keys.end()) return;
    const std::string k = it->second;
    self->state.live.erase(k);
    self->state.keys.erase(it);
    answer_waiters(self, k);
  });
  // Stopping the engine stops its executions (their logs keep everything for the restart).
  self->set_exit_handler([self](caf::exit_msg& msg) {
    for (const auto& [k, a] : self->state.live) self->send_exit(a, msg.reason);
    self->quit(msg.reason);
  });
  // Recovery: resume every execution the log says is not finished.
  std::vector<storage::execution_ref> active;
  if (log->active_executions(active).is_ok()) {
    for (const auto& ref : active) {
      std::vector<core::event> history;
      if (!log->read(ref.tenant, ref.execution_id, 0, max_history, history).is_ok() || history.empty()) continue;
      auto a = spawn_execution(self, {ref.tenant, ref.execution_id, self->state.writer, std::move(history)});
      track(self, key(ref.tenant, ref.execution_id), a);
    }
  }
  return {
      [=](start_execution& msg) -> caf::result<std::string> {
        const std::string k = key(msg.tenant, msg.execution_id);
        if (self->state.live.count(k)) return caf::make_error(caf::sec::invalid_argument, "execution already running");
        std::uint64_t last = 0;
        if (self->state.log->last_seq(msg.tenant, msg.execution_id, last).is_ok() && last > 0) {
          return caf::make_error(caf::sec::invalid_argument, "execution id already used");
        }
        auto a = spawn_execution(self, {msg.tenant, msg.execution_id, self->state.writer, {}});
        track(self, k, a);
        self->delegate(a, std::move(msg));
        return caf::delegated<std::string>();
      },
      [=](cancel_execution& msg) -> caf::result<bool> {
        auto it = self->state.live.find(key(msg.tenant, msg.execution_id));
        if (it == self->state.live.end()) return false;
        self->delegate(it->second, std::move(msg));
        return caf::delegated<bool>();
      },
      [=](signal_execution& msg) -> caf::result<bool> {
        auto it = self->state.live.find(key(msg.tenant, msg.execution_id));
        if (it == self->state.live.end()) return false;
        self->delegate(it->second, std::move(msg));
        return caf::delegated<bool>();
      },
      [=](query_execution& msg) -> caf::result<std::string> {
        auto it = self->state.live.find(key(msg.tenant, msg.execution_id));
        if (it != self->state.live.end()) {
          self->delegate(it->second, std::move(msg));
          return caf::delegated<std::string>();
        }
        std::string state = state_from_log(self, msg.tenant, msg.execution_id);
        if (state.empty()) return caf::make_error(caf::sec::invalid_argument, "execution not found");
        return state;
      },
      [=](await_execution& msg) -> caf::result<std::string> {
        const std::string k = key(msg.tenant, msg.execution_id);
        if (!self->state.live.count(k)) {
          std::string state = state_from_log(self, msg.tenant, msg.execution_id);
          if (state.empty()) return caf::make_error(caf::sec::invalid_argument, "execution not found");
          return state;
        }
        self->state.waiters.emplace(k, self->make_response_promise());
        if (msg.timeout_ms > 0) self->delayed_send(self, std::chrono::milliseconds(msg.timeout_ms), await_timeout{k});
        return caf::delegated<std::string>();
      },
      [=](await_timeout& t) {
        // Still running: answer with the state so far (asked of the execution itself).
        auto live = self->state.live.find(t.key);
        auto [first, last] = self->state.waiters.equal_range(t.key);
        if (first == last) return;
        std::vector<caf::response_promise> promises;
        for (auto it = first; it != last; ++it) promises.push_back(it->second);
        self->state.waiters.erase(first, last);
        if (live == self->state.live.end()) return;
        const auto zero = t.key.find('\0');
        self->request(live->second, caf::infinite, query_execution{t.key.substr(0, zero), t.key.substr(zero + 1)})
            .then([promises](std::string& state) mutable {
              for (auto& p : promises) p.deliver(state);
            });
      },
  };
}

}  // namespace

caf::actor spawn_engine(caf::actor_system& sys, storage::event_log& log, caf::actor log_writer) {
  return sys.spawn(engine, &log, std::move(log_writer));
}

}  // namespace weft::actors
