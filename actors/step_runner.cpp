#include "actors/cluster_messages.hpp"
#include "actors/step_runner.hpp"

#include <chrono>
#include <memory>
#include <optional>

#include <caf/all.hpp>
#include <nlohmann/json.hpp>

#include "actors/engine_error.hpp"
#include "actors/execution_plan.hpp"
#include "actors/messages.hpp"
#include "actors/step_run.hpp"
#include "nodes/step_handler.hpp"

namespace weft::actors {
namespace {

constexpr auto door_timeout = std::chrono::seconds(10);

// Asks the door for `kind` `name` of `tenant`. Blocks the calling thread for the round trip
// (a step handler reads its environment synchronously); nullopt when there is none or the
// door does not answer in time.
std::optional<std::string> ask_door(caf::actor_system& sys, const caf::actor& door, std::string kind, const std::string& tenant,
                                    const std::string& name) {
  std::optional<std::string> out;
  caf::scoped_actor self{sys};
  self->request(door, door_timeout, environment_request{std::move(kind), tenant, name})
      .receive(
          [&](bool found, std::string& value) {
            if (found) out = std::move(value);
          },
          [](caf::error&) {});
  return out;
}

// The environment of a step on a worker: what the coordinator's own environment holds, asked
// for through its door. Records and child workflows are not here: their steps never travel.
std::shared_ptr<const nodes::step_environment> door_environment(caf::actor_system& sys, caf::actor door) {
  auto env = std::make_shared<nodes::step_environment>();
  env->secret = [&sys, door](const std::string& tenant, const std::string& name) {
    return ask_door(sys, door, "secret", tenant, name);
  };
  env->component = [&sys, door](const std::string& tenant, const std::string& type) -> std::optional<nlohmann::json> {
    auto text = ask_door(sys, door, "component", tenant, type);
    if (!text) return std::nullopt;
    auto j = nlohmann::json::parse(*text, nullptr, false);
    if (j.is_discarded()) return std::nullopt;
    return j;
  };
  return env;
}

struct runner_state {
  static inline const char* name = "weft.step_runner";
};

// Detached: a step that reads its environment waits for the door's answer on its own thread.
// On a scheduler thread, a few such waits would take every thread from the middleman's broker,
// which delivers those very answers (found by weft_bench_cluster: custom steps on a worker
// failed after the 10 s bound with `unknown_step_type`).
caf::actor spawn_run(caf::local_actor* self, caf::actor reporter, step_attempt attempt, std::shared_ptr<const execution_plan> plan,
                     std::shared_ptr<const nodes::step_environment> environment) {
  step_run_args args{std::move(attempt), std::move(plan), std::move(environment), std::make_shared<nodes::cancellation>()};
  return self->spawn<caf::detached>(step_run, std::move(reporter), std::move(args));
}

// The environment of one attempt: the door's, and the registration of the custom component it
// carries (the coordinator read it to place the attempt), so the step need not ask again.
std::shared_ptr<const nodes::step_environment> with_carried_component(std::shared_ptr<const nodes::step_environment> door_env,
                                                                      const std::string& component) {
  if (component.empty()) return door_env;
  auto registration = nlohmann::json::parse(component, nullptr, false);
  if (!registration.is_object()) return door_env;
  auto env = std::make_shared<nodes::step_environment>(*door_env);
  env->component = [door_env, registration = std::move(registration)](const std::string& tenant,
                                                                        const std::string& type) -> std::optional<nlohmann::json> {
    if (registration.value("type", "") == type) return registration;
    return door_env->component(tenant, type);
  };
  return env;
}

caf::behavior step_runner(caf::stateful_actor<runner_state>* self, caf::actor door) {
  auto door_env = door_environment(self->system(), door);
  return {
      [=](step_attempt& a) -> caf::result<caf::actor> {
        auto reporter = caf::actor_cast<caf::actor>(self->current_sender());
        if (!reporter) return make_error(engine_errc::internal, "a step attempt with no one to report to");
        auto environment = with_carried_component(door_env, a.component);
        if (auto plan = plan_in_use(a.plan)) return spawn_run(self, reporter, std::move(a), std::move(plan), environment);
        auto promise = self->make_response_promise<caf::actor>();
        self->request(door, door_timeout, plan_request{a.plan})
            .then(
                [=](bool found, std::string& text) mutable {
                  auto plan = found ? cached_plan_of(text) : nullptr;
                  if (!plan || plan->digest != a.plan) {
                    promise.deliver(make_error(engine_errc::internal, "the coordinator does not know plan " + a.plan));
                    return;
                  }
                  promise.deliver(spawn_run(self, reporter, std::move(a), std::move(plan), environment));
                },
                [=](caf::error& err) mutable { promise.deliver(std::move(err)); });
        return promise;
      },
  };
}

}  // namespace

caf::actor spawn_step_runner(caf::actor_system& sys, caf::actor door) { return sys.spawn(step_runner, std::move(door)); }

}  // namespace weft::actors
