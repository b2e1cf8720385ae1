// The engine (SPEC §1): the table of live executions and the routing of start, cancel and
// query to them; on start-up it resumes every non-terminal execution from the event log.
// Admission and quotas join it with the tenancy issue. Knows nothing of HTTP.
#pragma once

#include <caf/actor.hpp>
#include <caf/actor_system.hpp>

#include <cstdint>
#include <string>
#include <memory>

#include "actors/engine_client.hpp"
#include "actors/engine_options.hpp"
#include "core/cluster_map.hpp"
#include "storage/event_log.hpp"

namespace weft::actors {

/// Spawns the engine over `log` (which must outlive it), with its state reader, writing
/// through `log_writer`. It resumes every execution the log holds as not terminal before
/// it answers anything else.
[[nodiscard]] caf::actor spawn_engine(caf::actor_system& sys, storage::event_log& log, caf::actor log_writer,
                                      engine_options options = {});

/// A CAF-free client of `engine` for the HTTP layer.
/// `cluster`: whose shards new execution ids go to (default: one node owning every shard).
[[nodiscard]] std::unique_ptr<engine_client> make_engine_client(caf::actor_system& sys, caf::actor engine,
                                                               core::cluster_map cluster = {});

}  // namespace weft::actors
