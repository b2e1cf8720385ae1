#include "actors/cluster_door.hpp"

#include <algorithm>

#include <caf/all.hpp>
#include <nlohmann/json.hpp>

#include "actors/cluster_messages.hpp"
#include "actors/engine_error.hpp"
#include "actors/execution_plan.hpp"
#include "actors/messages.hpp"
#include "actors/worker_pool.hpp"
#include "nodes/step_handler.hpp"
#include "storage/database.hpp"
#include "storage/event_log.hpp"
#include "storage/record_store.hpp"

namespace weft::actors {
namespace {

struct door_state {
  static inline const char* name = "weft.cluster_door";
  std::vector<caf::actor> followers;  // other coordinators' catalogue followers (on the home)
};

using door_actor = caf::stateful_actor<door_state>;

caf::behavior cluster_door(door_actor* self, door_options o) {
  auto say = [log = o.log](const std::string& level, const std::string& message) {
    if (log) log(level, message);
  };
  self->set_down_handler([self, pool = o.pool, say](caf::down_msg& down) {
    auto& followers = self->state.followers;
    followers.erase(std::remove_if(followers.begin(), followers.end(), [&](const caf::actor& f) { return f.address() == down.source; }),
                    followers.end());
    if (pool->remove(down.source)) say("warn", "worker left: " + self->system().render(down.reason));
  });
  return {
      [=](worker_join& j) -> caf::result<std::string> {
        if (j.protocol != cluster_protocol_version) {
          say("warn", "refused worker '" + j.name + "': it speaks cluster protocol " + std::to_string(j.protocol) +
                          ", this coordinator " + std::to_string(cluster_protocol_version) +
                          " (upgrade it to this coordinator's version)");
          return make_error(engine_errc::incompatible_peer,
                            "this coordinator speaks cluster protocol " + std::to_string(cluster_protocol_version) +
                                ", the worker " + std::to_string(j.protocol));
        }
        if (!j.runner) return make_error(engine_errc::internal, "a worker must offer a runner");
        self->monitor(j.runner);
        say("info", "worker joined: '" + j.name + "' with " + std::to_string(j.slots) + " slots");
        o.pool->add({j.name, j.runner, j.slots, j.labels, 0});
        return o.name;
      },
      [=](coordinator_join& j) -> caf::result<caf::actor> {
        if (j.protocol != cluster_protocol_version) {
          say("warn", "refused coordinator '" + j.name + "': it speaks cluster protocol " + std::to_string(j.protocol) +
                          ", this one " + std::to_string(cluster_protocol_version));
          return make_error(engine_errc::incompatible_peer,
                            "this coordinator speaks cluster protocol " + std::to_string(cluster_protocol_version) +
                                ", the other " + std::to_string(j.protocol));
        }
        if (!o.hub) return make_error(engine_errc::internal, "this node has no hub");
        say("info", "coordinator joined: '" + j.name + "'");
        if (o.catalogue && j.catalogue_follower) {
          self->monitor(j.catalogue_follower);
          self->state.followers.push_back(std::move(j.catalogue_follower));
        }
        return o.hub;
      },
      [=](catalogue_changed& c) {
        for (const auto& f : self->state.followers) self->send(f, c);
      },
      [=](catalogue_pull& p) -> caf::result<std::vector<catalogue_write>> {
        if (!o.catalogue) return make_error(engine_errc::internal, "this node is not the catalogue's home");
        std::vector<storage::catalogue_entry> entries;
        if (auto s = o.catalogue->catalogue_since(p.after_seq, catalogue_page, entries); !s.is_ok()) {
          return make_error(engine_errc::internal, "cannot read the catalogue: " + s.to_string());
        }
        std::vector<catalogue_write> out;
        out.reserve(entries.size());
        for (auto& e : entries) out.push_back({e.seq, std::move(e.ops)});
        return out;
      },
      [=](records_save& r) -> caf::result<bool, std::string> {
        if (!o.records) return {false, std::string("this node is not the catalogue's home")};
        if (r.keys.size() != r.records.size()) return {false, std::string("as many keys as records")};
        std::vector<std::pair<std::string, nlohmann::json>> keyed;
        keyed.reserve(r.keys.size());
        for (std::size_t i = 0; i < r.keys.size(); ++i) {
          auto record = nlohmann::json::parse(r.records[i], nullptr, false);
          if (record.is_discarded()) return {false, std::string("record '" + r.keys[i] + "' is not JSON")};
          keyed.emplace_back(std::move(r.keys[i]), std::move(record));
        }
        auto s = o.records->upsert(r.tenant, r.collection, keyed);
        return {s.is_ok(), s.is_ok() ? std::string() : s.to_string()};
      },
      [=](records_scan& r) -> caf::result<std::vector<std::string>> {
        if (!o.records) return make_error(engine_errc::internal, "this node is not the catalogue's home");
        std::vector<std::string> page;  // key, record, key, record, ...
        auto s = o.records->scan(
            r.tenant, r.collection,
            [&](const std::string& key, const nlohmann::json& record) {
              page.push_back(key);
              page.push_back(record.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
              return page.size() < 2 * records_page;
            },
            r.after_key);
        if (!s.is_ok()) return make_error(engine_errc::internal, "cannot read the records: " + s.to_string());
        return page;
      },
      [=](events_request& r) -> caf::result<std::vector<wire_event>> {
        std::vector<core::event> events;
        if (!o.events) return make_error(engine_errc::internal, "this node has no log");
        if (auto s = o.events->read(r.tenant, r.execution_id, r.after_seq, static_cast<std::size_t>(r.limit), events); !s.is_ok()) {
          return make_error(engine_errc::internal, "cannot read the log: " + s.to_string());
        }
        std::vector<wire_event> out;
        out.reserve(events.size());
        for (auto& e : events) out.push_back(to_wire(std::move(e)));
        return out;
      },
      [=](plan_request& r) -> caf::result<bool, std::string> {
        auto plan = plan_in_use(r.digest);
        if (!plan) return {false, std::string()};
        return {true, plan->definition.dump()};
      },
      [=](environment_request& r) -> caf::result<bool, std::string> {
        const auto& env = o.environment;
        if (r.kind == "secret" && env && env->secret) {
          if (auto value = env->secret(r.tenant, r.name)) return {true, std::move(*value)};
        } else if (r.kind == "component" && env && env->component) {
          if (auto registration = env->component(r.tenant, r.name)) return {true, registration->dump()};
        }
        return {false, std::string()};
      },
  };
}

}  // namespace

caf::actor spawn_cluster_door(caf::actor_system& sys, door_options options) {
  return sys.spawn(cluster_door, std::move(options));
}

}  // namespace weft::actors
