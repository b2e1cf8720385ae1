// The whole node in one test process, as `weft serve` composes it: RocksDB in a temp dir,
// services, the actor runtime (hub, log writer, engine), the event feed, the REST API with
// the execution and seed 003 routes, and the WebSocket gateway, on a loopback port.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include <caf/all.hpp>
#include <gtest/gtest.h>

#include "actors/engine.hpp"
#include "actors/event_feed.hpp"
#include "actors/hub.hpp"
#include "actors/log_writer.hpp"
#include "actors/system_config.hpp"
#include "core/expr/value_ops.hpp"
#include "http/api.hpp"
#include "http/execution_routes.hpp"
#include "http/component_routes.hpp"
#include "http/execution_stream.hpp"
#include "http/gateway.hpp"
#include "services/secret_service.hpp"
#include "services/step_environment.hpp"
#include "storage/record_store.hpp"
#include "storage/secret_store.hpp"
#include "http/secret_routes.hpp"
#include "http/webhook_routes.hpp"
#include "http/seed001_routes.hpp"
#include "http/ws_registry.hpp"
#include "http/seed003_routes.hpp"
#include "http/server.hpp"
#include "nodes/registry.hpp"
#include "services/execution_reader.hpp"
#include "services/workflow_service.hpp"
#include "storage/database.hpp"
#include "storage/event_log.hpp"
#include "storage/execution_store.hpp"
#include "storage/idempotency_store.hpp"
#include <atomic>

#include "services/component_service.hpp"
#include "storage/component_store.hpp"
#include "services/tenant_service.hpp"
#include "storage/schedule_store.hpp"
#include "storage/tenant_store.hpp"
#include "http/tenant_routes.hpp"
#include "storage/workflow_store.hpp"
#include "services/scheduler.hpp"
#include "http/schedule_routes.hpp"
#include "tests/storage/storage_test_support.hpp"
#include "tests/support/http_client.hpp"

namespace weft::http {

class node_stack : public ::testing::Test {
 protected:
  void SetUp() override {
    storage::database_options options;
    options.path = dir_.path() + "/db";
    options.sync = storage::sync_mode::none;
    ASSERT_OK(storage::database::open(options, db_));
    store_ = std::make_unique<storage::workflow_store>(*db_);
    log_ = std::make_unique<storage::event_log>(*db_);
    workflows_ = std::make_unique<services::workflow_service>(*store_, nodes::registry::builtin(), core::expr::system_now_ms);
    // Enterprise by default, so that tests of other things are not limited by a plan;
    // tier tests set a tenant's tier (set_tier).
    tenant_store_ = std::make_unique<storage::tenant_store>(*db_);
    tenants_ = std::make_unique<services::tenant_service>(*tenant_store_, *store_, *log_, "enterprise",
                                                          [this] { return core::expr::system_now_ms() + clock_offset_ms_.load(); });
    workflows_->use_policy(tenants_.get());
    summaries_ = std::make_unique<storage::execution_store>(*db_);
    reader_ = std::make_unique<services::execution_reader>(*log_, *summaries_);
    idempotency_ = std::make_unique<storage::idempotency_store>(*db_);
    keys_ = std::make_unique<services::start_keys>(*idempotency_);
    secret_store_ = std::make_unique<storage::secret_store>(*db_);
    secrets_ = std::make_unique<services::secret_service>(*secret_store_, core::expr::system_now_ms);
    records_ = std::make_unique<storage::record_store>(*db_);
    component_store_ = std::make_unique<storage::component_store>(*db_);
    components_ = std::make_unique<services::component_service>(*component_store_);
    workflows_->use_catalogs([this](const std::string& tenant) { return components_->catalog(tenant); });
    auto environment = services::make_step_environment(*secrets_, *records_, *store_, *components_);
    sys_ = std::make_unique<caf::actor_system>(cfg_);
    hub_ = actors::spawn_hub(*sys_);
    writer_ = actors::spawn_log_writer(*sys_, *log_, summaries_.get(), hub_, idempotency_.get(), tenant_store_.get());
    engine_ = actors::spawn_engine(*sys_, *log_, writer_,
                                   {.tenant_concurrency = [this](const std::string& tenant) {
                                      return tenants_->limits(tenant).max_concurrent_executions;
                                    },
                                    .tenant_event_cap = [this](const std::string& tenant) {
                                      return tenants_->limits(tenant).max_events_per_execution;
                                    },
                                    .environment = environment});
    client_engine_ = actors::make_engine_client(*sys_, engine_);
    feed_ = actors::make_event_feed(*sys_, hub_, *log_);
    workflows_->on_change(actors::publish_to(hub_));
    schedule_state_ = std::make_unique<storage::schedule_store>(*db_);
    scheduler_ = std::make_unique<services::scheduler>(
        *store_, *schedule_state_, [this] { return core::expr::system_now_ms() + clock_offset_ms_.load(); },
        scheduled_starter(*workflows_, *client_engine_, [](const services::scheduled_run&, const std::string&) {}));
    workflows_->on_change([this](const core::workflow_change& c) { scheduler_->on_change(c); });
    ASSERT_TRUE(scheduler_->load(why_)) << why_;
    scheduler_->start();
    std::string why;
    auth_ = authenticator::make("node-stack-test-secret-0123", why);
    api_options front_door;
    front_door.rate_limit = [this](const request& req) { return rate_limit(*tenants_, req); };
    api_ = std::make_unique<api>(*auth_, *workflows_, front_door);
    add_execution_routes(api_->tenant_routes(), *workflows_, *reader_, *keys_, *client_engine_);
    add_seed003_routes(api_->tenant_routes(), *workflows_, *reader_, *client_engine_);
    add_execution_stream_route(api_->tenant_routes(), *reader_, feed_);
    add_ws_monitoring_routes(api_->token_routes(), registry_);
    add_component_routes(api_->tenant_routes(), api_->token_routes(), nodes::registry::builtin(), *components_);
    add_seed001_routes(api_->token_routes(), *workflows_, *reader_, *client_engine_);
    add_secret_routes(api_->tenant_routes(), *secrets_);
    add_webhook_routes(api_->public_routes(), *workflows_, *secrets_, *client_engine_);
    add_schedule_routes(api_->tenant_routes(), *scheduler_);
    add_tenant_routes(api_->tenant_routes(), api_->token_routes(), *tenants_);
    server_ = std::make_unique<server>(server_options_, [this](request& req, respond_fn respond) { api_->handle(req, std::move(respond)); });
    server_->on_websocket(make_gateway({&*auth_, {workflows_.get(), reader_.get(), nullptr}, feed_, &registry_,
                                        [this](const std::string& tenant) { return !tenants_->limits(tenant).detailed_live_events; }}));
    ASSERT_TRUE(server_->start(why)) << why;
    http_ = std::make_unique<weft::testing::http_client>(server_->port());
  }

  void TearDown() override {
    scheduler_->stop();
    server_->stop();
    feed_.reset();
    for (auto* a : {&engine_, &writer_, &hub_}) {
      caf::anon_send_exit(*a, caf::exit_reason::user_shutdown);
      *a = nullptr;
    }
    client_engine_.reset();
    sys_.reset();  // drops any response callback still held by an actor, then the server
    server_.reset();
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
  std::unique_ptr<storage::database> db_;
  std::unique_ptr<storage::workflow_store> store_;
  std::unique_ptr<storage::event_log> log_;
  std::unique_ptr<services::workflow_service> workflows_;
  std::unique_ptr<storage::execution_store> summaries_;
  std::unique_ptr<services::execution_reader> reader_;
  std::unique_ptr<storage::idempotency_store> idempotency_;
  std::unique_ptr<services::start_keys> keys_;
  std::unique_ptr<storage::secret_store> secret_store_;
  std::unique_ptr<services::secret_service> secrets_;
  std::unique_ptr<storage::record_store> records_;
  std::unique_ptr<storage::tenant_store> tenant_store_;
  std::unique_ptr<services::tenant_service> tenants_;
  std::unique_ptr<storage::component_store> component_store_;
  std::unique_ptr<services::component_service> components_;
  std::unique_ptr<storage::schedule_store> schedule_state_;
  std::unique_ptr<services::scheduler> scheduler_;
  std::atomic<std::int64_t> clock_offset_ms_{0};  // the scheduler's clock: real time plus this
  std::string why_;
  server_options server_options_ = [] {
    server_options o;
    o.port = 0;  // the OS chooses
    return o;
  }();
  actors::system_config cfg_;
  std::unique_ptr<caf::actor_system> sys_;
  caf::actor hub_, writer_, engine_;
  std::unique_ptr<actors::engine_client> client_engine_;
  std::shared_ptr<actors::event_feed> feed_;
  std::optional<authenticator> auth_;
  ws_registry registry_;
  std::unique_ptr<api> api_;
  std::unique_ptr<server> server_;
  std::unique_ptr<weft::testing::http_client> http_;
};

}  // namespace weft::http
