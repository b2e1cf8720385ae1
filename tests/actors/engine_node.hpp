// One node of the runtime for tests: a real RocksDB, an actor system, the hub, the log
// writer and the engine, with blocking helpers to start and await executions.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include <caf/all.hpp>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "actors/engine.hpp"
#include "actors/hub.hpp"
#include "actors/log_writer.hpp"
#include "actors/messages.hpp"
#include "actors/system_config.hpp"
#include "bench/workloads/workload.hpp"
#include "storage/database.hpp"
#include "storage/event_log.hpp"
#include "tests/storage/storage_test_support.hpp"
#include "tests/support/eventually.hpp"

namespace weft::actors {

using nlohmann::json;

using bench::workload;

// One node: actor system, writer and engine over the database in `dir`.
struct node {
  explicit node(const std::string& path, engine_options engine_opts = {}, storage::sync_mode sync = storage::sync_mode::none) {
    storage::database_options options;
    options.path = path;
    options.sync = sync;
    EXPECT_TRUE(storage::database::open(options, db).is_ok());
    log = std::make_unique<storage::event_log>(*db);
    sys = std::make_unique<caf::actor_system>(cfg);
    hub = spawn_hub(*sys);
    writer = spawn_log_writer(*sys, *log, nullptr, hub);
    engine = spawn_engine(*sys, *log, writer, engine_opts);
  }
  ~node() {
    for (auto* a : {&engine, &writer, &hub}) {
      caf::anon_send_exit(*a, caf::exit_reason::user_shutdown);
      *a = nullptr;
    }
    sys.reset();
    log.reset();
    db.reset();
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

  system_config cfg;
  std::unique_ptr<storage::database> db;
  std::unique_ptr<storage::event_log> log;
  std::unique_ptr<caf::actor_system> sys;
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
