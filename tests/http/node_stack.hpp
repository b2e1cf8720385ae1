// The whole node in one test process, as `weft serve` composes it (app/node.hpp): RocksDB in
// a temp dir, the services, the actor runtime, the REST API and the WebSocket gateway on a
// loopback port chosen by the OS. Tenants are on the enterprise plan unless a test sets
// another (set_tier), and the schedules' clock is real time plus clock_offset_ms_.
#pragma once

#include <atomic>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "app/node.hpp"
#include "app/node_parts.hpp"
#include "core/expr/value_ops.hpp"
#include "tests/storage/storage_test_support.hpp"
#include "tests/support/http_client.hpp"

namespace weft::http {

class node_stack : public ::testing::Test {
 protected:
  void SetUp() override {
    app::node_options options;
    options.db_path = dir_.path() + "/db";
    options.sync = storage::sync_mode::none;
    options.actor_threads = actor_threads_;
    options.clock = [this] { return core::expr::system_now_ms() + clock_offset_ms_.load(); };
    app::coordinator_options coordinator;
    coordinator.jwt_secret = "node-stack-test-secret-0123";
    coordinator.server = server_options_;
    coordinator.default_tier = "enterprise";  // tests of other things are not limited by a plan
    options.coordinator = std::move(coordinator);
    std::string why;
    node_ = app::node::open(std::move(options), why);
    ASSERT_NE(node_, nullptr) << why;
    app::node_parts& p = node_->parts();
    db_ = p.db.get();
    store_ = p.workflow_store.get();
    log_ = p.events.get();
    workflows_ = p.workflows.get();
    summaries_ = p.summaries.get();
    reader_ = p.reader.get();
    idempotency_ = p.idempotency.get();
    keys_ = p.start_keys.get();
    secret_store_ = p.secret_store.get();
    secrets_ = p.secrets.get();
    records_ = p.records.get();
    tenant_store_ = p.tenant_store.get();
    tenants_ = p.tenants.get();
    component_store_ = p.component_store.get();
    components_ = p.components.get();
    schedule_state_ = p.schedule_state.get();
    scheduler_ = p.scheduler.get();
    sys_ = p.actor_system.get();
    hub_ = p.hub;
    writer_ = p.log_writer;
    engine_ = p.engine;
    client_engine_ = p.engine_client.get();
    feed_ = p.event_feed;
    auth_ = &*p.auth;
    registry_ = &p.ws_registry;
    api_ = p.api.get();
    server_ = p.server.get();
    http_ = std::make_unique<weft::testing::http_client>(node_->http_port());
  }

  void TearDown() override {
    hub_ = writer_ = engine_ = nullptr;
    feed_.reset();
    node_.reset();
  }

  /// A token of `user` (default "ana") in `tenant`.
  std::string token(const std::string& tenant = "acme", std::vector<std::string> roles = {}, const std::string& user = "ana") {
    return auth_->issue({user, tenant, std::move(roles)}, std::chrono::hours(1));
  }
  std::map<std::string, std::string> headers(const std::string& tenant = "acme", std::vector<std::string> roles = {}) {
    return {{"Authorization", "Bearer " + token(tenant, std::move(roles))}, {"X-Tenant-ID", tenant}};
  }
  /// Puts `tenant` on `tier` (with `limits` overrides) as an operator would.
  void set_tier(const std::string& tenant, const std::string& tier, const nlohmann::json& limits = nlohmann::json::object()) {
    auto r = http_->request("PUT", "/api/admin/tenants/" + tenant, nlohmann::json{{"tier", tier}, {"limits", limits}}.dump(),
                            {{"Authorization", "Bearer " + token("ops", {"operator"}, "olga")}});
    ASSERT_EQ(r.status, 200) << r.body;
  }
  /// Saves a workflow of `tenant`; its id.
  std::string create(const nlohmann::json& definition, const std::string& tenant = "acme") {
    auto r = http_->request("POST", "/api/workflows", definition.dump(), headers(tenant));
    EXPECT_EQ(r.status, 201) << r.body;
    return r.json().value("id", "");
  }
  /// Starts a workflow of tenant acme; the execution id.
  std::string execute(const std::string& wf, const nlohmann::json& input) {
    auto r = http_->request("POST", "/api/workflows/" + wf + "/execute", nlohmann::json{{"input", input}}.dump(), headers());
    EXPECT_EQ(r.status, 202) << r.body;
    return r.json().value("execution_id", "");
  }

  storage::testing::temp_dir dir_;
  // Set before SetUp to change how the node is built.
  std::size_t actor_threads_ = 0;  // CAF's default
  server_options server_options_ = [] {
    server_options o;
    o.port = 0;  // the OS chooses
    return o;
  }();
  std::atomic<std::int64_t> clock_offset_ms_{0};  // the schedules' and plans' clock: real time plus this

  std::unique_ptr<app::node> node_;
  // The node's parts, for tests that look inside (owned by node_).
  storage::database* db_ = nullptr;
  storage::workflow_store* store_ = nullptr;
  storage::event_log* log_ = nullptr;
  services::workflow_service* workflows_ = nullptr;
  storage::execution_store* summaries_ = nullptr;
  services::execution_reader* reader_ = nullptr;
  storage::idempotency_store* idempotency_ = nullptr;
  services::start_keys* keys_ = nullptr;
  storage::secret_store* secret_store_ = nullptr;
  services::secret_service* secrets_ = nullptr;
  storage::record_store* records_ = nullptr;
  storage::tenant_store* tenant_store_ = nullptr;
  services::tenant_service* tenants_ = nullptr;
  storage::component_store* component_store_ = nullptr;
  services::component_service* components_ = nullptr;
  storage::schedule_store* schedule_state_ = nullptr;
  services::scheduler* scheduler_ = nullptr;
  caf::actor_system* sys_ = nullptr;
  caf::actor hub_, writer_, engine_;
  actors::engine_client* client_engine_ = nullptr;
  std::shared_ptr<actors::event_feed> feed_;
  authenticator* auth_ = nullptr;
  ws_registry* registry_ = nullptr;
  api* api_ = nullptr;
  server* server_ = nullptr;
  std::unique_ptr<weft::testing::http_client> http_;
};

}  // namespace weft::http
