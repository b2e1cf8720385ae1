// One short-lived event-based actor per call: cheap in CAF, and it keeps the caller free.
#include <caf/all.hpp>

#include "actors/engine.hpp"
#include "actors/engine_client.hpp"

namespace weft::actors {
namespace {

class caf_engine_client final : public engine_client {
 public:
  caf_engine_client(caf::actor_system& sys, caf::actor engine) : sys_(sys), engine_(std::move(engine)) {}

  void start(start_execution msg, engine_callback done) override { ask_string(std::move(msg), std::move(done), 30'000); }
  void query(query_execution msg, engine_callback done) override { ask_string(std::move(msg), std::move(done), 30'000); }
  void await(await_execution msg, engine_callback done) override {
    const std::uint32_t budget = msg.timeout_ms + 30'000;
    ask_string(std::move(msg), std::move(done), budget);
  }
  void cancel(cancel_execution msg, engine_callback done) override { ask_bool(std::move(msg), std::move(done)); }
  void signal(signal_execution msg, engine_callback done) override { ask_bool(std::move(msg), std::move(done)); }

 private:
  template <class Msg>
  void ask_bool(Msg msg, engine_callback done) {
    sys_.spawn([engine = engine_, msg = std::move(msg), done = std::move(done)](caf::event_based_actor* self) mutable {
      self->request(engine, std::chrono::seconds(30), std::move(msg))
          .then(
              [self, done](bool yes) {
                done({true, yes ? "true" : "false", ""});
                self->quit();
              },
              [self, done](caf::error& err) {
                const engine_errc code = engine_code(err);
                done({false, "", self->system().render(err), code == engine_errc::timeout, code});
                self->quit();
              });
    });
  }

  template <class Msg>
  void ask_string(Msg msg, engine_callback done, std::uint32_t timeout_ms) {
    sys_.spawn([engine = engine_, msg = std::move(msg), done = std::move(done), timeout_ms](caf::event_based_actor* self) mutable {
      self->request(engine, std::chrono::milliseconds(timeout_ms), std::move(msg))
          .then(
              [self, done](std::string& value) {
                done({true, std::move(value), ""});
                self->quit();
              },
              [self, done](caf::error& err) {
                const engine_errc code = engine_code(err);
                done({false, "", self->system().render(err), code == engine_errc::timeout, code});
                self->quit();
              });
    });
  }

  caf::actor_system& sys_;
  caf::actor engine_;
};

}  // namespace

std::unique_ptr<engine_client> make_engine_client(caf::actor_system& sys, caf::actor engine) {
  return std::make_unique<caf_engine_client>(sys, std::move(engine));
}

}  // namespace weft::actors
