// The hub (SPEC §1): owns subscriptions and fans every durable event out. The log writer
// hands it each batch once committed; it sends the batch once to every subscriber of a
// matching topic of the batch's tenant: execution:ID, workflow:ID, all_executions. The
// workflow service's changes (core::workflow_change) go to workflow:ID and all_workflows.
// Subscribers are actors (the WebSocket gateway's sessions, tests); the hub monitors them
// and forgets the ones that stop. Tenants never see each other's events: the tenant is
// part of every subscription.
#pragma once

#include <caf/actor.hpp>
#include <caf/actor_system.hpp>

#include "core/workflow_change.hpp"

namespace weft::actors {

[[nodiscard]] caf::actor spawn_hub(caf::actor_system& sys);

/// A listener for workflow_service::on_change that hands each change to `hub` while it lives.
[[nodiscard]] core::workflow_change_listener publish_to(const caf::actor& hub);

}  // namespace weft::actors
