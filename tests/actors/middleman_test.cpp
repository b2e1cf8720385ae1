// Every message type crosses CAF's middleman between two actor systems on loopback
// unchanged (an unregistered type would arrive empty), so the cluster needs no redesign.
#include <caf/all.hpp>
#include <caf/io/all.hpp>
#include <gtest/gtest.h>

#include "actors/messages.hpp"
#include "actors/system_config.hpp"

namespace weft::actors {
namespace {

// Answers every message with itself.
caf::behavior echo() {
  return {
      [](append_events& m) { return m; },
      [](wire_event& m) { return m; },
      [](start_execution& m) { return m; },
      [](query_execution& m) { return m; },
      [](await_execution& m) { return m; },
      [](cancel_execution& m) { return m; },
      [](step_outcome& m) { return m; },
      [](timer_due& m) { return m; },
      [](signal_execution& m) { return m; },
      [](run_attempt& m) { return m; },
      [](step_attempt& m) { return m; },
      [](attempt_failed& m) { return m; },
      [](schedule_retry& m) { return m; },
      [](execution_at_rest& m) { return m; },
      [](execution_ended& m) { return m; },
      [](passivate& m) { return m; },
      [](hub_subscribe& m) { return m; },
      [](hub_unsubscribe& m) { return m; },
      [](core::workflow_change& m) { return m; },
  };
}

// Sends `msg` to `remote` and checks the echo with `same`.
template <class T, class Check>
void round_trip(caf::scoped_actor& self, const caf::actor& remote, const T& msg, Check same) {
  bool answered = false;
  self->request(remote, std::chrono::seconds(10), msg)
      .receive(
          [&](T& back) {
            answered = true;
            same(back);
          },
          [&](caf::error& err) { ADD_FAILURE() << self->system().render(err); });
  EXPECT_TRUE(answered);
}

TEST(middleman, every_message_type_crosses_between_nodes_unchanged) {
  system_config server_cfg;
  caf::actor_system server{server_cfg};
  auto echo_actor = server.spawn(echo);
  auto port = server.middleman().publish(echo_actor, 0, "127.0.0.1");
  ASSERT_TRUE(port) << server.render(port.error());

  system_config client_cfg;
  caf::actor_system client{client_cfg};
  auto remote = client.middleman().remote_actor("127.0.0.1", *port);
  ASSERT_TRUE(remote) << client.render(remote.error());
  caf::scoped_actor self{client};

  core::event e;
  e.seq = 7;
  e.type = core::event_type::step_completed;
  e.at_ms = 1'795'000'000'000;
  e.step_id = "enrich_data";
  e.attempt = 2;
  e.data = {{"output", {{"company_size", "101-250"}, {"ok", true}}}, {"duration_ms", 1250}};
  const wire_event w = to_wire(e);
  const append_events batch{"acme", "e-1", {w, to_wire(core::event{8, core::event_type::log, 9, "", 0, {{"m", "x"}}})}, R"({"status":"running"})", "wf-1", ""};

  self->request(*remote, std::chrono::seconds(10), w)
      .receive(
          [&](wire_event& back) {
            core::event decoded;
            ASSERT_TRUE(from_wire(back, decoded));
            EXPECT_EQ(decoded.seq, 7u);
            EXPECT_EQ(decoded.step_id, "enrich_data");
            EXPECT_EQ(decoded.attempt, 2u);
            EXPECT_EQ(decoded.data, e.data);
          },
          [&](caf::error& err) { FAIL() << client.render(err); });

  self->request(*remote, std::chrono::seconds(10), batch)
      .receive(
          [&](append_events& back) {
            EXPECT_EQ(back.tenant, "acme");
            EXPECT_EQ(back.execution_id, "e-1");
            ASSERT_EQ(back.events.size(), 2u);
            EXPECT_EQ(back.events[0].data.get(), w.data.get());
            EXPECT_EQ(back.events[1].seq, 8u);
            EXPECT_EQ(back.summary, R"({"status":"running"})");
          },
          [&](caf::error& err) { FAIL() << client.render(err); });
  round_trip(self, *remote, start_execution{"acme", "e-1", "wf-1", 3, R"({"steps":[]})", R"({"n":1})", R"({"depth":1})", 7},
             [](start_execution& m) {
               EXPECT_EQ(m.execution_id, "e-1");
               EXPECT_EQ(m.workflow_version, 3u);
               EXPECT_EQ(m.input, R"({"n":1})");
               EXPECT_EQ(m.parent, R"({"depth":1})");
               EXPECT_EQ(m.priority, 7);
             });
  round_trip(self, *remote, query_execution{"acme", "e-1"}, [](query_execution& m) { EXPECT_EQ(m.tenant, "acme"); });
  round_trip(self, *remote, await_execution{"acme", "e-1", 250}, [](await_execution& m) { EXPECT_EQ(m.timeout_ms, 250u); });
  round_trip(self, *remote, cancel_execution{"acme", "e-1", "why"}, [](cancel_execution& m) { EXPECT_EQ(m.reason, "why"); });
  round_trip(self, *remote,
             step_outcome{"s1", 2, true, shared_json{{{"n", 2}}}, {"out", "case_1"}, {},
                          shared_json{nlohmann::json::array({{{"level", "info"}, {"message", "hi"}}})}, 17},
             [](step_outcome& m) {
               EXPECT_EQ(m.attempt, 2u);
               EXPECT_TRUE(m.ok);
               EXPECT_EQ(m.output.get(), (nlohmann::json{{"n", 2}}));
               EXPECT_TRUE(m.error.get().is_null());
               EXPECT_EQ(m.logs.get()[0]["message"], "hi");
               EXPECT_EQ(m.handles, (std::vector<std::string>{"out", "case_1"}));
               EXPECT_EQ(m.duration_ms, 17);
             });
  round_trip(self, *remote, signal_execution{"acme", "e-1", "approve", R"({"ok":true})"},
             [](signal_execution& m) { EXPECT_EQ(m.payload, R"({"ok":true})"); });
  round_trip(self, *remote, timer_due{timer_due::delay_fired, "wait", 1}, [](timer_due& m) {
    EXPECT_EQ(m.kind, timer_due::delay_fired);
    EXPECT_EQ(m.step_id, "wait");
  });
  round_trip(self, *remote, run_attempt{"fetch", 2, shared_json{{{"input", {{"n", 1}}}}}, 1'795'000'000'000},
             [&](run_attempt& m) {
               EXPECT_EQ(m.step_id, "fetch");
               EXPECT_EQ(m.attempt, 2u);
               EXPECT_EQ(m.context.get(), (nlohmann::json{{"input", {{"n", 1}}}}));
               EXPECT_EQ(m.now_ms, 1'795'000'000'000);
             });
  round_trip(self, *remote,
             step_attempt{"acme", "ex_1", std::string(64, 'f'), "fetch", 3, "ex_1:fetch", 1'795'000'000'000,
                          1'795'000'030'000, shared_json{{{"input", {{"n", 1}}}}}, R"({"type":"score"})"},
             [&](step_attempt& m) {
               EXPECT_EQ(m.tenant, "acme");
               EXPECT_EQ(m.execution_id, "ex_1");
               EXPECT_EQ(m.plan, std::string(64, 'f'));
               EXPECT_EQ(m.step_id, "fetch");
               EXPECT_EQ(m.attempt, 3u);
               EXPECT_EQ(m.idempotency_key, "ex_1:fetch");
               EXPECT_EQ(m.now_ms, 1'795'000'000'000);
               EXPECT_EQ(m.deadline_ms, 1'795'000'030'000);
               EXPECT_EQ(m.context.get(), (nlohmann::json{{"input", {{"n", 1}}}}));
               EXPECT_EQ(m.component, R"({"type":"score"})");
             });
  round_trip(self, *remote, attempt_failed{"fetch", 2, R"({"code":"http_5xx"})", 31, true, 1'000},
             [](attempt_failed& m) {
               EXPECT_EQ(m.error, R"({"code":"http_5xx"})");
               EXPECT_EQ(m.duration_ms, 31);
               EXPECT_TRUE(m.will_retry);
               EXPECT_EQ(m.retry_in_ms, 1'000);
             });
  round_trip(self, *remote, schedule_retry{"fetch", 3, 1'795'000'002'000}, [](schedule_retry& m) {
    EXPECT_EQ(m.step_id, "fetch");
    EXPECT_EQ(m.attempt, 3u);
    EXPECT_EQ(m.due_at_ms, 1'795'000'002'000);
  });
  round_trip(self, *remote, execution_at_rest{"acme", "e-1", 1'795'000'003'000, 9}, [](execution_at_rest& m) {
    EXPECT_EQ(m.execution_id, "e-1");
    EXPECT_EQ(m.wake_at_ms, 1'795'000'003'000);
    EXPECT_EQ(m.last_seq, 9u);
  });
  round_trip(self, *remote, execution_ended{"acme", "e-1", R"({"status":"completed"})"}, [](execution_ended& m) {
    EXPECT_EQ(m.execution_id, "e-1");
    EXPECT_EQ(m.state, R"({"status":"completed"})");
  });
  round_trip(self, *remote, passivate{9}, [](passivate& m) { EXPECT_EQ(m.last_seq, 9u); });
  round_trip(self, *remote, hub_subscribe{"acme", "workflow:wf-1"}, [](hub_subscribe& m) {
    EXPECT_EQ(m.tenant, "acme");
    EXPECT_EQ(m.topic, "workflow:wf-1");
  });
  round_trip(self, *remote, hub_unsubscribe{"acme", "execution:e-1"}, [](hub_unsubscribe& m) { EXPECT_EQ(m.topic, "execution:e-1"); });
  round_trip(self, *remote,
             core::workflow_change{"acme", "wf-1", "flow", 3, "published", "draft", "active", "ana", 1700000000000, 4},
             [](core::workflow_change& m) {
               EXPECT_EQ(m.workflow_id, "wf-1");
               EXPECT_EQ(m.version, 3u);
               EXPECT_EQ(m.previous_status, "draft");
               EXPECT_EQ(m.status, "active");
               EXPECT_EQ(m.updated_at, 1700000000000);
               EXPECT_EQ(m.revision, 4u);
             });
  // Actor systems wait for their actors on destruction: end the published one.
  caf::anon_send_exit(echo_actor, caf::exit_reason::user_shutdown);
}

}  // namespace
}  // namespace weft::actors
