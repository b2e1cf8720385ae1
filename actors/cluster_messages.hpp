// Messages between the nodes of a cluster (SPEC §9, docs/cluster.md): a worker joins a
// coordinator's door and asks it for what its steps need. The attempts themselves
// (step_attempt, step_outcome) are the step run's messages, in actors/messages.hpp.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include <caf/actor.hpp>
#include <caf/meta/type_name.hpp>

namespace weft::actors {

// The cluster (SPEC §9, docs/cluster.md). Every message between nodes of different builds
// goes through a join first, which compares this number: a change to any message that crosses
// nodes changes it, so a coordinator refuses a worker that would misread them.
inline constexpr std::uint32_t cluster_protocol_version = 4;

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

/// From a coordinator to another's door (coordinators connect to each other at start and
/// whenever one comes back): answered with the door's node's hub, which the asking node's
/// subscriptions to that node's executions subscribe to; refused (`incompatible_peer`) when
/// `protocol` is not the door's.
struct coordinator_join {
  std::uint32_t protocol = 0;
  std::string name;
  caf::actor catalogue_follower;  // told of each new catalogue write when the door's node is its home
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, coordinator_join& x) {
  return f(caf::meta::type_name("weft.coordinator_join"), x.protocol, x.name, x.catalogue_follower);
}

/// From the catalogue's home (its door) to a follower: the home committed catalogue write
/// `seq`; the follower asks for what it lacks (catalogue_pull).
struct catalogue_changed {
  std::uint64_t seq = 0;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, catalogue_changed& x) {
  return f(caf::meta::type_name("weft.catalogue_changed"), x.seq);
}

/// One numbered catalogue write (storage::catalogue_entry on the wire).
struct catalogue_write {
  std::uint64_t seq = 0;
  std::string ops;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, catalogue_write& x) {
  return f(caf::meta::type_name("weft.catalogue_write"), x.seq, x.ops);
}

/// How many catalogue writes one catalogue_pull answers at most.
inline constexpr std::size_t catalogue_page = 256;

/// From a follower to the home's door: the catalogue writes after `after_seq` (at most
/// catalogue_page of them: a full page means there are more), answered with
/// std::vector<catalogue_write>.
struct catalogue_pull {
  std::uint64_t after_seq = 0;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, catalogue_pull& x) {
  return f(caf::meta::type_name("weft.catalogue_pull"), x.after_seq);
}

/// To the door of the coordinator that owns an execution: its events after `after_seq`, at
/// most `limit`, in seq order, from its log — for a subscription's `since` replay on another
/// node. Answered with std::vector<wire_event>.
struct events_request {
  std::string tenant;
  std::string execution_id;
  std::uint64_t after_seq = 0;
  std::uint64_t limit = 0;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, events_request& x) {
  return f(caf::meta::type_name("weft.events_request"), x.tenant, x.execution_id, x.after_seq, x.limit);
}

/// Tenant record collections (saveRecords, fetchData) are the cluster's, kept on the
/// catalogue's home (docs/cluster.md). From another coordinator's step to the home's door:
/// upsert `records` (JSON texts) by `keys` in one atomic write. Answered (true, "") or
/// (false, why).
struct records_save {
  std::string tenant;
  std::string collection;
  std::vector<std::string> keys;
  std::vector<std::string> records;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, records_save& x) {
  return f(caf::meta::type_name("weft.records_save"), x.tenant, x.collection, x.keys, x.records);
}

/// How many records one records_scan answers at most.
inline constexpr std::size_t records_page = 256;

/// From another coordinator's step to the home's door: the collection's records whose keys
/// sort after `after_key` (empty: from the first), at most records_page of them in key order
/// (a full page means there may be more). Answered with std::vector<std::string>: key, then
/// record (JSON text), for each.
struct records_scan {
  std::string tenant;
  std::string collection;
  std::string after_key;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, records_scan& x) {
  return f(caf::meta::type_name("weft.records_scan"), x.tenant, x.collection, x.after_key);
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
