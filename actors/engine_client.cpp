// A few long-lived forwarding actors per client, taken in turn: each call hands one a
// closure that sends the request from it, and the answer comes back to it and on to the
// callback. A short-lived actor per call cost a spawn and an exit each (and CAF's clock
// thread a wake-up per exit), twice per `execute?wait_ms`; a single forwarder ran every
// callback (which builds the HTTP answer) on one thread at a time.
#include <array>
#include <atomic>

#include <caf/all.hpp>

#include "actors/engine.hpp"
#include "actors/engine_client.hpp"

namespace weft::actors {
namespace {

// A request for the forwarder to make: node-local, never serialized.
struct client_call {
  std::function<void(caf::event_based_actor* self)> send;
};

}  // namespace
}  // namespace weft::actors

CAF_ALLOW_UNSAFE_MESSAGE_TYPE(weft::actors::client_call)

namespace weft::actors {
namespace {

caf::behavior forwarder(caf::event_based_actor* self) {
  return {
      [self](client_call& call) { call.send(self); },
  };
}

class caf_engine_client final : public engine_client {
 public:
  caf_engine_client(caf::actor_system& sys, caf::actor engine, core::cluster_map cluster)
      : engine_(std::move(engine)), cluster_(std::move(cluster)) {
    for (auto& f : forwarders_) f = sys.spawn(forwarder);
  }
  ~caf_engine_client() override {
    for (auto& f : forwarders_) caf::anon_send_exit(f, caf::exit_reason::user_shutdown);
  }
  caf_engine_client(const caf_engine_client&) = delete;
  caf_engine_client& operator=(const caf_engine_client&) = delete;

  void start(start_execution msg, engine_callback done) override {
    const std::uint32_t budget = msg.await_ms + 30'000;
    ask_string(std::move(msg), std::move(done), budget);
  }
  void query(query_execution msg, engine_callback done) override { ask_string(std::move(msg), std::move(done), 30'000); }
  void await(await_execution msg, engine_callback done) override {
    const std::uint32_t budget = msg.timeout_ms + 30'000;
    ask_string(std::move(msg), std::move(done), budget);
  }
  void cancel(cancel_execution msg, engine_callback done) override { ask_bool(std::move(msg), std::move(done)); }
  void signal(signal_execution msg, engine_callback done) override { ask_bool(std::move(msg), std::move(done)); }
  std::string new_execution_id() const override { return cluster_.new_execution_id(); }
  std::string owned_id(const std::string& base) const override { return cluster_.owned_id(base); }

 private:
  static engine_answer failure(caf::event_based_actor* self, const caf::error& err) {
    const engine_errc code = engine_code(err);
    return {false, "", self->system().render(err), code == engine_errc::timeout, code};
  }

  template <class Msg>
  void ask_bool(Msg msg, engine_callback done) {
    caf::anon_send(next_forwarder(), client_call{[engine = engine_, msg = std::move(msg), done = std::move(done)](caf::event_based_actor* self) mutable {
      self->request(engine, std::chrono::seconds(30), std::move(msg))
          .then([done](bool yes) { done({true, yes ? "true" : "false", ""}); },
                [self, done](caf::error& err) { done(failure(self, err)); });
    }});
  }

  template <class Msg>
  void ask_string(Msg msg, engine_callback done, std::uint32_t timeout_ms) {
    caf::anon_send(next_forwarder(), client_call{[engine = engine_, msg = std::move(msg), done = std::move(done),
                                            timeout_ms](caf::event_based_actor* self) mutable {
      self->request(engine, std::chrono::milliseconds(timeout_ms), std::move(msg))
          .then([done](std::string& value) { done({true, std::move(value), ""}); },
                [self, done](caf::error& err) { done(failure(self, err)); });
    }});
  }

  const caf::actor& next_forwarder() { return forwarders_[turn_.fetch_add(1, std::memory_order_relaxed) % forwarders_.size()]; }

  caf::actor engine_;
  core::cluster_map cluster_;
  std::array<caf::actor, 4> forwarders_;  // more than the scheduler's threads, so callbacks run in parallel
  std::atomic<std::size_t> turn_{0};
};

}  // namespace

std::unique_ptr<engine_client> make_engine_client(caf::actor_system& sys, caf::actor engine, core::cluster_map cluster) {
  return std::make_unique<caf_engine_client>(sys, std::move(engine), std::move(cluster));
}

}  // namespace weft::actors
