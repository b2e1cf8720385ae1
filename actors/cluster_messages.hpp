// Messages between the nodes of a cluster (SPEC §9, docs/cluster.md): a worker joins a
// coordinator's door and asks it for what its steps need. The attempts themselves
// (step_attempt, step_outcome) are the step run's messages, in actors/messages.hpp.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <caf/actor.hpp>
#include <caf/meta/type_name.hpp>

namespace weft::actors {

// The cluster (SPEC §9, docs/cluster.md). Every message between nodes of different builds
// goes through a join first, which compares this number: a change to any message that crosses
// nodes changes it, so a coordinator refuses a worker that would misread them.
inline constexpr std::uint32_t cluster_protocol_version = 1;

/// From a worker to a coordinator's door: take attempts through `runner` (the worker's
/// step runner), at most `slots` at once; steps pinned to a label go only to workers that
/// have it. Answered with the coordinator's node name, or refused (`incompatible_worker`)
/// when `protocol` is not the coordinator's.
struct worker_join {
  std::uint32_t protocol = 0;
  std::string name;  // for logs and GET /api/cluster
  std::uint32_t slots = 1;
  std::vector<std::string> labels;
  caf::actor runner;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, worker_join& x) {
  return f(caf::meta::type_name("weft.worker_join"), x.protocol, x.name, x.slots, x.labels, x.runner);
}

/// From a worker's runner to the coordinator's door: the definition (its text) of the plan
/// named `digest`, which an attempt named. Answered (true, text), or (false, "") when no
/// execution there runs by it any more.
struct plan_request {
  std::string digest;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, plan_request& x) {
  return f(caf::meta::type_name("weft.plan_request"), x.digest);
}

/// From a worker's step to the coordinator's door: what its environment holds there — a
/// tenant secret (`kind` "secret") or a custom component's registration ("component", its
/// JSON text) named `name`. Answered (true, value) or (false, "").
struct environment_request {
  std::string kind;
  std::string tenant;
  std::string name;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, environment_request& x) {
  return f(caf::meta::type_name("weft.environment_request"), x.kind, x.tenant, x.name);
}

/// From a worker pool to a supervisor whose attempt waited for a worker with the labels it is
/// pinned to: a slot on `runner` is taken for attempt `attempt` of `step_id` (local only).
struct pinned_slot {
  std::string step_id;
  std::uint32_t attempt = 0;
  caf::actor runner;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, pinned_slot& x) {
  return f(caf::meta::type_name("weft.pinned_slot"), x.step_id, x.attempt, x.runner);
}

}  // namespace weft::actors
