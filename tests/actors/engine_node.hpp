// One node of the runtime for tests, built as every node is (app/node.hpp): a real RocksDB,
// an actor system, the hub, the log writer and the engine, with blocking helpers to start
// and await executions.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include <caf/all.hpp>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "actors/messages.hpp"
#include "app/node.hpp"
#include "app/node_parts.hpp"
#include "bench/workloads/workload.hpp"
#include "tests/storage/storage_test_support.hpp"
#include "tests/support/eventually.hpp"

namespace weft::actors {

using nlohmann::json;

using bench::workload;

// One node in the engine role (app/node.hpp): storage, the actor system, hub, log writer and
// engine over the database at `path`.
struct node {
  explicit node(const std::string& path, engine_options engine_opts = {}, storage::sync_mode sync = storage::sync_mode::none) {
    app::node_options options;
    options.db_path = path;
    options.sync = sync;
    options.engine = std::move(engine_opts);
    std::string why;
    built = app::node::open(std::move(options), why);
    if (!built) throw std::runtime_error("the node did not open: " + why);
    app::node_parts& p = built->parts();
    db = p.db.get();
    log = p.events.get();
    sys = p.actor_system.get();
    hub = p.hub;
    writer = p.log_writer;
    engine = p.engine;
  }
  ~node() {
    hub = writer = engine = nullptr;
    built.reset();
  }

  std::string start(const std::string& id, const json& definition, const json& input) {
    caf::scoped_actor self{*sys};
    std::string answer;
    self->request(engine, std::chrono::seconds(10),
                  start_execution{"acme", id, "wf-1", 1, definition.dump(), input.dump()})
        .receive([&](std::string& status) { answer = status == "running" || status == "pending" ? id : status; },
                 [&](caf::error& err) { ADD_FAILURE() << sys->render(err); });
    return answer;
  }

  json await(const std::string& id, std::uint32_t timeout_ms = 10'000, const std::string& tenant = "acme") {
    caf::scoped_actor self{*sys};
    json state;
    self->request(engine, std::chrono::seconds(30), await_execution{tenant, id, timeout_ms})
        .receive([&](std::string& got) { state = json::parse(got); },
                 [&](caf::error& err) { ADD_FAILURE() << sys->render(err); });
    return state;
  }

  /// A start whose caller waits (start_execution.await_ms, the HTTP execute with wait_ms):
  /// the state at the end, or after await_ms the state so far; null with `failure` set when
  /// it did not start (with no `failure` given, that fails the test).
  json start_and_wait(const std::string& id, const json& definition, const json& input, std::uint32_t await_ms,
                      caf::error* failure = nullptr) {
    caf::scoped_actor self{*sys};
    start_execution msg{"acme", id, "wf-1", 1, definition.dump(), input.dump()};
    msg.await_ms = await_ms;
    json state;
    self->request(engine, std::chrono::seconds(30), std::move(msg))
        .receive([&](std::string& got) { state = json::parse(got, nullptr, false); },
                 [&](caf::error& err) {
                   if (failure) *failure = err;
                   else ADD_FAILURE() << sys->render(err);
                 });
    return state;
  }

  json run(const std::string& id, const json& definition, const json& input) {
    EXPECT_EQ(start(id, definition, input), id);
    return await(id);
  }

  std::vector<core::event> events(const std::string& id, const std::string& tenant = "acme") {
    std::vector<core::event> out;
    EXPECT_TRUE(log->read(tenant, id, 0, 100000, out).is_ok());
    return out;
  }

  std::unique_ptr<app::node> built;
  // Its parts (owned by `built`).
  storage::database* db = nullptr;
  storage::event_log* log = nullptr;
  caf::actor_system* sys = nullptr;
  caf::actor hub;
  caf::actor writer;
  caf::actor engine;
};

using ::weft::testing::eventually;

/// Tests that run nodes over a database in their own temporary directory.
class node_test : public ::testing::Test {
 protected:
  storage::testing::temp_dir dir_;
  std::string path() const { return dir_.path() + "/db"; }
};

}  // namespace weft::actors
