// The log writer: the single owner of event-log writes (SPEC §1). It collects append
// requests from every execution and commits whatever arrived meanwhile as one group (one
// RocksDB WriteBatch, one fsync in sync mode `group`), then answers each request, so an
// event is durable before anyone hears of it. Spawned detached when it fsyncs (sync mode
// `group`): the fsync blocks its own thread, never a scheduler thread. Durable batches go
// on to the hub, in commit order.
#pragma once

#include <caf/actor.hpp>
#include <caf/actor_system.hpp>

#include "actors/hub.hpp"
#include "storage/event_log.hpp"
#include "storage/execution_store.hpp"
#include "storage/idempotency_store.hpp"

namespace weft::storage {
class tenant_store;
}

namespace weft::actors {

/// Spawns the writer over `log` (and `summaries`, when given), which must outlive it. Each
/// batch, once durable, goes on to `hub` when there is one and, when `audience` is given,
/// someone listens to it. An append that claims an
/// Idempotency-Key writes the claim in its batch and settles its reservation in `keys`.
/// Each batch also carries the usage counts `counts` took since the last one (an
/// execution's count is durable with, or before, its first event).
[[nodiscard]] caf::actor spawn_log_writer(caf::actor_system& sys, storage::event_log& log,
                                          storage::execution_store* summaries = nullptr, caf::actor hub = {},
                                          storage::idempotency_store* keys = nullptr,
                                          storage::tenant_store* counts = nullptr,
                                          std::shared_ptr<const hub_audience> audience = nullptr);

}  // namespace weft::actors
