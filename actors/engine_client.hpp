// CAF-free access to the engine for the HTTP layer: each call sends one message to the
// engine (from the client's forwarding actor) and calls back, on an actor thread, with the
// answer — so no HTTP thread ever blocks on an actor (STYLE rule 6). Thread-safe.
#pragma once

#include <functional>
#include <string>

#include "actors/engine_error.hpp"
#include "actors/requests.hpp"

namespace weft::actors {

struct engine_answer {
  bool ok = false;
  std::string value;  // JSON text of the execution state (start: "running" or "pending")
  std::string error;  // why, when !ok
  bool timed_out = false;  // !ok because no answer came in time: what was asked may still happen
  engine_errc code = engine_errc::none;  // why, typed, when !ok
};

using engine_callback = std::function<void(engine_answer)>;

class engine_client {
 public:
  virtual ~engine_client() = default;
  /// Answers with its status ("running", or "pending" when queued by admission) once its
  /// first events are durable; with msg.await_ms, with its state once it ended (or after
  /// await_ms, the state so far).
  virtual void start(start_execution msg, engine_callback done) = 0;
  virtual void query(query_execution msg, engine_callback done) = 0;
  /// Answers once the execution ended, or after msg.timeout_ms with the state so far.
  virtual void await(await_execution msg, engine_callback done) = 0;
  /// ok with value "true" when it was cancelled now, "false" when it was not running.
  virtual void cancel(cancel_execution msg, engine_callback done) = 0;
  /// ok with value "true" when delivered (or kept for a later step), "false" when not running.
  virtual void signal(signal_execution msg, engine_callback done) = 0;
  /// An id for a new execution, in one of the shards this node owns (core/cluster_map.hpp).
  [[nodiscard]] virtual std::string new_execution_id() const = 0;
  /// The id for an execution whose id comes from its cause (core::cluster_map::owned_id).
  [[nodiscard]] virtual std::string owned_id(const std::string& base) const = 0;
};

}  // namespace weft::actors
