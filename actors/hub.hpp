// The hub (SPEC §1): owns subscriptions and fans every durable event out. The log writer
// hands it each batch once committed; it sends the batch once to every subscriber of a
// matching topic of the batch's tenant: execution:ID, workflow:ID, all_executions. The
// workflow service's changes (core::workflow_change) go to workflow:ID and all_workflows.
// Subscribers are actors (the WebSocket gateway's sessions, tests); the hub monitors them
// and forgets the ones that stop. Tenants never see each other's events: the tenant is
// part of every subscription.
#pragma once

#include <atomic>
#include <cstddef>
#include <memory>

#include <caf/actor.hpp>
#include <caf/actor_system.hpp>

#include "core/workflow_change.hpp"

namespace weft::actors {

/// Whether the hub has any subscription: kept by the hub, read by the log writer, which
/// hands the hub no batch while nobody listens (a message and a resume of the hub per commit
/// saved). Nothing is missed: the hub counts a subscription before it answers it, and a
/// subscriber reads the log only after that answer (event_feed) — so a batch the writer kept
/// back was committed before the subscriber looked, and it finds the batch in the log.
class hub_audience {
 public:
  [[nodiscard]] bool anyone() const noexcept { return subscriptions_.load() > 0; }
  void set(std::size_t subscriptions) noexcept { subscriptions_.store(subscriptions); }

 private:
  std::atomic<std::size_t> subscriptions_{0};
};

/// The hub; it keeps `audience` (when given) up to date as subscriptions come and go.
[[nodiscard]] caf::actor spawn_hub(caf::actor_system& sys, std::shared_ptr<hub_audience> audience = nullptr);

/// A listener for workflow_service::on_change that hands each change to `hub` while it lives.
[[nodiscard]] core::workflow_change_listener publish_to(const caf::actor& hub);

}  // namespace weft::actors
